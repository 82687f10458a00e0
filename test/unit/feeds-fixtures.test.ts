/**
 * Golden pairs: each feed in test/fixtures/feeds → `<case>.expected.json` holding the wire-format value the parser
 * read and the `ArticleInput`s the adapter made (or, for refused bodies, the error code and message).
 * Regenerate after a deliberate change with `UPDATE_GOLDEN=1 npx vitest run --project unit feeds-fixtures`, then
 * read the diff.
 */
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { detectAndParseFeed } from '../../src/ingest/feeds/detect';
import { IngestError } from '../../src/ingest/feeds/errors';
import { feedToArticles } from '../../src/ingest/feeds/feed-to-articles';

const DIR = join(__dirname, '../fixtures/feeds');
const FEED_URL = 'https://news.example/feeds/main.xml';

interface Case {
  file: string;
  /** What the case checks (real-world oddities as RW-nn). */
  name: string;
  contentType?: string;
  /** For refused bodies: the expected error code. */
  refused?: string;
}

const CASES: Case[] = [
  { file: 'rss-091-netscape.xml', name: 'RSS 0.91 with the Netscape DOCTYPE (external DTD never fetched; &eacute; decoded)' },
  { file: 'rss-092.xml', name: 'RSS 0.92: escaped HTML description with &amp;ndash;, enclosure ignored' },
  { file: 'rss-20-wordpress.xml', name: 'RW-11: WordPress — content:encoded preferred, sharedaddy/related/pixel and "The post … appeared first on" dropped' },
  { file: 'rss-20-entities-in-titles.xml', name: 'RW-07: HTML entities in RSS titles — double-escaped &amp;#8217;, escaped <b>, bare HTML names' },
  { file: 'rss-20-relative-links.xml', name: 'RW-03: relative item links resolved against xml:base (channel and item) and trimmed' },
  { file: 'rss-20-odd-dates.xml', name: 'RW-05: odd dates — EST/PDT/CEST, +0000, no seconds, 2-digit year, no zone, ISO, dc:date, missing, impossible' },
  { file: 'rss-20-guid-permalink.xml', name: 'RW-09: permalink guid as URL; non-URL guid, mailto and duplicate items left out; untitled item titled from text' },
  { file: 'rss-20-html-heavy.xml', name: 'HTML-heavy item: scripts, styles, iframe, tweet script, share/newsletter/related widgets, tracking pixels, feedflare' },
  { file: 'rss-20-undeclared-prefix.xml', name: 'RW-12: dc:/content: prefixes used without xmlns declarations; item outside <channel>' },
  { file: 'rss-20-sloppy-markup.xml', name: 'RW-14: not-well-formed RSS — bare &, raw <br> and stray </p> in description, junk after the root' },
  { file: 'rss-20-ttl-summaries.xml', name: 'RSS 2.0 with <ttl> and summary-only items' },
  { file: 'rss-20-windows-1252.xml', name: 'windows-1252 bytes declared in the XML prolog (smart quotes, euro, en dash)' },
  { file: 'rss-20-iso-8859-1.xml', name: 'ISO-8859-1 bytes declared in the XML prolog' },
  { file: 'rss-20-header-charset.xml', name: 'ISO-8859-1 bytes, encoding only in the HTTP Content-Type', contentType: 'application/rss+xml; charset=ISO-8859-1' },
  { file: 'rss-20-header-latin1-body-utf8.xml', name: 'RW-15: server says charset=ISO-8859-1, prolog and bytes are UTF-8 → read as UTF-8', contentType: 'text/xml; charset=ISO-8859-1' },
  { file: 'rss-20-utf8-bom.xml', name: 'UTF-8 with a byte-order mark (CJK text)' },
  { file: 'rss-20-utf16-bom.xml', name: 'UTF-16LE with a byte-order mark' },
  { file: 'rdf-10.xml', name: 'RSS 1.0 (RDF): default RSS 1.0 namespace, dc:date, content:encoded, item link from rdf:about' },
  { file: 'rdf-090.xml', name: 'RSS 0.90 (Netscape RDF namespace)' },
  { file: 'atom-10.xml', name: 'Atom 1.0: html content over text summary, alternate link, author, published' },
  { file: 'atom-10-xhtml-xmlbase.xml', name: 'Atom 1.0: xhtml title/content, nested xml:base, xml:lang per entry' },
  { file: 'atom-10-text-types.xml', name: 'Atom 1.0 with atom: prefix: html title with entities, text content kept literal, id as URL; non-URL entry left out' },
  { file: 'atom-03.xml', name: 'Atom 0.3: mode="escaped", issued/modified' },
  { file: 'jsonfeed-10.json', name: 'JSON Feed 1.0: author object, numeric id, date_modified only, non-object item, item without URL' },
  { file: 'jsonfeed-11.json', name: 'JSON Feed 1.1: authors, language, untitled microblog post, relative url, external_url' },
  { file: 'hostile-billion-laughs.xml', name: 'billion laughs: refused at the DOCTYPE, nothing expanded', refused: 'entity_declaration' },
  { file: 'hostile-xxe.xml', name: 'external entity (XXE) to file:///etc/passwd: refused', refused: 'entity_declaration' },
  { file: 'hostile-parameter-entity.xml', name: 'parameter entity pulling a remote DTD: refused', refused: 'entity_declaration' },
  { file: 'hostile-html-page.html', name: 'an HTML page instead of a feed: refused, naming the feed it links to', refused: 'not_a_feed', contentType: 'text/html; charset=utf-8' },
  { file: 'hostile-json-not-a-feed.json', name: 'JSON that is not a JSON Feed', refused: 'not_a_feed' },
  { file: 'hostile-other-xml.xml', name: 'RW-16: a sitemap given as the feed URL', refused: 'not_a_feed' },
  { file: 'hostile-plain-text.xml', name: 'a plain-text error page', refused: 'not_a_feed' },
  { file: 'hostile-binary-garbage.bin', name: 'binary garbage', refused: 'binary' },
  { file: 'hostile-gzip-body.bin', name: 'gzip bytes without Content-Encoding', refused: 'binary' },
  { file: 'hostile-invalid-utf8.xml', name: 'invalid UTF-8 in a UTF-8 feed', refused: 'bad_encoding' },
  { file: 'hostile-unknown-encoding.xml', name: 'an encoding TextDecoder does not know', refused: 'bad_encoding' },
  { file: 'hostile-deep-nesting.xml', name: 'nesting beyond the depth bound', refused: 'too_complex' },
];

