/**
 * The poller with an injected fetch: conditional requests, 304, Retry-After, backoff, redirects, rotation beyond the
 * subrequest budget, byte cap and deadline on streaming bodies, and one bad source among good ones.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import {
  VOLATILE_POLL_FIELDS,
  emptyPollState,
  healthFromState,
  loadPollState,
  pollSources,
  recordNewArticles,
  stablePollState,
  type PollOptions,
  type PollState,
  type SourceConfig,
} from '../../src/ingest/poll-sources';

const FIXTURES = join(__dirname, '../fixtures/feeds');
const fixture = (name: string) => readFileSync(join(FIXTURES, name));
const T0 = new Date('2024-12-05T18:00:00Z');
const at = (seconds: number) => new Date(T0.getTime() + seconds * 1000);

type Handler = (req: Request) => Response | Promise<Response>;

/** A fake network: routes by URL, records every request. */
function fakeFetch(routes: Record<string, Handler>) {
  const requests: Request[] = [];
  const fetch: typeof globalThis.fetch = (async (input: RequestInfo | URL, init?: RequestInit) => {
    const req = new Request(input as string, init);
    requests.push(req);
    expect(init?.redirect).toBe('manual');
    const h = routes[req.url];
    if (!h) return new Response('not found', { status: 404, statusText: 'Not Found' });
    return h(req);
  }) as typeof globalThis.fetch;
  return { fetch, requests };
}

function options(fetch: typeof globalThis.fetch, now: Date, more: Partial<PollOptions> = {}): PollOptions {
  return { fetch, now, maxSubrequests: 50, timeoutMs: 2000, maxBytes: 1_000_000, ...more };
}

const feedResponse = (file: string, headers: Record<string, string> = {}) => () =>
  new Response(fixture(file), { status: 200, headers: { 'content-type': 'application/rss+xml', ...headers } });

const LEVANT: SourceConfig = { name: 'Levant24', feed: 'https://levant24.example/feed/' };

describe('conditional requests', () => {
  it('sends the validators on the second run; a 304 yields nothing and changes only the volatile fields', async () => {
    const net = fakeFetch({
      [LEVANT.feed]: (req) =>
        req.headers.get('if-none-match') === '"v1"'
          ? new Response(null, { status: 304, headers: { etag: '"v1"' } })
          : feedResponse('rss-20-wordpress.xml', { etag: '"v1"', 'last-modified': 'Thu, 05 Dec 2024 18:02:11 GMT' })(),
    });
    const first = await pollSources([LEVANT], emptyPollState(), options(net.fetch, T0));
    expect(first.articles.map((a) => a.title)).toEqual([
      'Aid convoy reaches northern villages after week-long delay',
      'Power cuts extended to 20 hours a day in the capital',
    ]);
    expect(first.articles.every((a) => a.source === 'Levant24')).toBe(true);
    expect(first.state.sources[LEVANT.feed]).toMatchObject({ etag: '"v1"', last_status: 200, items_seen: 2, failures: 0 });
    expect(first.health[0]).toMatchObject({ outcome: 'updated', articles: 2, last_status: 200, items_seen: 2 });
    expect(first.byFeed[LEVANT.feed]).toHaveLength(2);
    expect(net.requests[0].headers.get('if-none-match')).toBeNull();

    const afterIngest = recordNewArticles(first.state, LEVANT.feed, 2);
    const stored: PollState = JSON.parse(JSON.stringify(afterIngest));
    const second = await pollSources([LEVANT], stored, options(net.fetch, at(1800)));
    expect(net.requests[1].headers.get('if-none-match')).toBe('"v1"');
    expect(net.requests[1].headers.get('if-modified-since')).toBe('Thu, 05 Dec 2024 18:02:11 GMT');
    expect(second.articles).toEqual([]);
    expect(second.health[0]).toMatchObject({ outcome: 'not_modified', last_status: 304, new_articles: 2 });
    // 200 → 304: only the timestamps and the status move.
    const changed = (a: PollState, b: PollState) => {
      const before = a.sources[LEVANT.feed] as unknown as Record<string, unknown>;
      const after = b.sources[LEVANT.feed] as unknown as Record<string, unknown>;
      return Object.keys({ ...before, ...after }).filter((k) => JSON.stringify(before[k]) !== JSON.stringify(after[k]));
    };
    expect(changed(stored, second.state).sort()).toEqual(['last_attempt', 'last_status', 'last_success']);
    // 304 → 304: deep-equal apart from the volatile timestamps, and byte-equal once they are stripped.
    const third = await pollSources([LEVANT], JSON.parse(JSON.stringify(second.state)), options(net.fetch, at(3600)));
    expect(changed(second.state, third.state).every((k) => (VOLATILE_POLL_FIELDS as readonly string[]).includes(k))).toBe(true);
    expect(JSON.stringify(stablePollState(third.state))).toBe(JSON.stringify(stablePollState(second.state)));
  });

  it('treats identical bytes from a server without validators as not modified', async () => {
    const net = fakeFetch({ [LEVANT.feed]: feedResponse('rss-20-wordpress.xml') });
    const first = await pollSources([LEVANT], emptyPollState(), options(net.fetch, T0));
    const second = await pollSources([LEVANT], first.state, options(net.fetch, at(1800)));
    expect(second.articles).toEqual([]);
    expect(second.health[0].outcome).toBe('not_modified');
    expect(stablePollState(second.state)).toEqual(stablePollState(first.state));
  });
});

