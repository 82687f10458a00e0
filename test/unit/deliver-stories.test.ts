// Deliver (edge, effects injected): an injected fetch plays the Slack and Discord webhooks, a fake clock
// advances only when the code sleeps. Checks one message per story, nothing twice, updates on a new source,
// 429 / 5xx / 404 handling per target, the deadline, and that the webhook URL (a secret) is never reported.
import { describe, it, expect } from 'vitest';
import type { Story } from '../../src/model';
import { deliverStories, emptyLedger, readLedger, pendingStories, type DeliverOptions, type DeliveryLedger } from '../../src/deliver/deliver-stories';
import { parseRetryAfter, postWebhook } from '../../src/deliver/post-webhook';
import { SITE, makeStory, withNewSource } from './deliver-fixtures';

const SLACK = 'https://hooks.slack.test/services/T0/B0/secretslack';
const DISCORD = 'https://discord.test/api/webhooks/123/secretdiscord';
const T0 = Date.parse('2026-11-24T12:00:00.000Z');

type Reply = number | (() => Response);
interface Post {
  target: 'slack' | 'discord';
  url: string;
  body: any;
  status: number;
}

/** Two fake webhooks: each answers from its script of replies (then 200), and records every request. */
function webhooks(script: { slack?: Reply[]; discord?: Reply[] } = {}) {
  const queues = { slack: [...(script.slack ?? [])], discord: [...(script.discord ?? [])] };
  const posts: Post[] = [];
  const fetch = async (url: string, init: RequestInit): Promise<Response> => {
    const target = url.startsWith('https://hooks.slack.test/') ? 'slack' : 'discord';
    const next = queues[target].shift() ?? 200;
    const res = typeof next === 'number' ? new Response(next === 200 ? (target === 'slack' ? 'ok' : '{"id":"1"}') : `error ${next}`, { status: next }) : next();
    posts.push({ target, url, body: JSON.parse(String(init.body)), status: res.status });
    return res;
  };
  /** Messages the webhook accepted, per target. */
  const accepted = (target: 'slack' | 'discord') => posts.filter((p) => p.target === target && p.status < 300);
  return { fetch, posts, accepted };
}

/** A clock that moves only when the code under test sleeps. */
function clock(start = T0) {
  const c = { t: start, sleeps: [] as number[] };
  return { c, now: () => c.t, sleep: async (ms: number) => void (c.sleeps.push(ms), (c.t += ms)) };
}

function run(stories: Story[], ledger: unknown, hooks: ReturnType<typeof webhooks>, extra: Partial<DeliverOptions> = {}, clk = clock()) {
  return deliverStories({
    stories,
    ledger,
    targets: { slack: SLACK, discord: DISCORD },
    site: SITE,
    fetch: hooks.fetch,
    now: clk.now,
    sleep: clk.sleep,
    deadlineMs: clk.c.t + 60_000,
    ...extra,
  });
}

const headline = (p: Post) => (p.target === 'slack' ? p.body.text : p.body.embeds[0].title);

