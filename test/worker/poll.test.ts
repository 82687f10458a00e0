// Feed polling through the real cron handler in workerd, with real local KV: a fake `fetch` (the global, replaced
// for each test) plays the outlets' servers, serving the 37 golden fixtures of test/fixtures/feeds (bundled by
// scripts/bundle-test-fixtures.mjs) and hostile bodies made on the fly (20 MB, endless, stalled streams).
// Each test checks what KV stores (through KvStore and /api/stories) and what /healthz says of each source.
import { describe, it, expect, beforeEach, afterEach, vi } from 'vitest';
import { env } from 'cloudflare:workers';
import { KvStore } from '../../src/store/kv-store';
import { KEYS } from '../../src/store/keys';
import { articleId, normalizeArticle } from '../../src/ingest/validate-article';
import type { Article, ArticleInput } from '../../src/model';
import { FEED_FIXTURES, type FeedFixture } from './generated/feed-fixtures';
import { get, json, runCron } from './helpers';

// ---- the fake network ---------------------------------------------------------------------------------------------

type Handler = (req: Request) => Response | Promise<Response>;
let routes: Map<string, Handler>;
let requests: { url: string; headers: Headers }[];

beforeEach(() => {
  routes = new Map();
  requests = [];
  vi.spyOn(globalThis, 'fetch').mockImplementation(async (input: RequestInfo | URL, init?: RequestInit) => {
    const req = new Request(input, init);
    requests.push({ url: req.url, headers: req.headers });
    const handler = routes.get(req.url);
    return handler ? handler(req) : new Response('no such page', { status: 404, statusText: 'Not Found' });
  });
});
afterEach(() => {
  vi.restoreAllMocks();
});

const requestsTo = (url: string) => requests.filter((r) => r.url === url);

/** Where a fixture is served: its golden was read against https://news.example/feeds/main.xml (same directory). */
const feedUrl = (name: string) => `https://news.example/feeds/${name}`;

const bytesOf = (f: FeedFixture) => Uint8Array.from(atob(f.body), (c) => c.charCodeAt(0));
const fixture = (name: string) => {
  const f = FEED_FIXTURES.find((x) => x.name === name);
  if (!f) throw new Error(`no fixture ${name}`);
  return f;
};
const isHostile = (f: FeedFixture): f is FeedFixture & { expected: { error: { code: string; message: string } } } => 'error' in f.expected;
const goldenArticles = (f: FeedFixture): ArticleInput[] => ('articles' in f.expected ? f.expected.articles : []);

/** A server that answers with the fixture's bytes and validators, and `304` to a request that presents them. */
function serveFixture(f: FeedFixture, o: { validators?: boolean } = {}): Handler {
  const etag = `"${f.name}-1"`;
  const lastModified = 'Mon, 02 Dec 2024 10:00:00 GMT';
  const validators = o.validators ?? true;
  return (req) => {
    if (validators && (req.headers.get('if-none-match') === etag || req.headers.get('if-modified-since') === lastModified)) {
      return new Response(null, { status: 304, headers: { etag } });
    }
    const headers: Record<string, string> = { 'content-type': f.contentType };
    if (validators) Object.assign(headers, { etag, 'last-modified': lastModified });
    return new Response(bytesOf(f), { headers });
  };
}

const MB = 1024 * 1024;

/** A body of `total` bytes (Infinity: never ends) made on demand, counting what the reader pulled and whether it hung up. */
function generatedBody(total: number) {
  const head = new TextEncoder().encode('<?xml version="1.0" encoding="UTF-8"?><rss version="2.0"><channel><title>Flood</title>');
  const item = new TextEncoder().encode(`<item><title>Again</title><link>https://flood.example/x</link><description>${'spam '.repeat(12_000)}</description></item>`);
  const stats = { served: 0, cancelled: false };
  const stream = new ReadableStream<Uint8Array>({
    start(c) {
      c.enqueue(head);
      stats.served += head.byteLength;
    },
    pull(c) {
      if (stats.served >= total) return c.close();
      c.enqueue(item);
      stats.served += item.byteLength;
    },
    cancel() {
      stats.cancelled = true;
    },
  });
  return { stream, stats };
}

// ---- reading back ------------------------------------------------------------------------------------------------

const store = () => new KvStore(env.MERGEWIRE_KV);

async function storedArticles(): Promise<Map<string, Article>> {
  const s = store();
  const manifest = await s.getManifest();
  return manifest ? s.getArticles(Object.keys(manifest.articles), manifest) : new Map();
}