describe('politeness', () => {
  it('honours 429 with Retry-After in seconds: not polled again before it runs out', async () => {
    const net = fakeFetch({ [LEVANT.feed]: () => new Response('slow down', { status: 429, headers: { 'retry-after': '3600' } }) });
    const r = await pollSources([LEVANT], emptyPollState(), options(net.fetch, T0));
    expect(r.health[0]).toMatchObject({ outcome: 'failed', error_code: 'rate_limited', last_status: 429, next_allowed_at: '2024-12-05T19:00:00Z' });
    const early = await pollSources([LEVANT], r.state, options(net.fetch, at(1800)));
    expect(net.requests).toHaveLength(1);
    expect(early.health[0].outcome).toBe('not_due');
    expect(early.state).toEqual(r.state);
    await pollSources([LEVANT], r.state, options(net.fetch, at(3600)));
    expect(net.requests).toHaveLength(2);
  });

  it('honours 503 with an HTTP-date Retry-After', async () => {
    const net = fakeFetch({ [LEVANT.feed]: () => new Response('', { status: 503, headers: { 'retry-after': 'Thu, 05 Dec 2024 20:00:00 GMT' } }) });
    const r = await pollSources([LEVANT], emptyPollState(), options(net.fetch, T0));
    expect(r.state.sources[LEVANT.feed]).toMatchObject({ next_allowed_at: '2024-12-05T20:00:00Z', error: { code: 'rate_limited' } });
  });

  it('backs a failing source off exponentially, capped, and resets after a success', async () => {
    let fail = true;
    const net = fakeFetch({ [LEVANT.feed]: () => (fail ? new Response('boom', { status: 500, statusText: 'Internal Server Error' }) : feedResponse('rss-20-wordpress.xml')()) });
    const opts = { backoffBaseMs: 60_000, maxIntervalMs: 5 * 60_000 };
    let state = emptyPollState();
    const waits: number[] = [];
    let now = T0;
    for (let i = 0; i < 5; i++) {
      const r = await pollSources([LEVANT], state, options(net.fetch, now, opts));
      state = r.state;
      const s = state.sources[LEVANT.feed];
      waits.push((Date.parse(s.next_allowed_at!) - now.getTime()) / 60_000);
      now = new Date(Date.parse(s.next_allowed_at!));
    }
    expect(waits).toEqual([1, 2, 4, 5, 5]);
    expect(state.sources[LEVANT.feed]).toMatchObject({ failures: 5, last_status: 500, error: { code: 'http_status', message: 'HTTP 500 Internal Server Error' } });
    fail = false;
    const ok = await pollSources([LEVANT], state, options(net.fetch, now, opts));
    expect(ok.state.sources[LEVANT.feed]).toMatchObject({ failures: 0, last_status: 200 });
    expect(ok.state.sources[LEVANT.feed].error).toBeUndefined();
    expect(ok.state.sources[LEVANT.feed].next_allowed_at).toBeUndefined();
  });

  it('waits out the feed <ttl> and Cache-Control max-age', async () => {
    const teaser: SourceConfig = { name: 'Teaser Times', feed: 'https://teasers.example/rss' };
    const net = fakeFetch({
      [teaser.feed]: feedResponse('rss-20-ttl-summaries.xml'),
      [LEVANT.feed]: feedResponse('rss-20-wordpress.xml', { 'cache-control': 'public, max-age=3600', age: '600' }),
    });
    const r = await pollSources([teaser, LEVANT], emptyPollState(), options(net.fetch, T0));
    expect(r.state.sources[teaser.feed]).toMatchObject({ ttl_minutes: 120, next_allowed_at: '2024-12-05T20:00:00Z' });
    expect(r.state.sources[LEVANT.feed].next_allowed_at).toBe('2024-12-05T18:50:00Z');
    const again = await pollSources([teaser, LEVANT], r.state, options(net.fetch, at(1800)));
    expect(again.health.map((h) => h.outcome)).toEqual(['not_due', 'not_due']);
    expect(net.requests).toHaveLength(2);
  });
});

