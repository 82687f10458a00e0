/**
 * Ingest stage (pure): reads the `SOURCES` configuration (SPEC "Configuration") — a JSON string or an already-parsed
 * array of `{ "name": "Example News", "feed": "https://…/feed/" }` — into checked `SourceConfig`s. Every problem is
 * listed (entry by entry, field by field) so a bad value is reported clearly at start and in `/healthz`, never
 * silently ignored; entries that cannot be polled are left out, the rest are kept.
 */

/** One outlet to poll. */
export interface SourceConfig {
  /** The outlet's display name: becomes each article's `source`. */
  name: string;
  /** Absolute http(s) URL of its RSS, RDF, Atom or JSON Feed. Identifies the source in poll state. */
  feed: string;
  /** Fetch each item's page and extract its main text when the feed carries only a short summary. */
  full_text?: boolean;
  /** The outlet's home page (articles' `source_url`); defaults to the link the feed gives. */
  source_url?: string;
  /** BCP 47 language of its articles; overrides what the feed declares. */
  language?: string;
}

const KNOWN = ['name', 'feed', 'full_text', 'source_url', 'language'];
const BCP47 = /^[A-Za-z]{2,8}(?:-[A-Za-z0-9]{1,8})*$/;

function httpUrl(value: string): boolean {
  try {
    const u = new URL(value);
    return (u.protocol === 'http:' || u.protocol === 'https:') && u.hostname !== '' && value.length <= 2048;
  } catch {
    return false;
  }
}

/**
 * Parse and check `SOURCES`. Accepts a JSON string, an array, or nothing (undefined, null, '' → no sources).
 * Returns the usable sources and one message per problem, each naming the entry (`SOURCES[2] ("Example News")`).
 */
export function parseSourcesConfig(value: unknown): { sources: SourceConfig[]; errors: string[] } {
  const errors: string[] = [];
  let list: unknown = value;
  if (value === undefined || value === null) return { sources: [], errors };
  if (typeof value === 'string') {
    if (value.trim() === '') return { sources: [], errors };
    try {
      list = JSON.parse(value);
    } catch (e) {
      return { sources: [], errors: [`SOURCES is not valid JSON: ${(e as Error).message}`] };
    }
  }
  if (!Array.isArray(list)) {
    return { sources: [], errors: ['SOURCES must be an array of {"name": "...", "feed": "https://..."} objects'] };
  }
  const sources: SourceConfig[] = [];
  const seen = new Set<string>();
  list.forEach((entry, i) => {
    if (entry === null || typeof entry !== 'object' || Array.isArray(entry)) {
      errors.push(`SOURCES[${i}] must be an object with "name" and "feed"`);
      return;
    }
    const e = entry as Record<string, unknown>;
    const label = typeof e.name === 'string' && e.name.trim() ? `SOURCES[${i}] ("${e.name.trim()}")` : `SOURCES[${i}]`;
    const problems: string[] = [];
    const name = typeof e.name === 'string' ? e.name.trim() : '';
    if (!name) problems.push('"name" is required (the outlet\'s display name)');
    const feed = typeof e.feed === 'string' ? e.feed.trim() : '';
    if (!feed) problems.push('"feed" is required (the URL of its RSS, Atom or JSON Feed)');
    else if (!httpUrl(feed)) problems.push(`"feed" must be an absolute http(s) URL (got ${JSON.stringify(e.feed).slice(0, 100)})`);
    else if (seen.has(feed)) problems.push(`"feed" ${feed} is listed twice; the later entry is ignored`);
    if (problems.length) {
      errors.push(...problems.map((p) => `${label}: ${p}`));
      return;
    }
    const source: SourceConfig = { name, feed };
    if (e.full_text !== undefined) {
      if (typeof e.full_text === 'boolean') source.full_text = e.full_text;
      else errors.push(`${label}: "full_text" must be true or false`);
    }
    if (e.source_url !== undefined) {
      if (typeof e.source_url === 'string' && httpUrl(e.source_url.trim())) source.source_url = e.source_url.trim();
      else errors.push(`${label}: "source_url" must be an absolute http(s) URL`);
    }
    if (e.language !== undefined) {
      if (typeof e.language === 'string' && BCP47.test(e.language.trim())) source.language = e.language.trim();
      else errors.push(`${label}: "language" must be a BCP 47 tag such as en or pt-BR`);
    }
    for (const k of Object.keys(e)) {
      if (!KNOWN.includes(k)) errors.push(`${label}: unknown field "${k}" (known: ${KNOWN.join(', ')})`);
    }
    seen.add(feed);
    sources.push(source);
  });
  return { sources, errors };
}
