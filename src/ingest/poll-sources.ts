/**
 * Ingest stage (edge, with everything injected): polls the outlets' own feeds on the cron — politely and safely.
 * - Conditional GET with the validators each source last sent (RFC 9110 §13.1: `If-None-Match`, `If-Modified-Since`);
 *   a `304` (or a byte-identical body) yields nothing new.
 * - Bounded: one deadline per source (all redirect hops and the body), a byte cap read from the stream (which is
 *   cancelled past it), redirects followed by hand (`redirect: 'manual'`) up to a limit, http(s) only.
 * - Polite: honours `429` / `503` with `Retry-After` (RFC 9110 §10.2.3), backs a failing source off exponentially
 *   (capped), and polls no source before its `<ttl>` or `Cache-Control: max-age` has run out.
 * - Within the Worker's subrequest limit: when more sources are due than the run can afford, the least recently
 *   polled go first and the rest wait for the next run.
 * - One source's failure never stops the others: it lands in that source's state and health, typed (`IngestError`).
 * Only `fetch` (injected), `TextDecoder`, `ReadableStream`, `AbortSignal.timeout` and `URL` are used: the same code
 * runs in workerd and in Node tests. Time comes from `opts.now`.
 */
import type { ArticleInput } from '../model';
import { decodeBody } from './feeds/decode';
import { detectAndParseFeed } from './feeds/detect';
import { IngestError, type IngestErrorCode } from './feeds/errors';
import { feedItemCount, feedToArticles } from './feeds/feed-to-articles';
import { extractMainText } from './extract-article';
import type { SourceConfig } from './parse-sources';

export type { SourceConfig } from './parse-sources';

/** What mergewire remembers about one source between runs. JSON-able; keys always in this order. */
export interface SourcePollState {
  /** Validators from the last full (2xx) response, sent back as `If-None-Match` / `If-Modified-Since`. */
  etag?: string;
  last_modified?: string;
  /** Hash of the last body parsed: a server without validators that sends the same bytes yields nothing new. */
  body_hash?: string;
  /** The feed's `<ttl>` (minutes) from its last body. */
  ttl_minutes?: number;
  /** RFC 3339: not polled before this (ttl, max-age, Retry-After or backoff). Absent: due every run. */
  next_allowed_at?: string;
  /** Consecutive failed polls (0 after a success): drives the backoff. */
  failures: number;
  /** RFC 3339: the last poll that reached the network (or was refused before it). */
  last_attempt?: string;
  /** RFC 3339: the last poll answered `2xx` (parsed) or `304`. */
  last_success?: string;
  /** HTTP status of the last response (after redirects). */
  last_status?: number;
  /** Items in the feed when it was last read. */
  items_seen: number;
  /** New articles from the last fetch that brought content: set by the caller through `recordNewArticles`. */
  new_articles: number;
  /** The last poll's error; absent after a success. */
  error?: { code: IngestErrorCode; message: string };
  /** Where the feed now lives, when redirects led elsewhere (a hint for the operator). */
  final_url?: string;
}

/** All sources' poll state, keyed by the configured feed URL. */
export interface PollState {
  sources: Record<string, SourcePollState>;
}

export interface PollOptions {
  fetch: typeof fetch;
  now: Date;
  /** Subrequests this run may make (Workers Free: 50 per invocation, shared with the rest of the run). */
  maxSubrequests: number;
  /** Deadline per source: every redirect hop and the whole body. */
  timeoutMs: number;
  /** Byte cap per body. */
  maxBytes: number;
  maxRedirects?: number;
  /** Sources polled at once (Workers allow 6 simultaneous open connections). */
  concurrency?: number;
  userAgent?: string;
  /** Subrequests held back from the sources' first requests for redirects and full-text pages. */
  reserveForExtras?: number;
  /** Never poll one source more often than this. */
  minIntervalMs?: number;
  /** Upper bound on any wait a server or feed asks for (ttl, max-age, Retry-After) and on the backoff. */
  maxIntervalMs?: number;
  /** First backoff after a failure; doubles per consecutive failure up to `maxIntervalMs`. */
  backoffBaseMs?: number;
  /** With `full_text: true`: items whose text is shorter than this get their page fetched. */
  fullTextBelowChars?: number;
  maxFullTextPerSource?: number;
  /** Which of these article URLs are already stored (their pages are not fetched again for full text). */
  knownUrls?: (urls: string[]) => Promise<Set<string>> | Set<string>;
}