describe('redirects and URLs', () => {
  it('follows redirects by hand (relative Location too) and notes where the feed moved', async () => {
    const net = fakeFetch({
      'http://levant24.example/feed': () => new Response(null, { status: 301, headers: { location: 'https://levant24.example/feed' } }),
      'https://levant24.example/feed': () => new Response(null, { status: 302, headers: { location: '/feed/' } }),
      [LEVANT.feed]: feedResponse('rss-20-wordpress.xml'),
    });
    const r = await pollSources([{ ...LEVANT, feed: 'http://levant24.example/feed' }], emptyPollState(), options(net.fetch, T0));
    expect(r.articles).toHaveLength(2);
    expect(r.health[0]).toMatchObject({ outcome: 'updated', final_url: LEVANT.feed });
    expect(r.subrequests).toBe(3);
  });

  it('stops at the redirect limit', async () => {
    const net = fakeFetch({});
    const loop = (async (input: RequestInfo | URL) => {
      const n = Number(new URL(String(input)).searchParams.get('n') ?? 0);
      net.requests.push(new Request(String(input)));
      return new Response(null, { status: 302, headers: { location: `https://loop.example/feed?n=${n + 1}` } });
    }) as typeof fetch;
    const r = await pollSources([{ name: 'Loop', feed: 'https://loop.example/feed' }], emptyPollState(), options(loop, T0, { maxRedirects: 3 }));
    expect(r.health[0]).toMatchObject({ outcome: 'failed', error_code: 'too_many_redirects' });
    expect(net.requests).toHaveLength(4);
  });

  it('refuses a redirect to a non-http(s) URL and a feed URL that is not http(s)', async () => {
    const net = fakeFetch({ 'https://ftp.example/feed': () => new Response(null, { status: 301, headers: { location: 'ftp://ftp.example/feed.xml' } }) });
    const r = await pollSources(
      [
        { name: 'FTP', feed: 'https://ftp.example/feed' },
        { name: 'File', feed: 'file:///etc/passwd' },
      ],
      emptyPollState(),
      options(net.fetch, T0),
    );
    expect(r.health.map((h) => h.error_code)).toEqual(['bad_url', 'bad_url']);
    expect(net.requests.map((q) => q.url)).toEqual(['https://ftp.example/feed']);
  });
});