/** Every KV key and its value: to show what a run wrote. */
async function snapshotKv(): Promise<Map<string, string | null>> {
  const out = new Map<string, string | null>();
  for (const k of (await env.MERGEWIRE_KV.list()).keys) out.set(k.name, await env.MERGEWIRE_KV.get(k.name));
  return out;
}

async function healthz() {
  return json(await get('/healthz'));
}
// The run's own report of each source (the route's top-level `sources` follows the Worker's configuration, which in
// these tests differs from the SOURCES each run is given).
const sourceHealth = (h: any, feed: string) => h.last_run.sources.find((s: any) => s.feed === feed);

const sources = (list: { name: string; feed: string; full_text?: boolean }[]) => ({ SOURCES: JSON.stringify(list) }) as never;

const T0 = Date.UTC(2026, 10, 24, 12, 0);
const MIN = 60_000;

// ---- the whole fixture set ---------------------------------------------------------------------------------------

describe('polling the fixture set through the cron', () => {
  // Summary-only items of a source with full_text: true get their page's main text.
  // A WordPress-shaped page: the body sits in .entry-content, between a cookie banner, related posts and comments.
  const TEASER_PAGE = `<!DOCTYPE html><html lang="en"><head><meta charset="utf-8"><title>Central bank holds rates – Teaser Times</title>
    <style>.entry-content p { margin: 0 }</style><script async src="https://stats.example/t.js"></script></head>
    <body class="single-post"><div id="cookie-notice">We use cookies. <button>Accept</button></div>
    <header><a href="/">Teaser Times</a><ul class="menu"><li><a href="/economy">Economy</a></li></ul></header>
    <main id="main"><h1 class="entry-title">Central bank holds rates</h1>
      <div class="entry-content">
        <p>Policymakers left the benchmark rate at 3.25% after a two-day meeting that ended on Wednesday afternoon.</p>
        <img src="https://pixel.example/p.gif?id=1" width="1" height="1" alt="">
        <p>Two of the nine committee members voted for a cut, citing weaker retail sales over the summer months.</p>
        <div class="sharedaddy"><a href="https://twitter.com/share">Share on X</a></div>
      </div>
      <section class="related-posts"><h2>Related</h2><a href="/economy/inflation-eases">Inflation eases</a></section>
      <div id="comments"><p>Be the first to comment on this article, sign in to join the conversation.</p></div>
    </main></body></html>`;
  const TEASER_TEXT =
    'Policymakers left the benchmark rate at 3.25% after a two-day meeting that ended on Wednesday afternoon.\n\n' +
    'Two of the nine committee members voted for a cut, citing weaker retail sales over the summer months.';

  it(
    `${FEED_FIXTURES.length} fixture feeds and 3 oversized bodies: the healthy feeds' articles are stored exactly as ` +
      'the golden files say, each hostile one is refused with its error in /healthz, and the rest of the run proceeds ' +
      '(32 sources fit the first run, the rest come first in the next)',
    async () => {
      expect(FEED_FIXTURES.length).toBeGreaterThanOrEqual(25);
      const list = FEED_FIXTURES.map((f) => ({
        name: `Outlet ${f.name}`,
        feed: feedUrl(f.file),
        ...(f.name === 'rss-20-ttl-summaries' ? { full_text: true } : {}),
      }));
      for (const f of FEED_FIXTURES) routes.set(feedUrl(f.file), serveFixture(f));
      routes.set('https://teasers.example/economy/rates-held', () => new Response(TEASER_PAGE, { headers: { 'content-type': 'text/html; charset=utf-8' } }));

      // The oversized bodies of the hostile list: 20 MB announced, 20 MB unannounced, and one that never ends.
      const declared = generatedBody(20 * MB);
      const streamed = generatedBody(20 * MB);
      const endless = generatedBody(Infinity);
      const OVERSIZED = {
        'https://flood.example/declared.xml': () => new Response(declared.stream, { headers: { 'content-type': 'application/rss+xml', 'content-length': String(20 * MB) } }),
        'https://flood.example/streamed.xml': () => new Response(streamed.stream, { headers: { 'content-type': 'application/rss+xml' } }),
        'https://flood.example/endless.xml': () => new Response(endless.stream, { headers: { 'content-type': 'application/rss+xml' } }),
      };
      for (const [url, h] of Object.entries(OVERSIZED)) {
        routes.set(url, h);
        list.push({ name: `Flood ${new URL(url).pathname}`, feed: url });
      }
      const config = sources(list);

      // Run 1: the subrequest budget (40, 8 of them held for redirects and full-text pages) polls the first 32.
      await runCron(T0, config);
      const h1 = await healthz();
      const outcomes1 = new Map<string, string>(h1.last_run.sources.map((s: any) => [s.feed, s.outcome]));
      const polled1 = [...outcomes1].filter(([, o]) => o === 'updated' || o === 'failed').map(([feed]) => feed);
      expect(polled1).toHaveLength(32);
      expect([...outcomes1.values()].filter((o) => o === 'deferred')).toHaveLength(list.length - 32);
      expect(new Set(requests.map((r) => r.url)).size).toBe(33); // 32 feeds and the one full-text page

      // Run 2, ten minutes later: the deferred sources go first; the healthy ones are asked again, conditionally.
      requests = [];
      const T1 = T0 + 10 * MIN;
      await runCron(T1, config);
      const h = await healthz();
      expect(h.last_run.ok).toBe(true);
      expect(h.last_run.errors).toEqual([]);
      expect(h.last_run.sources).toHaveLength(list.length);
      for (const s of h.last_run.sources) expect(s.last_attempt, s.feed).toBeDefined();

      const stored = await storedArticles();
      let expectedCount = 0;
      for (const f of FEED_FIXTURES) {
        const src = list.find((s) => s.feed === feedUrl(f.file))!;
        const health = sourceHealth(h, src.feed);
        if (isHostile(f)) {
          expect(health.error_code, f.file).toBe(f.expected.error.code);
          expect(health.error, f.file).toBe(`${f.expected.error.code}: ${f.expected.error.message}`);
          expect(health.last_success, f.file).toBeUndefined();
          expect(health.failures, f.file).toBe(1);
          expect(health.new_articles, f.file).toBe(0);
          continue;
        }
        expect(health.error, f.file).toBeUndefined();
        expect(health.failures, f.file).toBe(0);
        expect(health.last_success, f.file).toBeDefined();
        expect([200, 304], f.file).toContain(health.last_status);
        const golden = goldenArticles(f);
        expect(health.new_articles, f.file).toBe(golden.length);
        expect(health.items_seen, f.file).toBeGreaterThanOrEqual(golden.length);
        // The run that first read the source is when its undated items were received.
        const readAt = new Date(outcomes1.get(src.feed) === 'updated' ? T0 : T1);
        for (const input of golden) {
          const want = normalizeArticle(
            { ...input, source: src.name, ...(src.full_text ? { text: TEASER_TEXT } : {}) },
            readAt,
          );
          expect(stored.get(want.id), `${f.file}: ${input.url}`).toEqual(want);
          expectedCount++;
        }
      }
      expect(expectedCount).toBeGreaterThan(50);

      for (const [url, body] of [
        ['https://flood.example/declared.xml', declared],
        ['https://flood.example/streamed.xml', streamed],
        ['https://flood.example/endless.xml', endless],
      ] as const) {
        const health = sourceHealth(h, url);
        expect(health.error_code, url).toBe('too_large');
        expect(health.error, url).toMatch(/^too_large: the body is .* the limit/);
        // Memory stays bounded: the body is never read much past the 5 MB cap, and the stream is hung up on.
        expect(body.stats.served, url).toBeLessThan(6 * MB);
        expect(body.stats.cancelled, url).toBe(true);
      }
      expect(sourceHealth(h, 'https://flood.example/declared.xml').error).toMatch(/Content-Length/);

      // Everything stored came from the feeds or the bundled articles/, nothing from a refused source.
      expect(h.articles).toBe(expectedCount + 5);
      expect([...stored.values()].filter((a) => a.url.startsWith('https://flood.example/'))).toEqual([]);
    },
    60_000,
  );
});

