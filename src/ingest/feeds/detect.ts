/**
 * Ingest stage (pure): the feed dispatcher. Decodes the body, detects the format from the content (never from the
 * URL or the Content-Type, which servers get wrong), and hands it to the matching wire-format parser. When nothing
 * matches it says what the body is instead — an HTML page (naming the feed it links to, if any), other XML, JSON
 * that is not a JSON Feed, or text.
 */
import { decodeBody } from './decode';
import { IngestError } from './errors';
import { parseAtom } from './parse-atom';
import { parseJsonFeed } from './parse-json-feed';
import { parseRdf, parseRss } from './parse-rss';
import type { ParsedFeed } from './types';
import { NS, parseXml } from './xml';

/** The feed an HTML page announces with `<link rel="alternate" type="application/rss+xml" href>`, resolved. */
export function discoverFeedLink(html: string, pageUrl: string): string | undefined {
  const head = html.slice(0, 200_000);
  for (const m of head.matchAll(/<link\b[^>]{0,500}>/gi)) {
    const tag = m[0];
    if (!/rel\s*=\s*["']?alternate/i.test(tag)) continue;
    if (!/type\s*=\s*["']?application\/(?:rss|atom|feed)\+(?:xml|json)/i.test(tag)) continue;
    const href = /href\s*=\s*(?:"([^"]*)"|'([^']*)'|([^\s>]+))/i.exec(tag);
    const ref = href ? (href[1] ?? href[2] ?? href[3]) : '';
    try {
      if (ref) return new URL(ref, pageUrl).href;
    } catch {
      // an unusable href: keep looking
    }
  }
  return undefined;
}

function notAFeedHtml(text: string, feedUrl: string): IngestError {
  const link = discoverFeedLink(text, feedUrl);
  return new IngestError(
    'not_a_feed',
    `the body is an HTML page, not a feed${link ? ` (the page links to a feed at ${link}: use that as "feed")` : ''}`,
  );
}

// After optional XML declaration, comments, PIs and DOCTYPE: is the first element <html>?
const HTML_START = /^(?:\s|<\?[\s\S]*?\?>|<!--[\s\S]*?-->)*(?:<!doctype\s+html[\s>]|<html[\s>])/i;

/**
 * Decode, detect and parse a feed body. `contentType` only supplies the charset; `feedUrl` is the base for relative
 * links. Throws `IngestError` (`not_a_feed`, `malformed`, `entity_declaration`, `bad_encoding`, `binary`, `too_complex`).
 */
export function detectAndParseFeed(body: Uint8Array | string, contentType: string | null, feedUrl: string): ParsedFeed {
  const text = decodeBody(body, contentType);
  const start = text.search(/\S/);
  const first = start < 0 ? '' : text[start];
  if (first === '') throw new IngestError('not_a_feed', 'the body is empty');
  if (first === '{' || first === '[') {
    let value: unknown;
    try {
      value = JSON.parse(text);
    } catch (e) {
      throw new IngestError('malformed', `the body looks like JSON but does not parse: ${(e as Error).message.slice(0, 120)}`);
    }
    return parseJsonFeed(value, feedUrl);
  }
  if (first !== '<') {
    const preview = text.slice(start, start + 40).replace(/\s+/g, ' ');
    throw new IngestError('not_a_feed', `the body is neither XML nor JSON (it starts "${preview}")`);
  }
  if (HTML_START.test(text.slice(0, 4096))) throw notAFeedHtml(text, feedUrl);
  const root = parseXml(text, feedUrl);
  const local = root.local.toLowerCase();
  if (local === 'rss') return parseRss(root, text);
  if (root.local === 'RDF' && (root.ns === NS.rdf || root.name.startsWith('rdf:'))) return parseRdf(root, text);
  if (root.local === 'feed' && (root.ns === NS.atom || root.ns === NS.atom03 || root.ns === '')) return parseAtom(root, text);
  if (local === 'html') throw notAFeedHtml(text, feedUrl);
  throw new IngestError('not_a_feed', `the body is XML with root element <${root.name}>, not RSS, RDF or Atom`);
}