describe('subrequest budget', () => {
  const many: SourceConfig[] = Array.from({ length: 12 }, (_, i) => ({ name: `S${i}`, feed: `https://s${i}.example/feed` }));
  const routes = Object.fromEntries(many.map((s) => [s.feed, () => new Response(null, { status: 304 })]));

  it('rotates through more sources than one run can afford, least recently polled first', async () => {
    const net = fakeFetch(routes);
    let state = emptyPollState();
    const polledPerRun: string[][] = [];
    for (let run = 0; run < 4; run++) {
      const before = net.requests.length;
      const r = await pollSources(many, state, options(net.fetch, at(run * 1800), { maxSubrequests: 5, reserveForExtras: 0 }));
      state = r.state;
      polledPerRun.push(net.requests.slice(before).map((q) => new URL(q.url).hostname.split('.')[0]));
      expect(r.subrequests).toBeLessThanOrEqual(5);
      expect(r.health.filter((h) => h.outcome === 'deferred')).toHaveLength(7);
    }
    expect(polledPerRun).toEqual([
      ['s0', 's1', 's2', 's3', 's4'],
      ['s5', 's6', 's7', 's8', 's9'],
      ['s10', 's11', 's0', 's1', 's2'],
      ['s3', 's4', 's5', 's6', 's7'],
    ]);
  });

  it('keeps a reserve for redirects by default and never exceeds the budget', async () => {
    const net = fakeFetch(routes);
    const r = await pollSources(many, emptyPollState(), options(net.fetch, T0, { maxSubrequests: 10 }));
    expect(net.requests).toHaveLength(8);
    expect(r.subrequests).toBe(8);
  });

  it('defers a source whose redirects would exceed the budget, leaving its state untouched', async () => {
    const net = fakeFetch({
      'https://a.example/feed': () => new Response(null, { status: 301, headers: { location: 'https://a.example/new' } }),
    });
    const r = await pollSources([{ name: 'A', feed: 'https://a.example/feed' }], emptyPollState(), options(net.fetch, T0, { maxSubrequests: 1 }));
    expect(r.health[0].outcome).toBe('deferred');
    expect(r.state.sources['https://a.example/feed'].last_attempt).toBeUndefined();
    expect(net.requests).toHaveLength(1);
  });
});