// ---- one healthy, one hostile ------------------------------------------------------------------------------------

describe('one healthy and one hostile source', () => {
  it("stores the healthy source's articles (they reach /api/stories) and reports the other's error", async () => {
    const good = fixture('rss-20-wordpress');
    const bad = fixture('hostile-billion-laughs');
    routes.set(feedUrl(good.file), serveFixture(good));
    routes.set(feedUrl(bad.file), serveFixture(bad));
    await runCron(T0, sources([
      { name: 'Daily Ledger', feed: feedUrl(good.file) },
      { name: 'Laughing Gas', feed: feedUrl(bad.file) },
    ]));

    const stored = await storedArticles();
    const urls = goldenArticles(good).map((a) => a.url);
    expect(urls).toHaveLength(2);
    for (const url of urls) expect(stored.get(articleId(url))?.source).toBe('Daily Ledger');
    const inStories = (await json(await get('/api/stories'))).stories.flatMap((s: any) => s.articles);
    for (const url of urls) expect(inStories).toContain(url);

    const h = await healthz();
    expect(h.last_run.ok).toBe(true);
    const g = sourceHealth(h, feedUrl(good.file));
    expect(g).toMatchObject({ name: 'Daily Ledger', outcome: 'updated', last_status: 200, new_articles: 2, failures: 0 });
    expect(g.error).toBeUndefined();
    const b = sourceHealth(h, feedUrl(bad.file));
    expect(b).toMatchObject({ name: 'Laughing Gas', outcome: 'failed', last_status: 200, new_articles: 0, failures: 1, error_code: 'entity_declaration' });
    expect(b.error).toMatch(/declares XML entities in its DOCTYPE; refused/);
    expect(b.next_allowed_at).toBe('2026-11-24T12:30:00Z'); // backed off for 30 minutes
  });

  it(
    'a body that stalls and a server that never answers are given up at the deadline, and the healthy source is stored',
    async () => {
      const good = fixture('atom-10');
      routes.set(feedUrl(good.file), serveFixture(good));
      const stalled = { cancelled: false };
      routes.set('https://slow.example/stalls.xml', () =>
        new Response(
          new ReadableStream({
            start(c) {
              c.enqueue(new TextEncoder().encode('<?xml version="1.0"?><rss version="2.0"><channel><title>Slow'));
            },
            pull: () => new Promise<void>(() => {}),
            cancel() {
              stalled.cancelled = true;
            },
          }),
          { headers: { 'content-type': 'application/rss+xml' } },
        ),
      );
      routes.set('https://slow.example/silent.xml', () => new Promise<Response>(() => {}));
      await runCron(T0, sources([
        { name: 'Stalls', feed: 'https://slow.example/stalls.xml' },
        { name: 'Silent', feed: 'https://slow.example/silent.xml' },
        { name: 'Wire', feed: feedUrl(good.file) },
      ]));
      const h = await healthz();
      expect(sourceHealth(h, 'https://slow.example/stalls.xml')).toMatchObject({ error_code: 'timeout', last_status: 200 });
      expect(sourceHealth(h, 'https://slow.example/stalls.xml').error).toMatch(/^timeout: no complete response within 10 s/);
      expect(stalled.cancelled).toBe(true);
      expect(sourceHealth(h, 'https://slow.example/silent.xml')).toMatchObject({ error_code: 'timeout' });
      expect(sourceHealth(h, 'https://slow.example/silent.xml').last_status).toBeUndefined();
      expect(sourceHealth(h, feedUrl(good.file))).toMatchObject({ outcome: 'updated', new_articles: 2 });
      const stored = await storedArticles();
      for (const a of goldenArticles(good)) expect(stored.get(articleId(a.url))?.source).toBe('Wire');
    },
    30_000,
  );
});