const SOURCE = { name: 'Fixture Outlet', feed: FEED_URL };

function run(c: Case): unknown {
  const body = new Uint8Array(readFileSync(join(DIR, c.file)));
  try {
    const feed = detectAndParseFeed(body, c.contentType ?? null, FEED_URL);
    return { feed, articles: feedToArticles(feed, SOURCE) };
  } catch (e) {
    if (!(e instanceof IngestError)) throw e;
    return { error: { code: e.code, message: e.message } };
  }
}

describe('feed fixtures → golden files', () => {
  it('has 25+ cases, each with a fixture on disk', () => {
    expect(CASES.length).toBeGreaterThanOrEqual(25);
    for (const c of CASES) expect(existsSync(join(DIR, c.file)), c.file).toBe(true);
  });

  it.each(CASES)('$file — $name', (c) => {
    const actual = run(c);
    const goldenPath = join(DIR, `${c.file.replace(/\.[a-z]+$/, '')}.expected.json`);
    if (process.env.UPDATE_GOLDEN) writeFileSync(goldenPath, `${JSON.stringify(actual, null, 2)}\n`);
    const expected = JSON.parse(readFileSync(goldenPath, 'utf8'));
    expect(actual).toEqual(expected);
    if (c.refused) expect((actual as { error?: { code: string } }).error?.code).toBe(c.refused);
    else expect((actual as { articles: unknown[] }).articles.length).toBeGreaterThan(0);
  });
});