describe('hostile bodies', () => {
  it('cuts a feed that never ends at the byte cap and cancels the stream', async () => {
    let cancelled = false;
    let pulled = 0;
    const endless = () =>
      new Response(
        new ReadableStream<Uint8Array>({
          start(c) {
            c.enqueue(new TextEncoder().encode('<?xml version="1.0"?><rss version="2.0"><channel>'));
          },
          pull(c) {
            pulled++;
            c.enqueue(new TextEncoder().encode('<item><title>again</title></item>'.repeat(2000)));
          },
          cancel() {
            cancelled = true;
          },
        }),
        { status: 200, headers: { 'content-type': 'application/rss+xml' } },
      );
    const net = fakeFetch({ 'https://endless.example/feed': endless });
    const r = await pollSources([{ name: 'Endless', feed: 'https://endless.example/feed' }], emptyPollState(), options(net.fetch, T0, { maxBytes: 1_000_000 }));
    expect(r.health[0]).toMatchObject({ outcome: 'failed', error_code: 'too_large' });
    expect(cancelled).toBe(true);
    expect(pulled).toBeLessThan(20);
  });

  it('refuses a 20 MB feed by its Content-Length without reading it', async () => {
    let read = false;
    const big = () =>
      new Response(
        new ReadableStream(
          {
            pull() {
              read = true;
            },
          },
          { highWaterMark: 0 },
        ),
        { status: 200, headers: { 'content-length': String(20 * 1024 * 1024) } },
      );
    const net = fakeFetch({ 'https://big.example/feed': big });
    const r = await pollSources([{ name: 'Big', feed: 'https://big.example/feed' }], emptyPollState(), options(net.fetch, T0, { maxBytes: 2_000_000 }));
    expect(r.health[0].error).toBe(`too_large: the body is ${20 * 1024 * 1024} bytes (Content-Length); the limit is 2000000`);
    expect(read).toBe(false);
  });

  it('refuses a 20 MB feed without Content-Length at the cap', async () => {
    const body = new Uint8Array(20 * 1024 * 1024).fill(0x20);
    const net = fakeFetch({ 'https://big.example/feed': () => new Response(body, { status: 200 }) });
    const r = await pollSources([{ name: 'Big', feed: 'https://big.example/feed' }], emptyPollState(), options(net.fetch, T0, { maxBytes: 2_000_000 }));
    expect(r.health[0].error_code).toBe('too_large');
  });

  it('gives up on a body that stalls, at the deadline', async () => {
    const stalled = () => new Response(new ReadableStream({ pull: () => new Promise<void>(() => {}) }), { status: 200 });
    const net = fakeFetch({ 'https://stall.example/feed': stalled });
    const r = await pollSources([{ name: 'Stall', feed: 'https://stall.example/feed' }], emptyPollState(), options(net.fetch, T0, { timeoutMs: 50 }));
    expect(r.health[0]).toMatchObject({ outcome: 'failed', error_code: 'timeout' });
  });

  it('gives up on a server that never answers, at the deadline', async () => {
    const hang = (() => new Promise<Response>(() => {})) as typeof fetch;
    const r = await pollSources([{ name: 'Hang', feed: 'https://hang.example/feed' }], emptyPollState(), options(hang, T0, { timeoutMs: 50 }));
    expect(r.health[0]).toMatchObject({ outcome: 'failed', error_code: 'timeout' });
  });

  it('reports a network failure in words', async () => {
    const down = (async () => {
      throw new TypeError('getaddrinfo ENOTFOUND down.example');
    }) as typeof fetch;
    const r = await pollSources([{ name: 'Down', feed: 'https://down.example/feed' }], emptyPollState(), options(down, T0));
    expect(r.health[0].error).toBe('network: the request failed: getaddrinfo ENOTFOUND down.example');
  });

  it('one healthy and one hostile source: the healthy articles come back, the other reports its error', async () => {
    const evil: SourceConfig = { name: 'Evil', feed: 'https://evil.example/feed' };
    const html: SourceConfig = { name: 'Homepage', feed: 'https://home.example/' };
    const net = fakeFetch({
      [LEVANT.feed]: feedResponse('rss-20-wordpress.xml'),
      [evil.feed]: feedResponse('hostile-billion-laughs.xml'),
      [html.feed]: () => new Response(fixture('hostile-html-page.html'), { headers: { 'content-type': 'text/html' } }),
    });
    const r = await pollSources([evil, LEVANT, html], emptyPollState(), options(net.fetch, T0));
    expect(r.articles.map((a) => a.source)).toEqual(['Levant24', 'Levant24']);
    expect(r.health.map((h) => [h.name, h.outcome, h.error_code])).toEqual([
      ['Evil', 'failed', 'entity_declaration'],
      ['Levant24', 'updated', undefined],
      ['Homepage', 'failed', 'not_a_feed'],
    ]);
    expect(r.health[2].error).toContain('links to a feed at https://home.example/feed/');
    expect(r.state.sources[evil.feed]).toMatchObject({ failures: 1, last_status: 200 });
    expect(r.state.sources[evil.feed].etag).toBeUndefined();
  });
});