/** What happened to a source in this run. */
export type PollOutcome =
  | 'updated' // 2xx, parsed: articles returned
  | 'not_modified' // 304, or the same bytes as last time
  | 'failed' // see `error`
  | 'not_due' // its ttl / max-age / Retry-After / backoff has not run out
  | 'deferred'; // due, but this run's subrequest budget went to others: first in line next run

/** One source's health, as `/healthz` shows it. */
export interface SourceHealth {
  name: string;
  feed: string;
  /** This run's outcome; absent when built from stored state alone. */
  outcome?: PollOutcome;
  last_attempt?: string;
  last_success?: string;
  last_status?: number;
  items_seen: number;
  new_articles: number;
  failures: number;
  next_allowed_at?: string;
  /** The last error in words ("timeout: no complete response within 10 s"); absent when healthy. */
  error?: string;
  error_code?: IngestErrorCode;
  /** Articles this run returned for the source. */
  articles?: number;
  final_url?: string;
}

export interface PollResult {
  /** Every article from every source polled this run (in source order). */
  articles: ArticleInput[];
  /** The new state to persist (only configured sources are kept). */
  state: PollState;
  health: SourceHealth[];
  /** Article URLs per feed URL, for `recordNewArticles` once the caller knows which were new. */
  byFeed: Record<string, string[]>;
  /** Subrequests made. */
  subrequests: number;
}

/**
 * The fields of `SourcePollState` that move on every poll even when the feed did not change (`next_allowed_at` only
 * when a ttl, max-age or floor applies). Besides these, `last_status` moves once, 200 → 304, on the first
 * conditional hit; after that a run against unchanged feeds leaves `stablePollState` byte-identical.
 */
export const VOLATILE_POLL_FIELDS = ['last_attempt', 'last_success', 'next_allowed_at'] as const;

const DEFAULTS = {
  maxRedirects: 5,
  concurrency: 6,
  userAgent: 'mergewire/0.1 (feed poller)',
  minIntervalMs: 0,
  maxIntervalMs: 24 * 3_600_000,
  backoffBaseMs: 30 * 60_000,
  fullTextBelowChars: 500,
  maxFullTextPerSource: 5,
};

const ACCEPT =
  'application/rss+xml, application/atom+xml, application/feed+json, application/rdf+xml;q=0.9, application/xml;q=0.8, text/xml;q=0.8, application/json;q=0.7, */*;q=0.1';

// ---- state ------------------------------------------------------------------------------------------------------

/** A source's state with its keys in the canonical order and nothing undefined (stable JSON, deep-equal). */
function canonical(s: SourcePollState): SourcePollState {
  const out: SourcePollState = { failures: 0, items_seen: 0, new_articles: 0 };
  const ordered: SourcePollState = {
    etag: s.etag,
    last_modified: s.last_modified,
    body_hash: s.body_hash,
    ttl_minutes: s.ttl_minutes,
    next_allowed_at: s.next_allowed_at,
    failures: s.failures,
    last_attempt: s.last_attempt,
    last_success: s.last_success,
    last_status: s.last_status,
    items_seen: s.items_seen,
    new_articles: s.new_articles,
    error: s.error,
    final_url: s.final_url,
  };
  for (const [k, v] of Object.entries(ordered)) if (v !== undefined) (out as unknown as Record<string, unknown>)[k] = v;
  return out;
}

/** An empty state: every source is due. */
export function emptyPollState(): PollState {
  return { sources: {} };
}

/**
 * Read stored poll state leniently (from KV: possibly missing, old or hand-edited). Fields of the wrong type are
 * dropped; anything unreadable gives an empty state, so a bad value costs one round of unconditional polls.
 */