describe('one message per story, never twice', () => {
  const stories = [makeStory(3), makeStory(1), makeStory(2)];

  it('the first run posts each story once to each target, oldest first', async () => {
    const hooks = webhooks();
    const r = await run(stories, null, hooks);
    expect(hooks.accepted('slack').map(headline)).toEqual(['New story: Headline 1', 'New story: Headline 2', 'New story: Headline 3']);
    expect(hooks.accepted('discord').map(headline)).toEqual(['Headline 1', 'Headline 2', 'Headline 3']);
    expect(r.health.slack).toMatchObject({ configured: true, posted_this_run: 3, pending: 0, stopped: null, last_error: null, last_success: '2026-11-24T12:00:00.000Z' });
    expect(r.health.discord.posted_this_run).toBe(3);
    expect(Object.keys(r.ledger.targets.slack!.stories).sort()).toEqual(['story001', 'story002', 'story003']);
    expect(r.ledger.targets.slack!.stories.story001.articles).toEqual(['story001-a1', 'story001-a2']);
    expect(r.changed).toBe(true);
  });

  it('Discord is asked to wait for the message (?wait=true) so failures are seen', async () => {
    const hooks = webhooks();
    await run([makeStory(1)], null, hooks);
    expect(hooks.posts.find((p) => p.target === 'discord')?.url).toBe(`${DISCORD}?wait=true`);
    expect(hooks.posts.find((p) => p.target === 'slack')?.url).toBe(SLACK);
  });

  it('a second run with the stored ledger posts nothing and changes nothing', async () => {
    const first = await run(stories, null, webhooks());
    const stored = JSON.parse(JSON.stringify(first.ledger));
    const hooks = webhooks();
    const second = await run(stories, stored, hooks);
    expect(hooks.posts).toEqual([]);
    expect(second.changed).toBe(false);
    expect(second.health.slack.posted_this_run).toBe(0);
    expect(second.health.slack.last_success).toBe(first.health.slack.last_success);
  });

  it('a story that gains a source is posted again, as an update naming the new outlet', async () => {
    const first = await run(stories, null, webhooks());
    const grown = [stories[0], withNewSource(stories[1], 'Late Wire'), stories[2]];
    const hooks = webhooks();
    const r = await run(grown, first.ledger, hooks);
    expect(hooks.accepted('slack').map(headline)).toEqual(['Update: Headline 1']);
    expect(JSON.stringify(hooks.accepted('slack')[0].body.blocks[0])).toContain('new report from Late Wire');
    expect(hooks.accepted('discord').map((p) => p.body.content)).toEqual([expect.stringMatching(/^\*\*Update\*\* · new report from Late Wire/)]);
    expect(r.ledger.targets.discord!.stories.story001.articles).toHaveLength(3);
  });

  it('a story whose wording changed, or that lost a source, is not posted again', async () => {
    const first = await run(stories, null, webhooks());
    const reworded = { ...stories[0], headline: 'Reworded', version: 'v-new', summary: [{ text: 'New words.', article_ids: ['story003-a1'] }] };
    const shrunk = { ...stories[1], sources: stories[1].sources.slice(0, 1), version: 'v-shrunk' };
    const hooks = webhooks();
    await run([reworded, shrunk, stories[2]], first.ledger, hooks);
    expect(hooks.posts).toEqual([]);
  });

  it('errs on the side of a duplicate: a run whose ledger was never stored (a crash) posts its stories again', async () => {
    const before = await run([makeStory(1)], null, webhooks());
    const crashed = await run([makeStory(1), makeStory(2)], before.ledger, webhooks());
    expect(crashed.health.slack.posted_this_run).toBe(1);
    // The crash lost `crashed.ledger`: the next run starts from `before.ledger` and posts story 2 again.
    const hooks = webhooks();
    await run([makeStory(1), makeStory(2)], before.ledger, hooks);
    expect(hooks.accepted('slack').map(headline)).toEqual(['New story: Headline 2']);
  });

  it('an unconfigured target is not posted to and keeps its ledger entries', async () => {
    const first = await run(stories, null, webhooks());
    const hooks = webhooks();
    const r = await run([...stories, makeStory(4)], first.ledger, hooks, { targets: { discord: DISCORD } });
    expect(hooks.posts.map((p) => p.target)).toEqual(['discord']);
    expect(r.health.slack).toMatchObject({ configured: false, posted_this_run: 0 });
    expect(Object.keys(r.ledger.targets.slack!.stories)).toHaveLength(3);
  });

  it('posts at most maxPostsPerTarget a run and leaves the rest for the next', async () => {
    const five = [1, 2, 3, 4, 5].map((i) => makeStory(i));
    const first = await run(five, null, webhooks(), { maxPostsPerTarget: 2 });
    expect(first.health.slack).toMatchObject({ posted_this_run: 2, pending: 3, stopped: 'max_posts' });
    const hooks = webhooks();
    await run(five, first.ledger, hooks, { maxPostsPerTarget: 2 });
    expect(hooks.accepted('slack').map(headline)).toEqual(['New story: Headline 3', 'New story: Headline 4']);
  });
});