// ---- conditional requests and the write budget ---------------------------------------------------------------------

describe('a second run against unchanged feeds', () => {
  it('sends If-None-Match and If-Modified-Since, stores nothing, and writes only the run-status key', async () => {
    const withValidators = ['atom-10', 'jsonfeed-11', 'rdf-10', 'rss-20-wordpress', 'rss-20-windows-1252', 'rss-20-odd-dates'].map(fixture);
    const noValidators = fixture('rss-20-relative-links'); // a server that sends neither ETag nor Last-Modified
    for (const f of withValidators) routes.set(feedUrl(f.file), serveFixture(f));
    routes.set(feedUrl(noValidators.file), serveFixture(noValidators, { validators: false }));
    const config = sources([...withValidators, noValidators].map((f) => ({ name: `Outlet ${f.name}`, feed: feedUrl(f.file) })));

    await runCron(T0, config);
    const first = await healthz();
    const created = first.last_run.articles.created;
    expect(created).toBe(5 + [...withValidators, noValidators].reduce((n, f) => n + goldenArticles(f).length, 0));
    const before = await snapshotKv();

    requests = [];
    await runCron(T0 + 30 * MIN, config);
    for (const f of withValidators) {
      const [req, ...more] = requestsTo(feedUrl(f.file));
      expect(more, f.file).toEqual([]);
      expect(req.headers.get('if-none-match'), f.file).toBe(`"${f.name}-1"`);
      expect(req.headers.get('if-modified-since'), f.file).toBe('Mon, 02 Dec 2024 10:00:00 GMT');
    }
    const [plain] = requestsTo(feedUrl(noValidators.file));
    expect(plain.headers.get('if-none-match')).toBeNull();

    const h = await healthz();
    expect(h.last_run.ok).toBe(true);
    expect(h.last_run.kv_writes).toBeLessThanOrEqual(1);
    expect(h.last_run.articles).toMatchObject({ created: 0, updated: 0 });
    expect(h.articles).toBe(created);
    for (const f of withValidators) expect(sourceHealth(h, feedUrl(f.file))).toMatchObject({ outcome: 'not_modified', last_status: 304 });
    // Identical bytes without validators are recognised as unchanged too.
    expect(sourceHealth(h, feedUrl(noValidators.file))).toMatchObject({ outcome: 'not_modified', last_status: 200 });
    // The health still says what the last content-bearing fetch brought.
    expect(sourceHealth(h, feedUrl('atom-10.xml')).new_articles).toBe(2);

    // In KV, only the run-status key changed.
    const after = await snapshotKv();
    expect([...after.keys()].sort()).toEqual([...before.keys()].sort());
    const changed = [...after].filter(([k, v]) => before.get(k) !== v).map(([k]) => k);
    expect(changed).toEqual([KEYS.lastRun]);
  });
});