export function loadPollState(value: unknown): PollState {
  const state = emptyPollState();
  const sources = (value as { sources?: unknown } | null)?.sources;
  if (!sources || typeof sources !== 'object' || Array.isArray(sources)) return state;
  for (const [feed, raw] of Object.entries(sources as Record<string, unknown>)) {
    if (!raw || typeof raw !== 'object') continue;
    const r = raw as Record<string, unknown>;
    const str = (k: string) => (typeof r[k] === 'string' ? (r[k] as string) : undefined);
    const num = (k: string) => (typeof r[k] === 'number' && Number.isFinite(r[k]) && (r[k] as number) >= 0 ? (r[k] as number) : undefined);
    const err = r.error as { code?: unknown; message?: unknown } | undefined;
    state.sources[feed] = canonical({
      etag: str('etag'),
      last_modified: str('last_modified'),
      body_hash: str('body_hash'),
      ttl_minutes: num('ttl_minutes'),
      next_allowed_at: str('next_allowed_at'),
      failures: num('failures') ?? 0,
      last_attempt: str('last_attempt'),
      last_success: str('last_success'),
      last_status: num('last_status'),
      items_seen: num('items_seen') ?? 0,
      new_articles: num('new_articles') ?? 0,
      error:
        err && typeof err.code === 'string' && typeof err.message === 'string'
          ? { code: err.code as IngestErrorCode, message: err.message }
          : undefined,
      final_url: str('final_url'),
    });
  }
  return state;
}

/** The state without the fields that move on every poll: equal before and after a run against unchanged feeds. */
export function stablePollState(state: PollState): PollState {
  const sources: Record<string, SourcePollState> = {};
  for (const [feed, s] of Object.entries(state.sources)) {
    const copy = { ...s };
    for (const f of VOLATILE_POLL_FIELDS) delete copy[f];
    sources[feed] = copy;
  }
  return { sources };
}

/** Record how many of a source's polled articles were new (the caller's store knows). Returns a new state. */
export function recordNewArticles(state: PollState, feedUrl: string, n: number): PollState {
  const s = state.sources[feedUrl];
  if (!s) return state;
  return { sources: { ...state.sources, [feedUrl]: canonical({ ...s, new_articles: n }) } };
}

/** Per-source health from state (and this run's outcomes, when there was a run). */
export function healthFromState(
  sources: SourceConfig[],
  state: PollState,
  run?: Map<string, { outcome: PollOutcome; articles: number }>,
): SourceHealth[] {
  return sources.map((src) => {
    const s = state.sources[src.feed] ?? canonical({ failures: 0, items_seen: 0, new_articles: 0 });
    const r = run?.get(src.feed);
    const h: SourceHealth = {
      name: src.name,
      feed: src.feed,
      outcome: r?.outcome,
      last_attempt: s.last_attempt,
      last_success: s.last_success,
      last_status: s.last_status,
      items_seen: s.items_seen,
      new_articles: s.new_articles,
      failures: s.failures,
      next_allowed_at: s.next_allowed_at,
      error: s.error ? `${s.error.code}: ${s.error.message}` : undefined,
      error_code: s.error?.code,
      articles: r?.articles,
      final_url: s.final_url,
    };
    for (const k of Object.keys(h) as (keyof SourceHealth)[]) if (h[k] === undefined) delete h[k];
    return h;
  });
}

// ---- HTTP -------------------------------------------------------------------------------------------------------

/** Seconds to wait from a `Retry-After` value (delay-seconds or an HTTP-date); null when absent or unreadable. */
export function parseRetryAfter(value: string | null, now: Date): number | null {
  if (!value) return null;
  const v = value.trim();
  if (/^\d+$/.test(v)) return Number(v);
  const t = Date.parse(v);
  return Number.isNaN(t) ? null : Math.max(0, Math.ceil((t - now.getTime()) / 1000));
}

