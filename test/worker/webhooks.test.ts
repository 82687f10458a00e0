// Push delivery through the real cron handler: a fake `fetch` plays Slack's and Discord's webhooks.
import { describe, it, expect, beforeEach, afterEach, vi } from 'vitest';
import { get, json, otherArticle, post, runCron } from './helpers';

const SLACK = 'https://hooks.slack.test/services/T0/B0/x';
const DISCORD = 'https://discord.test/api/webhooks/1/abc';
const TARGETS = { SLACK_WEBHOOK_URL: SLACK, DISCORD_WEBHOOK_URL: DISCORD } as never;

type Reply = () => Response;
let calls: { url: string; body: any }[];
let replies: { slack: Reply[]; discord: Reply[] };
const ok = () => new Response('ok', { status: 200 });
const realFetch = globalThis.fetch;

beforeEach(() => {
  calls = [];
  replies = { slack: [], discord: [] };
  vi.spyOn(globalThis, 'fetch').mockImplementation(async (input: RequestInfo | URL, init?: RequestInit) => {
    const req = new Request(input, init);
    const target = req.url.startsWith(SLACK) ? 'slack' : req.url.startsWith(DISCORD) ? 'discord' : null;
    if (!target) return realFetch(input, init);
    calls.push({ url: req.url, body: await req.json() });
    return (replies[target].shift() ?? ok)();
  });
});
afterEach(() => {
  vi.restoreAllMocks();
});

const to = (t: 'slack' | 'discord') => calls.filter((c) => c.url.startsWith(t === 'slack' ? SLACK : DISCORD));

describe('webhook delivery on the cron', () => {
  it('posts one message per story to each target, then nothing on the next run', async () => {
    await post('/api/articles', otherArticle());
    await runCron(Date.now(), TARGETS);
    expect(to('slack')).toHaveLength(2);
    expect(to('discord')).toHaveLength(2);
    expect(to('discord').every((c) => c.url.includes('wait=true'))).toBe(true);
    expect(to('discord').every((c) => Array.isArray(c.body.allowed_mentions.parse) && c.body.allowed_mentions.parse.length === 0)).toBe(true);
    expect(to('slack').some((c) => JSON.stringify(c.body).includes('5 outlets, 4 independent reports'))).toBe(true);
    calls = [];
    await runCron(Date.now(), TARGETS);
    expect(calls).toHaveLength(0);
    const h = await json(await get('/healthz'));
    expect(h.webhooks.slack.last_success).toBeTruthy();
    expect(h.webhooks.discord.last_error).toBeNull();
  });

  it('a story that gains a source is posted again, as an update', async () => {
    await post('/api/articles', otherArticle(1));
    await runCron(Date.now(), TARGETS);
    calls = [];
    const rewrite = {
      ...otherArticle(2),
      title: 'Harbour bridge opens to traffic after six years of work',
      text: `${otherArticle(2).text} Local businesses welcomed the opening of the harbour bridge.`,
    };
    await post('/api/articles', rewrite);
    await runCron(Date.now(), TARGETS);
    expect(to('slack')).toHaveLength(1);
    expect(to('discord')).toHaveLength(1);
    expect(JSON.stringify(to('slack')[0].body)).toContain('Example Gazette 2');
    // It joined the existing story (an update), rather than opening a third one.
    const stories = (await json(await get('/api/stories'))).stories;
    expect(stories).toHaveLength(2);
    expect(stories.find((s: any) => s.articles.length === 2)).toBeDefined();
  });

  it('a target answering 429 then 200 gets exactly one copy', async () => {
    replies.slack = [() => new Response('slow down', { status: 429, headers: { 'Retry-After': '0' } })];
    await runCron(Date.now(), TARGETS);
    expect(to('slack')).toHaveLength(2); // the refused attempt and the one accepted copy
    expect(to('discord')).toHaveLength(1);
    calls = [];
    await runCron(Date.now(), TARGETS);
    expect(calls).toHaveLength(0);
  });

  it('a target answering 404 is stopped and reported while the other still receives', async () => {
    replies.discord = [() => new Response('{"message": "Unknown Webhook", "code": 10015}', { status: 404 })];
    await post('/api/articles', otherArticle());
    await runCron(Date.now(), TARGETS);
    expect(to('discord')).toHaveLength(1); // stopped after the first refusal
    expect(to('slack')).toHaveLength(2);
    const h = await json(await get('/healthz'));
    expect(h.webhooks.discord.last_error.status).toBe(404);
    expect(h.webhooks.discord.stopped).toBeTruthy();
    expect(h.webhooks.slack.last_error).toBeNull();
  });
});

describe('pull routes', () => {
  it('/slack.json and /discord.json are the edition as webhook messages', async () => {
    const slack = await json(await get('/slack.json'));
    expect(typeof slack.text).toBe('string');
    expect(Array.isArray(slack.blocks)).toBe(true);
    const discord = await json(await get('/discord.json'));
    expect(discord.embeds.length).toBeGreaterThan(0);
    expect(discord.allowed_mentions).toEqual({ parse: [] });
  });
});
