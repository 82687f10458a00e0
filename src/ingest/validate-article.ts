/**
 * Ingest stage (pure): checks an article as received against SPEC "Article" and normalises it for storage.
 * Every problem of every field is reported, so a client can fix a whole batch in one round trip.
 */
import type { Article, ArticleInput } from '../model';
import { hashJson, hashString } from '../core/hash';
import { normalizeWhitespace } from '../core/text';
import { htmlToText } from './html-to-text';

/** One bad field of one article. */
export interface FieldError {
  /** Position in the batch (0 for a single article). */
  index: number;
  field: string;
  message: string;
}

const MAX_URL = 2048;
const MAX_TITLE = 1000;
const MAX_SOURCE = 200;
const MAX_BODY = 1_000_000;
const STRING_FIELDS = ['url', 'source', 'title', 'text', 'html', 'published', 'author', 'language', 'source_url'] as const;

// RFC 3339 date-time (§5.6), plus a bare full-date, which front matter often has when only the day is known.
const RFC3339 = /^\d{4}-\d{2}-\d{2}(?:[Tt ]\d{2}:\d{2}:\d{2}(?:\.\d+)?(?:[Zz]|[+-]\d{2}:\d{2}))?$/;
// BCP 47 language tag, loosely: primary subtag and optional subtags.
const BCP47 = /^[A-Za-z]{2,8}(?:-[A-Za-z0-9]{1,8})*$/;

function httpUrlProblem(value: string): string | null {
  if (value.length > MAX_URL) return `must be at most ${MAX_URL} characters (got ${value.length})`;
  let u: URL;
  try {
    u = new URL(value);
  } catch {
    return 'must be an absolute http(s) URL';
  }
  if (u.protocol !== 'http:' && u.protocol !== 'https:') return `must use http or https, not ${u.protocol.replace(':', '')}`;
  if (!u.hostname) return 'must have a host';
  return null;
}

/** Parse an RFC 3339 time (or a bare date, read as midnight UTC); null when it is not one or not a real date. */
export function parseRfc3339(value: string): Date | null {
  if (!RFC3339.test(value)) return null;
  const d = new Date(value.length === 10 ? `${value}T00:00:00Z` : value.replace(' ', 'T'));
  if (Number.isNaN(d.getTime())) return null;
  // Reject impossible calendar dates that Date silently rolls over (2024-02-31).
  const [y, m, day] = value.slice(0, 10).split('-').map(Number);
  const probe = new Date(Date.UTC(y, m - 1, day));
  if (probe.getUTCMonth() !== m - 1 || probe.getUTCDate() !== day) return null;
  return d;
}

/**
 * Check one received value. Returns the typed input, or the list of what is wrong with it
 * (each with `index` set to `index`).
 */
export function validateArticle(value: unknown, index = 0): { input: ArticleInput } | { errors: FieldError[] } {
  const errors: FieldError[] = [];
  const bad = (field: string, message: string) => errors.push({ index, field, message });
  if (value === null || typeof value !== 'object' || Array.isArray(value)) {
    bad('(article)', 'must be a JSON object with url, source, title and text or html');
    return { errors };
  }
  const v = value as Record<string, unknown>;
  for (const f of STRING_FIELDS) {
    if (v[f] !== undefined && v[f] !== null && typeof v[f] !== 'string') bad(f, `must be a string (got ${typeof v[f]})`);
  }
  const str = (f: string): string | undefined => (typeof v[f] === 'string' ? (v[f] as string) : undefined);
  const url = str('url')?.trim();
  if (v.url === undefined || v.url === null || url === '') bad('url', 'is required');
  else if (url !== undefined) {
    const p = httpUrlProblem(url);
    if (p) bad('url', p);
  }
  const source = str('source');
  if (v.source === undefined || v.source === null || (source !== undefined && !normalizeWhitespace(source))) bad('source', 'is required');
  else if (source && source.length > MAX_SOURCE) bad('source', `must be at most ${MAX_SOURCE} characters`);
  const title = str('title');
  if (v.title === undefined || v.title === null || (title !== undefined && !normalizeWhitespace(title))) bad('title', 'is required');
  else if (title && title.length > MAX_TITLE) bad('title', `must be at most ${MAX_TITLE} characters`);
  const text = str('text');
  const html = str('html');
  const hasText = text !== undefined && normalizeWhitespace(text) !== '';
  const hasHtml = html !== undefined && normalizeWhitespace(html) !== '';
  if (!hasText && !hasHtml && typeof v.text !== 'number' && typeof v.html !== 'number') {
    bad('text', 'is required unless html is given');
  }
  for (const [f, s] of [['text', text], ['html', html]] as const) {
    if (s && s.length > MAX_BODY) bad(f, `must be at most ${MAX_BODY} characters`);
  }
  const published = str('published');
  if (published !== undefined && published !== '' && !parseRfc3339(published.trim())) {
    bad('published', 'must be an RFC 3339 time such as 2024-12-05T18:00:00+03:00');
  }
  const language = str('language');
  if (language !== undefined && language !== '' && !BCP47.test(language.trim())) bad('language', 'must be a BCP 47 tag such as en or pt-BR');
  const sourceUrl = str('source_url');
  if (sourceUrl !== undefined && sourceUrl !== '') {
    const p = httpUrlProblem(sourceUrl.trim());
    if (p) bad('source_url', p);
  }
  if (errors.length) return { errors };
  const input: ArticleInput = { url: url!, source: source!, title: title! };
  if (hasText) input.text = text;
  if (hasHtml) input.html = html;
  for (const f of ['published', 'author', 'language', 'source_url'] as const) {
    const s = str(f)?.trim();
    if (s) input[f] = s;
  }
  return { input };
}

/** Validate a batch: every error of every article, or every input. */
export function validateBatch(values: unknown[]): { inputs: ArticleInput[] } | { errors: FieldError[] } {
  const inputs: ArticleInput[] = [];
  const errors: FieldError[] = [];
  values.forEach((v, i) => {
    const r = validateArticle(v, i);
    if ('errors' in r) errors.push(...r.errors);
    else inputs.push(r.input);
  });
  return errors.length ? { errors } : { inputs };
}

/** The id of the article at `url` (SPEC: the URL is the article's identity). */
export function articleId(url: string): string {
  return hashString(`article:${url}`);
}

/**
 * Turn a valid input into a stored Article. `received` is when mergewire first saw the URL
 * (kept across updates); `now` fills `published` when the input has none.
 */
export function normalizeArticle(input: ArticleInput, now: Date, received?: string): Article {
  const text = input.text !== undefined && normalizeWhitespace(input.text) !== '' ? input.text.replace(/\r\n?/g, '\n').trim() : htmlToText(input.html ?? '');
  const parsed = input.published ? parseRfc3339(input.published) : null;
  const receivedAt = received ?? now.toISOString();
  const article: Article = {
    id: articleId(input.url),
    url: input.url,
    source: normalizeWhitespace(input.source),
    title: normalizeWhitespace(input.title),
    text,
    published: parsed ? parsed.toISOString() : receivedAt,
    received: receivedAt,
    content_hash: '',
  };
  if (!parsed) article.published_inferred = true;
  if (input.author) article.author = normalizeWhitespace(input.author);
  if (input.language) article.language = input.language;
  if (input.source_url) article.source_url = input.source_url;
  const { received: _r, content_hash: _c, ...content } = article;
  article.content_hash = hashJson(content);
  return article;
}