/** Seconds a response may be reused (`Cache-Control: max-age` less `Age`); 0 for no-store / no-cache / absent. */
export function freshnessSeconds(headers: Headers): number {
  const cc = (headers.get('cache-control') ?? '').toLowerCase();
  if (/(?:^|,)\s*no-(?:store|cache)\b/.test(cc)) return 0;
  const m = /(?:^|,)\s*max-age\s*=\s*"?(\d+)/.exec(cc);
  if (!m) return 0;
  const age = Number(headers.get('age') ?? 0);
  return Math.max(0, Number(m[1]) - (Number.isFinite(age) ? age : 0));
}

function httpUrl(value: string): URL | null {
  try {
    const u = new URL(value);
    return u.protocol === 'http:' || u.protocol === 'https:' ? u : null;
  } catch {
    return null;
  }
}

function cancelBody(res: BodyCarrier): void {
  res.body?.cancel().catch(() => {});
}

const seconds = (ms: number) => `${Math.round(ms / 100) / 10} s`;

/** A promise that rejects with a `timeout` IngestError when `signal` aborts (never resolves). */
function abortPromise(signal: AbortSignal, timeoutMs: number): Promise<never> {
  const p = new Promise<never>((_, reject) => {
    const fail = () => reject(new IngestError('timeout', `no complete response within ${seconds(timeoutMs)}`));
    if (signal.aborted) fail();
    else signal.addEventListener('abort', fail, { once: true });
  });
  p.catch(() => {});
  return p;
}

/**
 * Read a body up to `maxBytes`, racing every read against the deadline; past the cap (or the deadline) the stream
 * is cancelled, so a body that never ends costs at most `maxBytes` of memory and `timeoutMs` of time.
 */
/** A response or a request: anything with headers and a body stream. */
export type BodyCarrier = Pick<Response, 'headers' | 'body'>;

export async function readBodyCapped(res: BodyCarrier, maxBytes: number, signal: AbortSignal, timeoutMs: number): Promise<Uint8Array> {
  const declared = Number(res.headers.get('content-length'));
  if (Number.isFinite(declared) && declared > maxBytes) {
    cancelBody(res);
    throw new IngestError('too_large', `the body is ${declared} bytes (Content-Length); the limit is ${maxBytes}`);
  }
  if (!res.body) return new Uint8Array(0);
  const reader = res.body.getReader();
  const aborted = abortPromise(signal, timeoutMs);
  const chunks: Uint8Array[] = [];
  let total = 0;
  let done = false;
  try {
    while (!done) {
      const r = await Promise.race([reader.read(), aborted]);
      if (r.done) {
        done = true;
        break;
      }
      const chunk = r.value instanceof Uint8Array ? r.value : new Uint8Array(r.value as ArrayBuffer);
      total += chunk.byteLength;
      if (total > maxBytes) throw new IngestError('too_large', `the body is larger than the limit of ${maxBytes} bytes`);
      chunks.push(chunk);
    }
  } finally {
    if (!done) reader.cancel().catch(() => {});
  }
  const out = new Uint8Array(total);
  let at = 0;
  for (const c of chunks) {
    out.set(c, at);
    at += c.byteLength;
  }
  return out;
}

interface Fetched {
  res: Response;
  url: string;
}

/**
 * GET `url`, following up to `maxRedirects` redirects by hand (each target must be http(s)); `takeExtra` is asked
 * for every request after the first (the first is the source's own reserved subrequest).
 */
