/**
 * Ingest stage: the wire-format values the feed parsers produce — RSS-shaped, Atom-shaped and JSON-Feed-shaped, each
 * close to its own spec (miniflux's "wire format → adapter → model") — before `feedToArticles` makes `ArticleInput`s.
 * Links are already resolved to absolute URLs (against `xml:base` and the feed URL); dates and text are as written
 * (entities decoded), so the golden files show exactly what the feed said.
 */

/** RSS 0.9x / 2.0 (`format: 'rss'`) and RSS 1.0 / 0.90 RDF (`format: 'rdf'`): the same item shape. */
export interface RssFeed {
  format: 'rss' | 'rdf';
  /** `0.91`, `0.92`, `2.0` (the `version` attribute), or `1.0` / `0.90` for RDF. */
  version: string;
  title?: string;
  /** Channel `<link>`: the site's home page. */
  link?: string;
  language?: string;
  /** Channel `<ttl>` (RSS 2.0): minutes the feed may be cached. */
  ttl?: number;
  items: RssItem[];
}

export interface RssItem {
  title?: string;
  link?: string;
  guid?: string;
  /** RSS 2.0 `guid isPermaLink` (default true). */
  guid_is_permalink?: boolean;
  /** HTML (RSS 2.0 `description` is entity-encoded HTML). */
  description?: string;
  /** `content:encoded`: the full HTML body. */
  content_encoded?: string;
  pub_date?: string;
  /** `dc:date` (RSS 1.0 and many 2.0 feeds). */
  dc_date?: string;
  author?: string;
  dc_creator?: string;
  dc_language?: string;
}

/** An Atom text construct (RFC 4287 §3.1); for `xhtml`, `value` is the markup inside the wrapping `<div>`. */
export interface AtomText {
  type: 'text' | 'html' | 'xhtml';
  value: string;
}

export interface AtomLink {
  /** Absolute (resolved against `xml:base` and the feed URL). */
  href: string;
  /** Defaults to `alternate` (RFC 4287 §4.2.7.2). */
  rel: string;
  type?: string;
}

export interface AtomEntry {
  id?: string;
  title?: AtomText;
  links: AtomLink[];
  content?: AtomText;
  summary?: AtomText;
  published?: string;
  updated?: string;
  authors: string[];
  /** Effective `xml:lang`. */
  lang?: string;
}

/** Atom 1.0 (RFC 4287), and the older Atom 0.3 mapped onto the same shape. */
export interface AtomFeed {
  format: 'atom';
  version: '1.0' | '0.3';
  title?: AtomText;
  links: AtomLink[];
  lang?: string;
  authors: string[];
  entries: AtomEntry[];
}

export interface JsonFeedItem {
  id: string;
  url?: string;
  external_url?: string;
  title?: string;
  content_html?: string;
  content_text?: string;
  summary?: string;
  date_published?: string;
  date_modified?: string;
  /** Names from `authors` (1.1) or `author` (1.0). */
  authors: string[];
  language?: string;
}

/** JSON Feed 1.0 / 1.1 (jsonfeed.org). */
export interface JsonFeed {
  format: 'json';
  version: '1.0' | '1.1';
  title?: string;
  home_page_url?: string;
  language?: string;
  authors: string[];
  items: JsonFeedItem[];
}

/** What `detectAndParseFeed` returns: one of the wire formats. */
export type ParsedFeed = RssFeed | AtomFeed | JsonFeed;

/** At most this many items are read from one feed (the first ones, which feeds put newest first). */
export const MAX_FEED_ITEMS = 500;