describe('each target on its own', () => {
  const stories = [makeStory(1), makeStory(2)];

  it('a target answering 429 then 200 waits Retry-After and gets exactly one copy', async () => {
    const retry = () => new Response('rate_limited', { status: 429, headers: { 'retry-after': '2' } });
    const hooks = webhooks({ slack: [retry] });
    const clk = clock();
    const r = await run([makeStory(1)], null, hooks, {}, clk);
    expect(hooks.accepted('slack')).toHaveLength(1);
    expect(hooks.posts.filter((p) => p.target === 'slack').map((p) => p.status)).toEqual([429, 200]);
    expect(clk.c.sleeps).toEqual([2000]);
    expect(r.health.slack).toMatchObject({ posted_this_run: 1, stopped: null });
  });

  it("Discord's JSON retry_after (fractional seconds) is honoured", async () => {
    const retry = () => new Response('{"message":"You are being rate limited.","retry_after":0.35,"global":false}', { status: 429, headers: { 'content-type': 'application/json', 'retry-after': '1' } });
    const hooks = webhooks({ discord: [retry] });
    const clk = clock();
    await run([makeStory(1)], null, hooks, {}, clk);
    expect(hooks.accepted('discord')).toHaveLength(1);
    expect(clk.c.sleeps).toEqual([350]);
  });

  it('a 429 whose Retry-After does not fit the deadline is left for the next run, not recorded', async () => {
    const retry = () => new Response('slow down', { status: 429, headers: { 'retry-after': '120' } });
    const hooks = webhooks({ slack: [retry] });
    const clk = clock();
    const r = await run(stories, null, hooks, { deadlineMs: T0 + 30_000 }, clk);
    expect(clk.c.sleeps).toEqual([]);
    expect(hooks.accepted('slack')).toHaveLength(0);
    expect(r.ledger.targets.slack!.stories).toEqual({});
    expect(r.health.slack).toMatchObject({ stopped: 'rate_limited', pending: 2, posted_this_run: 0 });
    expect(r.health.slack.last_error).toMatchObject({ code: 'rate_limited', status: 429, story_id: 'story001' });
    expect(r.health.discord.posted_this_run).toBe(2);
    const later = webhooks();
    await run(stories, r.ledger, later);
    expect(later.accepted('slack').map(headline)).toEqual(['New story: Headline 1', 'New story: Headline 2']);
    expect(later.accepted('discord')).toHaveLength(0);
  });

  it('a target answering 404 is stopped and reported while the other still receives', async () => {
    const hooks = webhooks({ slack: [404, 404] });
    const r = await run(stories, null, hooks);
    expect(hooks.posts.filter((p) => p.target === 'slack')).toHaveLength(1);
    expect(hooks.accepted('discord')).toHaveLength(2);
    expect(r.health.slack).toMatchObject({ stopped: 'rejected', posted_this_run: 0, pending: 2 });
    expect(r.health.slack.last_error).toMatchObject({ code: 'rejected', status: 404 });
    expect(r.health.slack.last_error?.message).toMatch(/does not exist/);
    expect(r.health.discord).toMatchObject({ stopped: null, posted_this_run: 2, last_error: null });
    expect(r.ledger.targets.slack!.stories).toEqual({});
  });

  it('5xx answers are retried with doubling backoff', async () => {
    const hooks = webhooks({ discord: [503, 502] });
    const clk = clock();
    const r = await run([makeStory(1)], null, hooks, {}, clk);
    expect(hooks.posts.filter((p) => p.target === 'discord').map((p) => p.status)).toEqual([503, 502, 200]);
    expect(clk.c.sleeps).toEqual([1000, 2000]);
    expect(hooks.accepted('discord')).toHaveLength(1);
    expect(r.health.discord).toMatchObject({ posted_this_run: 1, stopped: null });
  });

  it('a target that keeps failing with 5xx gives up after the bounded retries, and the story stays pending', async () => {
    const hooks = webhooks({ slack: [500, 500, 500, 500, 500] });
    const r = await run(stories, null, hooks, { maxRetries: 2 });
    expect(hooks.posts.filter((p) => p.target === 'slack')).toHaveLength(3);
    expect(r.health.slack).toMatchObject({ stopped: 'server_error', pending: 2, posted_this_run: 0 });
    expect(r.ledger.targets.slack!.stories).toEqual({});
    expect(r.health.discord.posted_this_run).toBe(2);
  });

  it('timeouts and network errors are retried like 5xx', async () => {
    let calls = 0;
    const hooks = webhooks();
    const flaky = async (url: string, init: RequestInit) => {
      if (url.startsWith(SLACK) && calls++ < 2) throw calls === 1 ? new DOMException('timed out', 'TimeoutError') : new TypeError(`fetch failed for ${SLACK}`);
      return hooks.fetch(url, init);
    };
    const r = await run([makeStory(1)], null, { ...hooks, fetch: flaky });
    expect(hooks.accepted('slack')).toHaveLength(1);
    expect(r.health.slack).toMatchObject({ posted_this_run: 1, stopped: null });
  });

  it('a run with no time left posts nothing and leaves every story pending', async () => {
    const hooks = webhooks();
    const r = await run(stories, null, hooks, { deadlineMs: T0 + 500 });
    expect(hooks.posts).toEqual([]);
    expect(r.health.slack).toMatchObject({ stopped: 'deadline', pending: 2 });
  });

  it('an empty bucket (X-RateLimit-Remaining: 0) pauses before the next post', async () => {
    const drained = () => new Response('{"id":"1"}', { status: 200, headers: { 'x-ratelimit-remaining': '0', 'x-ratelimit-reset-after': '1.5' } });
    const hooks = webhooks({ discord: [drained] });
    const clk = clock();
    await run(stories, null, hooks, { targets: { discord: DISCORD } }, clk);
    expect(clk.c.sleeps).toEqual([1500]);
    expect(hooks.accepted('discord')).toHaveLength(2);
  });

  it('never reports the webhook URL, which is a secret', async () => {
    const hooks = webhooks({ slack: [() => new Response(`invalid_token for ${SLACK}`, { status: 403 })] });
    const flaky = async (url: string, init: RequestInit) => {
      if (url.startsWith('https://discord.test/')) throw new TypeError(`connect failed: ${url}`);
      return hooks.fetch(url, init);
    };
    const r = await run(stories, null, { ...hooks, fetch: flaky }, { maxRetries: 0 });
    const reported = JSON.stringify(r);
    expect(r.health.slack.last_error?.status).toBe(403);
    expect(r.health.discord.last_error?.code).toBe('network');
    expect(reported).not.toContain('secretslack');
    expect(reported).not.toContain('secretdiscord');
  });
});