async function getFollowing(
  url: string,
  headers: Record<string, string>,
  opts: Required<Pick<PollOptions, 'fetch' | 'timeoutMs'>> & { maxRedirects: number },
  signal: AbortSignal,
  takeExtra: () => boolean,
  countRequest: () => void,
): Promise<Fetched> {
  // Called unbound: workerd's fetch throws "Illegal invocation" when called as a method of another object.
  const doFetch = opts.fetch;
  let current = url;
  for (let hop = 0; ; hop++) {
    if (hop > 0 && !takeExtra()) {
      throw new IngestError('subrequest_budget', 'the run ran out of subrequests while following redirects');
    }
    countRequest();
    let res: Response;
    try {
      res = await Promise.race([doFetch(current, { method: 'GET', headers, redirect: 'manual', signal }), abortPromise(signal, opts.timeoutMs)]);
    } catch (e) {
      if (e instanceof IngestError) throw e;
      if (signal.aborted) throw new IngestError('timeout', `no response within ${seconds(opts.timeoutMs)}`);
      throw new IngestError('network', `the request failed: ${(e as Error).message ?? String(e)}`);
    }
    if (![301, 302, 303, 307, 308].includes(res.status)) return { res, url: current };
    cancelBody(res);
    const location = res.headers.get('location');
    if (!location) throw new IngestError('http_status', `HTTP ${res.status} redirect without a Location header`, res.status);
    let next: URL | null;
    try {
      next = httpUrl(new URL(location, current).href);
    } catch {
      next = null;
    }
    if (!next) throw new IngestError('bad_url', `redirected to ${location.slice(0, 200)}, which is not an http(s) URL`, res.status);
    if (hop >= opts.maxRedirects) {
      throw new IngestError('too_many_redirects', `more than ${opts.maxRedirects} redirects (the last to ${next.href})`, res.status);
    }
    current = next.href;
  }
}

/** Hash of a body's bytes (FNV-1a, two lanes): detects a server re-sending identical bytes without validators. */
function hashBytes(bytes: Uint8Array): string {
  let h1 = 0x811c9dc5 ^ bytes.length;
  let h2 = 0x01000193;
  for (let i = 0; i < bytes.length; i++) {
    h1 = Math.imul(h1 ^ bytes[i], 16777619);
    h2 = Math.imul(h2 ^ bytes[i], 2246822507);
  }
  return (h1 >>> 0).toString(16).padStart(8, '0') + (h2 >>> 0).toString(16).padStart(8, '0');
}

// ---- one source -------------------------------------------------------------------------------------------------

interface RunContext {
  opts: PollOptions & typeof DEFAULTS;
  takeExtra: () => boolean;
  countRequest: () => void;
}

interface SourceResult {
  state: SourcePollState;
  articles: ArticleInput[];
  outcome: PollOutcome;
}

function later(now: Date, ms: number): string | undefined {
  return ms > 0 ? new Date(now.getTime() + ms).toISOString().replace(/\.\d{3}Z$/, 'Z') : undefined;
}

/** When a source that answered may be polled again: the longest of its ttl, max-age and our floor, capped. */
function nextAfterSuccess(ctx: RunContext, ttlMinutes: number | undefined, headers: Headers): string | undefined {
  const { opts } = ctx;
  const wait = Math.max(opts.minIntervalMs, (ttlMinutes ?? 0) * 60_000, freshnessSeconds(headers) * 1000);
  return later(opts.now, Math.min(wait, opts.maxIntervalMs));
}

function failure(ctx: RunContext, prev: SourcePollState, base: SourcePollState, e: IngestError, retryAfterSec?: number | null): SourceResult {
  const { opts } = ctx;
  const failures = prev.failures + 1;
  const backoff = Math.min(opts.backoffBaseMs * 2 ** Math.min(failures - 1, 30), opts.maxIntervalMs);
  const wait = retryAfterSec != null ? Math.min(retryAfterSec * 1000, opts.maxIntervalMs) : backoff;
  return {
    state: canonical({
      ...base,
      failures,
      next_allowed_at: later(opts.now, Math.max(wait, opts.minIntervalMs)),
      last_status: e.status ?? base.last_status,
      error: { code: e.code, message: e.message },
    }),
    articles: [],
    outcome: 'failed',
  };
}

