/**
 * Ingest stage (pure): JSON Feed 1.0 / 1.1 (jsonfeed.org/version/1.1) into the JSON-Feed-shaped value. Fields of
 * the wrong type are ignored, not trusted; item `url`s are resolved against the feed URL (the spec wants absolute
 * URLs, feeds do not always comply).
 */
import { IngestError } from './errors';
import { MAX_FEED_ITEMS, type JsonFeed, type JsonFeedItem } from './types';
import { resolveAgainst } from './xml';

type Obj = Record<string, unknown>;
const isObj = (v: unknown): v is Obj => v !== null && typeof v === 'object' && !Array.isArray(v);
const str = (o: Obj, k: string): string | undefined => (typeof o[k] === 'string' && (o[k] as string).trim() ? (o[k] as string).trim() : undefined);

/** The JSON Feed version a parsed value declares ('1.0' / '1.1'), or null when it is not a JSON Feed. */
export function jsonFeedVersion(value: unknown): '1.0' | '1.1' | null {
  if (!isObj(value) || typeof value.version !== 'string') return null;
  const m = /^https?:\/\/jsonfeed\.org\/version\/(1(?:\.1)?)\/?$/.exec(value.version.trim());
  if (!m) return null;
  return m[1] === '1' ? '1.0' : '1.1';
}

// 1.1 `authors: [{name}]`, 1.0 `author: {name}`.
function authorsOf(o: Obj): string[] {
  const list = Array.isArray(o.authors) ? o.authors : isObj(o.author) ? [o.author] : [];
  return list.filter(isObj).map((a) => str(a, 'name')).filter((n): n is string => n !== undefined);
}

function readItem(o: Obj, feedUrl: string): JsonFeedItem | null {
  const rawId = o.id;
  const id = typeof rawId === 'string' ? rawId.trim() : typeof rawId === 'number' ? String(rawId) : '';
  const item: JsonFeedItem = { id, authors: authorsOf(o) };
  for (const k of ['title', 'content_html', 'content_text', 'summary', 'date_published', 'date_modified', 'language'] as const) {
    const v = str(o, k);
    if (v !== undefined) item[k] = v;
  }
  for (const k of ['url', 'external_url'] as const) {
    const v = str(o, k);
    if (v !== undefined) item[k] = resolveAgainst(v, feedUrl);
  }
  return item;
}

/** Read a JSON Feed already parsed from JSON. Throws `not_a_feed` when it does not declare a JSON Feed version. */
export function parseJsonFeed(value: unknown, feedUrl: string): JsonFeed {
  const version = jsonFeedVersion(value);
  if (!version || !isObj(value)) {
    throw new IngestError('not_a_feed', 'the body is JSON but not a JSON Feed (no "version": "https://jsonfeed.org/version/1.1")');
  }
  const items = Array.isArray(value.items) ? value.items : [];
  const feed: JsonFeed = {
    format: 'json',
    version,
    authors: authorsOf(value),
    items: items
      .slice(0, MAX_FEED_ITEMS)
      .filter(isObj)
      .map((o) => readItem(o, feedUrl))
      .filter((i): i is JsonFeedItem => i !== null),
  };
  const title = str(value, 'title');
  if (title) feed.title = title;
  const home = str(value, 'home_page_url');
  if (home) feed.home_page_url = resolveAgainst(home, feedUrl);
  const language = str(value, 'language');
  if (language) feed.language = language;
  return feed;
}
