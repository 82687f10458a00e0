/**
 * Ingest stage (pure): RSS 0.91 / 0.92 / 2.0 (RSS 2.0 profile, rssboard.org) and RSS 1.0 / 0.90 RDF (web.resource.org/
 * rss/1.0) from a parsed XML tree into the RSS-shaped value. Elements are matched by local name and namespace, with
 * the customary prefixes accepted even when a feed forgot to declare them (`dc:creator` without `xmlns:dc`).
 */
import { MAX_FEED_ITEMS, type RssFeed, type RssItem } from './types';
import { NS, childNamed, childrenNamed, resolveAgainst, textOf, type XmlElement } from './xml';

/** True when `el` is in namespace `ns` or written with the customary `prefix:` (undeclared prefixes). */
function inNs(el: XmlElement, ns: string, prefix: string): boolean {
  return el.ns === ns || el.name.startsWith(`${prefix}:`);
}

/** Text of the first child with this local name whose namespace passes `accept`; trimmed, undefined when empty. */
function field(parent: XmlElement, local: string, accept: (el: XmlElement) => boolean): string | undefined {
  for (const c of parent.children) {
    if (typeof c !== 'string' && c.local === local && accept(c)) {
      const t = textOf(c).trim();
      if (t) return t;
    }
  }
  return undefined;
}

/**
 * An HTML field (`description`, `content:encoded`): usually escaped or CDATA text, but sloppy feeds put raw markup
 * in it (RW-14), which the XML reader sees as child elements — then the element's inner source is the HTML.
 */
function htmlField(parent: XmlElement, local: string, accept: (el: XmlElement) => boolean, source: string): string | undefined {
  for (const c of parent.children) {
    if (typeof c !== 'string' && c.local === local && accept(c)) {
      const raw = c.children.some((k) => typeof k !== 'string');
      const t = (raw ? source.slice(c.innerStart, c.innerEnd) : textOf(c)).trim();
      if (t) return t;
    }
  }
  return undefined;
}

// RSS core elements have no namespace in 0.9x/2.0 and the RSS 1.0 (or 0.90) namespace in RDF.
const core = (el: XmlElement) => el.ns === '' || el.ns === NS.rss1 || el.ns === NS.rss090;
const dc = (el: XmlElement) => inNs(el, NS.dc, 'dc');
const content = (el: XmlElement) => inNs(el, NS.content, 'content');

function readItem(item: XmlElement, source: string): RssItem {
  const out: RssItem = {};
  const set = <K extends keyof RssItem>(k: K, v: RssItem[K] | undefined) => {
    if (v !== undefined) out[k] = v;
  };
  set('title', field(item, 'title', core));
  const link = field(item, 'link', core) ?? item.attrs['rdf:about'];
  if (link) out.link = resolveAgainst(link, item.base);
  const guidEl = childrenNamed(item, 'guid').find(core);
  const guid = guidEl ? textOf(guidEl).trim() : '';
  if (guid) {
    out.guid = guid;
    out.guid_is_permalink = (guidEl!.attrs.isPermaLink ?? 'true').trim().toLowerCase() !== 'false';
  }
  set('description', htmlField(item, 'description', core, source));
  set('content_encoded', htmlField(item, 'encoded', content, source));
  set('pub_date', field(item, 'pubDate', core));
  set('dc_date', field(item, 'date', dc));
  set('author', field(item, 'author', core));
  set('dc_creator', field(item, 'creator', dc));
  set('dc_language', field(item, 'language', dc));
  return out;
}

function readChannelInto(feed: RssFeed, channel: XmlElement): void {
  const title = field(channel, 'title', core);
  if (title) feed.title = title;
  const link = field(channel, 'link', core);
  if (link) feed.link = resolveAgainst(link, channel.base);
  const language = field(channel, 'language', core) ?? field(channel, 'language', dc);
  if (language) feed.language = language;
  const ttl = Number(field(channel, 'ttl', core));
  if (Number.isInteger(ttl) && ttl > 0) feed.ttl = ttl;
}

/**
 * Read an `<rss>` document (0.91, 0.92, 2.0). Items directly under `<rss>` (a common slip) are read too.
 * `source` is the decoded text the tree came from (for raw markup in HTML fields).
 */
export function parseRss(root: XmlElement, source: string): RssFeed {
  const feed: RssFeed = { format: 'rss', version: (root.attrs.version ?? '').trim() || '2.0', items: [] };
  const channel = childNamed(root, 'channel');
  if (channel) readChannelInto(feed, channel);
  const items = [...(channel ? childrenNamed(channel, 'item') : []), ...childrenNamed(root, 'item')];
  feed.items = items.slice(0, MAX_FEED_ITEMS).map((i) => readItem(i, source));
  return feed;
}

/** Read an `<rdf:RDF>` document: RSS 1.0, or Netscape's RSS 0.90. Items are siblings of the channel. */
export function parseRdf(root: XmlElement, source: string): RssFeed {
  const channel = childNamed(root, 'channel');
  const version = channel?.ns === NS.rss090 || childNamed(root, 'item', NS.rss090) ? '0.90' : '1.0';
  const feed: RssFeed = { format: 'rdf', version, items: [] };
  if (channel) readChannelInto(feed, channel);
  feed.items = childrenNamed(root, 'item').filter(core).slice(0, MAX_FEED_ITEMS).map((i) => readItem(i, source));
  return feed;
}