// ---- Retry-After ---------------------------------------------------------------------------------------------------

describe('a source answering 429 with Retry-After', () => {
  it('is not polled again before that time, and is read normally after it', async () => {
    const f = fixture('jsonfeed-11');
    const url = feedUrl(f.file);
    let limited = true;
    const serve = serveFixture(f);
    routes.set(url, (req) => (limited ? new Response('slow down', { status: 429, headers: { 'retry-after': '3600' } }) : serve(req)));
    const config = sources([{ name: 'Busy Outlet', feed: url }]);

    await runCron(T0, config);
    expect(requestsTo(url)).toHaveLength(1);
    let s = sourceHealth(await healthz(), url);
    expect(s).toMatchObject({ outcome: 'failed', last_status: 429, error_code: 'rate_limited', error: 'rate_limited: HTTP 429; Retry-After 3600 s' });
    expect(s.next_allowed_at).toBe('2026-11-24T13:00:00Z');

    limited = false;
    await runCron(T0 + 30 * MIN, config);
    await runCron(T0 + 59 * MIN, config);
    expect(requestsTo(url)).toHaveLength(1);
    s = sourceHealth(await healthz(), url);
    expect(s.outcome).toBe('not_due');
    expect(s.error_code).toBe('rate_limited');

    await runCron(T0 + 60 * MIN, config);
    expect(requestsTo(url)).toHaveLength(2);
    s = sourceHealth(await healthz(), url);
    expect(s).toMatchObject({ outcome: 'updated', last_status: 200, failures: 0, new_articles: goldenArticles(f).length });
    expect(s.error).toBeUndefined();
    const stored = await storedArticles();
    for (const a of goldenArticles(f)) expect(stored.get(articleId(a.url))?.source).toBe('Busy Outlet');
  });
});

// ---- a failed write must not mark the feed as seen ------------------------------------------------------------------

describe('when storing the polled articles fails', () => {
  // The run keeps the previous poll state until the polled articles are stored: new validators saved without
  // their articles would make the next run's 304 hide them for good.
  it('the next run fetches the feed in full again and stores its articles', async () => {
    const f = fixture('atom-10');
    const url = feedUrl(f.file);
    routes.set(url, serveFixture(f));
    const kv = env.MERGEWIRE_KV;
    // The Worker's KV, except that day-bucket writes fail (as a KV outage or a rate limit would).
    const flaky = {
      get: (...a: Parameters<KVNamespace['get']>) => (kv.get as (...x: unknown[]) => unknown)(...a),
      list: (o?: KVNamespaceListOptions) => kv.list(o),
      delete: (k: string) => kv.delete(k),
      put: (k: string, v: string, o?: KVNamespacePutOptions) =>
        k.startsWith('articles:day:') ? Promise.reject(new Error('KV PUT failed: 503 Service Unavailable')) : kv.put(k, v, o),
    };
    const config = { SOURCES: JSON.stringify([{ name: 'Wire', feed: url }]) };
    await runCron(T0, { ...config, MERGEWIRE_KV: flaky } as never);
    expect((await healthz()).last_run.ok).toBe(false);

    await runCron(T0 + 30 * MIN, config as never);
    const [, second] = requestsTo(url);
    expect(second.headers.get('if-none-match')).toBeNull();
    const stored = await storedArticles();
    for (const a of goldenArticles(f)) expect(stored.get(articleId(a.url))?.source).toBe('Wire');
  });
});