describe('the ledger', () => {
  it('reads anything: garbage is an empty ledger, well-formed entries survive', () => {
    expect(readLedger(null)).toEqual(emptyLedger());
    expect(readLedger('nonsense')).toEqual(emptyLedger());
    const kept = readLedger({ version: 1, targets: { slack: { stories: { a: { articles: ['x'], at: '2026-11-01T00:00:00Z' }, b: { articles: 3 } }, last_attempt: null, last_success: null, last_error: null } } });
    expect(kept.targets.slack!.stories).toEqual({ a: { articles: ['x'], at: '2026-11-01T00:00:00Z' } });
  });

  it('forgets stories no longer offered once they are older than retainMs, keeps the rest', async () => {
    const ledger: DeliveryLedger = {
      version: 1,
      targets: {
        slack: {
          stories: {
            old: { articles: ['o'], at: '2026-09-01T00:00:00.000Z' },
            recent: { articles: ['r'], at: '2026-11-20T00:00:00.000Z' },
            story001: { articles: ['story001-a1', 'story001-a2'], at: '2026-09-01T00:00:00.000Z' },
          },
          last_attempt: null,
          last_success: null,
          last_error: null,
        },
      },
    };
    const r = await run([makeStory(1)], ledger, webhooks(), { targets: {} });
    expect(Object.keys(r.ledger.targets.slack!.stories).sort()).toEqual(['recent', 'story001']);
    expect(r.changed).toBe(true);
  });

  it('pendingStories: new stories and stories with an unseen article id, oldest first, each once', () => {
    const a = makeStory(1);
    const b = makeStory(2);
    const target = { stories: { [a.id]: { articles: a.sources.map((s) => s.article_id), at: '' } }, last_attempt: null, last_success: null, last_error: null };
    expect(pendingStories([b, a, b], target).map((p) => [p.story.id, p.added])).toEqual([['story002', null]]);
    const grown = withNewSource(a);
    expect(pendingStories([grown], target).map((p) => p.added)).toEqual([['story001-a3']]);
  });
});

describe('postWebhook', () => {
  it('classifies answers: 2xx ok, 429 rate-limited, 5xx server error, other 4xx rejected', async () => {
    const answer = (status: number) => async () => new Response(status === 204 ? null : 'x', { status });
    expect(await postWebhook(answer(204), SLACK, {})).toMatchObject({ ok: true, status: 204 });
    expect(await postWebhook(answer(429), SLACK, {})).toMatchObject({ ok: false, code: 'rate_limited' });
    expect(await postWebhook(answer(503), SLACK, {})).toMatchObject({ ok: false, code: 'server_error', status: 503 });
    expect(await postWebhook(answer(410), SLACK, {})).toMatchObject({ ok: false, code: 'rejected', status: 410 });
  });
  it('posts JSON', async () => {
    let seen: RequestInit | undefined;
    await postWebhook(async (_u, init) => ((seen = init), new Response('ok')), SLACK, { text: 'hi' });
    expect(seen).toMatchObject({ method: 'POST', body: '{"text":"hi"}' });
    expect(new Headers(seen?.headers).get('content-type')).toMatch(/^application\/json/);
  });
  it('reads Retry-After as seconds or as an HTTP date', () => {
    expect(parseRetryAfter('3')).toBe(3000);
    expect(parseRetryAfter('0.25')).toBe(250);
    expect(parseRetryAfter('Tue, 24 Nov 2026 12:00:10 GMT', T0)).toBe(10_000);
    expect(parseRetryAfter('soon', T0)).toBeNull();
    expect(parseRetryAfter(null)).toBeNull();
  });
});