describe('full text', () => {
  const teaser: SourceConfig = { name: 'Teaser Times', feed: 'https://teasers.example/rss', full_text: true };
  const page = `<!doctype html><html><head><title>x</title><script>var a=1</script></head><body>
    <nav><a href="/">Home</a> <a href="/economy">Economy</a></nav>
    <article><h1>Central bank holds rates</h1>
      <div class="article-body" itemprop="articleBody">
        <p>The central bank kept its key interest rate unchanged at 4.5% on Wednesday, as expected by most economists.</p>
        <div class="share-buttons"><a href="#">Share on X</a></div>
        <p>The governor said inflation was falling but the bank needed to see more evidence before cutting rates.</p>
      </div>
    </article>
    <footer><p>© 2024 Teaser Times. All rights reserved. Terms of use and privacy policy apply to this site.</p></footer>
  </body></html>`;

  it('fetches the page of a summary-only item and extracts its main text', async () => {
    const net = fakeFetch({
      [teaser.feed]: feedResponse('rss-20-ttl-summaries.xml'),
      'https://teasers.example/economy/rates-held': () => new Response(page, { headers: { 'content-type': 'text/html; charset=utf-8' } }),
    });
    const r = await pollSources([teaser], emptyPollState(), options(net.fetch, T0));
    expect(r.articles[0].text).toBe(
      'The central bank kept its key interest rate unchanged at 4.5% on Wednesday, as expected by most economists.\n\n' +
        'The governor said inflation was falling but the bank needed to see more evidence before cutting rates.',
    );
    expect(r.subrequests).toBe(2);
  });

  it('does not fetch pages of articles already stored, nor for sources without full_text', async () => {
    const net = fakeFetch({ [teaser.feed]: feedResponse('rss-20-ttl-summaries.xml') });
    const known = await pollSources([teaser], emptyPollState(), options(net.fetch, T0, { knownUrls: (urls) => new Set(urls) }));
    expect(known.articles[0].text).toBe('The central bank kept its key rate unchanged.');
    await pollSources([{ ...teaser, full_text: false }], emptyPollState(), options(net.fetch, T0));
    expect(net.requests.map((q) => q.url)).toEqual([teaser.feed, teaser.feed]);
  });

  it('keeps the summary when the page cannot be read', async () => {
    const net = fakeFetch({ [teaser.feed]: feedResponse('rss-20-ttl-summaries.xml') });
    const r = await pollSources([teaser], emptyPollState(), options(net.fetch, T0));
    expect(r.articles[0].text).toBe('The central bank kept its key rate unchanged.');
    expect(r.health[0].outcome).toBe('updated');
  });
});

describe('state', () => {
  it('keeps only configured sources and reads stored state leniently', () => {
    const loaded = loadPollState({
      sources: {
        [LEVANT.feed]: { etag: '"x"', failures: 'many', items_seen: 3, error: { code: 'timeout', message: 'slow' }, junk: 1 },
        'https://gone.example/feed': 'nonsense',
      },
    });
    expect(loaded).toEqual({ sources: { [LEVANT.feed]: { etag: '"x"', failures: 0, items_seen: 3, new_articles: 0, error: { code: 'timeout', message: 'slow' } } } });
    expect(loadPollState('garbage')).toEqual(emptyPollState());
    expect(loadPollState(null)).toEqual(emptyPollState());
  });

  it('drops state of sources no longer configured', async () => {
    const net = fakeFetch({ [LEVANT.feed]: () => new Response(null, { status: 304 }) });
    const old = loadPollState({ sources: { 'https://gone.example/feed': { failures: 2 } } });
    const r = await pollSources([LEVANT], old, options(net.fetch, T0));
    expect(Object.keys(r.state.sources)).toEqual([LEVANT.feed]);
  });

  it('builds health from stored state alone for /healthz', () => {
    const state = loadPollState({ sources: { [LEVANT.feed]: { failures: 1, last_status: 500, error: { code: 'http_status', message: 'HTTP 500' } } } });
    expect(healthFromState([LEVANT], state)).toEqual([
      { name: 'Levant24', feed: LEVANT.feed, last_status: 500, items_seen: 0, new_articles: 0, failures: 1, error: 'http_status: HTTP 500', error_code: 'http_status' },
    ]);
  });
});
