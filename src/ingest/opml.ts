/**
 * Ingest stage (pure): turns an OPML subscription list (OPML 2.0 §"subscription lists", as feed readers export it)
 * into the `SOURCES` array: every `<outline>` with an `xmlUrl`, however deeply nested in folders, becomes
 * `{ name, feed, source_url? }`. Names come from `title`, then `text`, then the feed's host; repeats of a feed URL
 * are dropped. The result is checked by `parseSourcesConfig`, so it is exactly what the Worker accepts.
 */
import { IngestError } from './feeds/errors';
import { childrenNamed, parseXml, type XmlElement } from './feeds/xml';
import { parseSourcesConfig, type SourceConfig } from './parse-sources';

/** An attribute by name, ignoring case (exporters write `xmlUrl`, `xmlurl`, `XMLURL`). */
function attr(el: XmlElement, name: string): string | undefined {
  const lower = name.toLowerCase();
  for (const k in el.attrs) if (k.toLowerCase() === lower) return el.attrs[k].trim() || undefined;
  return undefined;
}

function isHttp(value: string | undefined): value is string {
  try {
    return !!value && /^https?:$/.test(new URL(value).protocol);
  } catch {
    return false;
  }
}

/**
 * Read an OPML document into sources. `errors` lists each outline left out and why, and any problem
 * `parseSourcesConfig` finds; an unreadable document gives one error and no sources.
 */
export function opmlToSources(opml: string): { sources: SourceConfig[]; errors: string[] } {
  let root: XmlElement;
  try {
    root = parseXml(opml, 'https://opml.invalid/');
  } catch (e) {
    return { sources: [], errors: [`the OPML file cannot be read: ${e instanceof IngestError ? e.message : String(e)}`] };
  }
  if (root.local !== 'opml') return { sources: [], errors: [`not an OPML file: its root element is <${root.name}>`] };
  const entries: Record<string, unknown>[] = [];
  const errors: string[] = [];
  const seen = new Set<string>();
  const walk = (el: XmlElement) => {
    for (const o of childrenNamed(el, 'outline')) {
      // `feed://host/x` and `feed:https://host/x` (old browser-handler schemes) mean plain http(s).
      const feed = attr(o, 'xmlUrl')?.replace(/^feed:(?=https?:)/i, '').replace(/^feed:\/\//i, 'http://');
      const name = attr(o, 'title') ?? attr(o, 'text');
      if (feed !== undefined) {
        if (!isHttp(feed)) errors.push(`outline "${name ?? feed}": xmlUrl ${feed} is not an http(s) URL; left out`);
        else if (!seen.has(feed)) {
          seen.add(feed);
          const entry: Record<string, unknown> = { name: name ?? new URL(feed).hostname, feed };
          const home = attr(o, 'htmlUrl');
          if (isHttp(home)) entry.source_url = home;
          entries.push(entry);
        }
      }
      walk(o);
    }
  };
  for (const body of childrenNamed(root, 'body')) walk(body);
  const checked = parseSourcesConfig(entries);
  return { sources: checked.sources, errors: [...errors, ...checked.errors] };
}