/** Replace short summaries by the article page's main text, for sources that allow it (`full_text: true`). */
async function fetchFullTexts(source: SourceConfig, articles: ArticleInput[], ctx: RunContext): Promise<void> {
  const { opts } = ctx;
  let short = articles.filter((a) => (a.text ?? '').length < opts.fullTextBelowChars);
  if (!short.length) return;
  if (opts.knownUrls) {
    const known = await opts.knownUrls(short.map((a) => a.url));
    short = short.filter((a) => !known.has(a.url));
  }
  for (const a of short.slice(0, opts.maxFullTextPerSource)) {
    if (!ctx.takeExtra()) return;
    const signal = AbortSignal.timeout(opts.timeoutMs);
    try {
      const { res } = await getFollowing(a.url, { 'user-agent': opts.userAgent, accept: 'text/html,application/xhtml+xml' }, opts, signal, ctx.takeExtra, ctx.countRequest);
      const type = res.headers.get('content-type');
      if (!res.ok || (type && !/html/i.test(type))) {
        cancelBody(res);
        continue;
      }
      const text = extractMainText(decodeBody(await readBodyCapped(res, opts.maxBytes, signal, opts.timeoutMs), type));
      if (text.length > (a.text ?? '').length) a.text = text;
    } catch {
      // The summary stays: a page that cannot be read is not the feed's failure.
    }
  }
}

async function pollOne(source: SourceConfig, prev: SourcePollState, ctx: RunContext): Promise<SourceResult> {
  const { opts } = ctx;
  const stamp = opts.now.toISOString().replace(/\.\d{3}Z$/, 'Z');
  // last_status is this attempt's: absent when no response came (bad URL, network, timeout before headers).
  const base: SourcePollState = { ...prev, last_attempt: stamp, last_status: undefined };
  if (!httpUrl(source.feed)) return failure(ctx, prev, base, new IngestError('bad_url', `${source.feed} is not an http(s) URL`));
  const headers: Record<string, string> = { 'user-agent': opts.userAgent, accept: ACCEPT };
  if (prev.etag) headers['if-none-match'] = prev.etag;
  if (prev.last_modified) headers['if-modified-since'] = prev.last_modified;
  const signal = AbortSignal.timeout(opts.timeoutMs);
  try {
    const { res, url } = await getFollowing(source.feed, headers, opts, signal, ctx.takeExtra, ctx.countRequest);
    const moved = url !== source.feed ? url : undefined;
    base.last_status = res.status;
    if (res.status === 304) {
      cancelBody(res);
      return {
        state: canonical({
          ...base,
          etag: res.headers.get('etag') ?? prev.etag,
          failures: 0,
          error: undefined,
          last_success: stamp,
          last_status: 304,
          next_allowed_at: nextAfterSuccess(ctx, prev.ttl_minutes, res.headers),
          final_url: moved,
        }),
        articles: [],
        outcome: 'not_modified',
      };
    }
    if (res.status === 429 || res.status === 503) {
      cancelBody(res);
      const retry = parseRetryAfter(res.headers.get('retry-after'), opts.now);
      const code = res.status === 429 || retry !== null ? 'rate_limited' : 'http_status';
      const said = retry !== null ? `; Retry-After ${retry} s` : '';
      return failure(ctx, prev, { ...base, final_url: moved }, new IngestError(code, `HTTP ${res.status}${said}`, res.status), retry);
    }
    if (res.status < 200 || res.status > 299) {
      cancelBody(res);
      const text = res.statusText ? ` ${res.statusText}` : '';
      return failure(ctx, prev, { ...base, final_url: moved }, new IngestError('http_status', `HTTP ${res.status}${text}`, res.status));
    }
    const bytes = await readBodyCapped(res, opts.maxBytes, signal, opts.timeoutMs);
    const hash = hashBytes(bytes);
    const validators = { etag: res.headers.get('etag') ?? undefined, last_modified: res.headers.get('last-modified') ?? undefined };
    if (hash === prev.body_hash && !prev.error) {
      return {
        state: canonical({
          ...base,
          ...validators,
          failures: 0,
          last_success: stamp,
          last_status: res.status,
          next_allowed_at: nextAfterSuccess(ctx, prev.ttl_minutes, res.headers),
          final_url: moved,
        }),
        articles: [],
        outcome: 'not_modified',
      };
    }
    const feed = detectAndParseFeed(bytes, res.headers.get('content-type'), url);
    const articles = feedToArticles(feed, source);
    if (source.full_text) await fetchFullTexts(source, articles, ctx);
    const ttl = feed.format === 'rss' ? feed.ttl : undefined;
    return {
      state: canonical({
        ...base,
        ...validators,
        body_hash: hash,
        ttl_minutes: ttl,
        failures: 0,
        error: undefined,
        last_success: stamp,
        last_status: res.status,
        items_seen: feedItemCount(feed),
        next_allowed_at: nextAfterSuccess(ctx, ttl, res.headers),
        final_url: moved,
      }),
      articles,
      outcome: 'updated',
    };
  } catch (e) {
    const err = e instanceof IngestError ? e : new IngestError('malformed', `unexpected failure reading the feed: ${(e as Error)?.message ?? String(e)}`);
    if (err.code === 'subrequest_budget') return { state: prev, articles: [], outcome: 'deferred' };
    return failure(ctx, prev, base, err);
  }
}

