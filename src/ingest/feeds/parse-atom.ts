/**
 * Ingest stage (pure): Atom 1.0 (RFC 4287) — and the older Atom 0.3 mapped onto the same shape — from a parsed XML
 * tree into the Atom-shaped value. Text constructs keep their type (§3.1): `html` is escaped markup, `xhtml` the
 * markup inside the wrapping `<div>`; links are resolved against `xml:base` (§2, RFC 3986 §5.1).
 */
import { MAX_FEED_ITEMS, type AtomEntry, type AtomFeed, type AtomLink, type AtomText } from './types';
import { NS, childNamed, childrenNamed, resolveAgainst, textOf, type XmlElement } from './xml';

/** A text construct, or undefined when absent, empty, or of a media type that is not text. */
function readText(el: XmlElement | undefined, source: string): AtomText | undefined {
  if (!el || el.attrs.src) return undefined;
  const raw = (el.attrs.type ?? 'text').trim().toLowerCase();
  // Atom 0.3 `mode="escaped"` and MIME types (RFC 4287 §4.1.3.1 allows them in content).
  const type: AtomText['type'] | null =
    raw === 'xhtml' || raw === 'application/xhtml+xml'
      ? 'xhtml'
      : raw === 'html' || raw === 'text/html' || el.attrs.mode === 'escaped'
        ? 'html'
        : raw === 'text' || raw === 'text/plain'
          ? 'text'
          : null;
  if (!type) return undefined;
  let value: string;
  if (type === 'xhtml') {
    const div = el.children.find((c): c is XmlElement => typeof c !== 'string');
    value = (div && div.local === 'div' ? source.slice(div.innerStart, div.innerEnd) : source.slice(el.innerStart, el.innerEnd)).trim();
  } else value = textOf(el).trim();
  return value ? { type, value } : undefined;
}

function readLinks(parent: XmlElement, ns: string): AtomLink[] {
  const out: AtomLink[] = [];
  for (const l of childrenNamed(parent, 'link', ns)) {
    const href = resolveAgainst(l.attrs.href, l.base);
    if (!href) continue;
    const link: AtomLink = { href, rel: (l.attrs.rel ?? 'alternate').trim() || 'alternate' };
    if (l.attrs.type) link.type = l.attrs.type.trim();
    out.push(link);
  }
  return out;
}

function readAuthors(parent: XmlElement, ns: string): string[] {
  return childrenNamed(parent, 'author', ns)
    .map((a) => (childNamed(a, 'name', ns) ? textOf(childNamed(a, 'name', ns)!) : textOf(a)).trim())
    .filter((s) => s !== '');
}

function readEntry(entry: XmlElement, ns: string, source: string): AtomEntry {
  const text = (local: string) => {
    const el = childNamed(entry, local, ns);
    const t = el ? textOf(el).trim() : '';
    return t || undefined;
  };
  const out: AtomEntry = { links: readLinks(entry, ns), authors: readAuthors(entry, ns) };
  const set = <K extends keyof AtomEntry>(k: K, v: AtomEntry[K] | undefined) => {
    if (v !== undefined) out[k] = v;
  };
  set('id', text('id'));
  set('title', readText(childNamed(entry, 'title', ns), source));
  set('content', readText(childNamed(entry, 'content', ns), source));
  set('summary', readText(childNamed(entry, 'summary', ns), source));
  set('published', text('published') ?? text('issued') ?? text('created'));
  set('updated', text('updated') ?? text('modified'));
  set('lang', entry.lang);
  return out;
}

/** Read a `<feed>` document. `source` is the decoded text the tree came from (for `xhtml` content). */
export function parseAtom(root: XmlElement, source: string): AtomFeed {
  const ns = root.ns;
  const feed: AtomFeed = {
    format: 'atom',
    version: ns === NS.atom03 ? '0.3' : '1.0',
    links: readLinks(root, ns),
    authors: readAuthors(root, ns),
    entries: childrenNamed(root, 'entry', ns).slice(0, MAX_FEED_ITEMS).map((e) => readEntry(e, ns, source)),
  };
  const title = readText(childNamed(root, 'title', ns), source);
  if (title) feed.title = title;
  if (root.lang) feed.lang = root.lang;
  return feed;
}