// ---- the run ----------------------------------------------------------------------------------------------------

async function mapPool<T, R>(items: T[], n: number, fn: (item: T) => Promise<R>): Promise<R[]> {
  const out = new Array<R>(items.length);
  let next = 0;
  const worker = async () => {
    while (next < items.length) {
      const i = next++;
      out[i] = await fn(items[i]);
    }
  };
  await Promise.all(Array.from({ length: Math.max(1, Math.min(n, items.length)) }, worker));
  return out;
}

/**
 * Poll the due sources within this run's subrequest budget and return their articles, the new state and every
 * configured source's health. Never throws for one source's failure. The returned state keeps only configured
 * sources; persist it after the articles are stored (its validators say "already seen").
 */
export async function pollSources(sources: SourceConfig[], state: PollState, options: PollOptions): Promise<PollResult> {
  const opts = { ...DEFAULTS, ...options } as PollOptions & typeof DEFAULTS;
  const now = opts.now.getTime();
  const prevOf = (feed: string): SourcePollState => state.sources[feed] ?? canonical({ failures: 0, items_seen: 0, new_articles: 0 });
  const isDue = (feed: string) => {
    const t = prevOf(feed).next_allowed_at;
    return !t || !(Date.parse(t) > now);
  };
  // Fair rotation: never-polled first, then least recently attempted; config order breaks ties (stable sort).
  const due = sources.filter((s) => isDue(s.feed)).sort((a, b) => (prevOf(a.feed).last_attempt ?? '').localeCompare(prevOf(b.feed).last_attempt ?? ''));
  const budget = Math.max(0, Math.floor(opts.maxSubrequests));
  const reserve = Math.min(opts.reserveForExtras ?? Math.min(10, Math.floor(budget / 5)), Math.max(0, budget - 1));
  const chosen = due.slice(0, Math.max(0, budget - reserve));
  let spare = budget - chosen.length;
  let requests = 0;
  const ctx: RunContext = {
    opts,
    takeExtra: () => (spare > 0 ? (spare--, true) : false),
    countRequest: () => {
      requests++;
    },
  };
  const results = await mapPool(chosen, opts.concurrency, (s) => pollOne(s, prevOf(s.feed), ctx));

  const next: PollState = { sources: {} };
  const run = new Map<string, { outcome: PollOutcome; articles: number }>();
  for (const s of sources) {
    if (!next.sources[s.feed]) next.sources[s.feed] = canonical(prevOf(s.feed));
    run.set(s.feed, { outcome: isDue(s.feed) ? 'deferred' : 'not_due', articles: 0 });
  }
  const articles: ArticleInput[] = [];
  const byFeed: Record<string, string[]> = {};
  chosen.forEach((s, i) => {
    const r = results[i];
    next.sources[s.feed] = canonical(r.state);
    run.set(s.feed, { outcome: r.outcome, articles: r.articles.length });
    if (r.articles.length) byFeed[s.feed] = r.articles.map((a) => a.url);
    articles.push(...r.articles);
  });
  return { articles, state: next, health: healthFromState(sources, next, run), byFeed, subrequests: requests };
}
