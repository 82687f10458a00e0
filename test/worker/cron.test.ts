// The scheduled handler runs the same pipeline as /api/rebuild: it builds the edition from the bundled
// articles and reports its run in /healthz.
import { describe, it, expect } from 'vitest';
import { env } from 'cloudflare:workers';
import { KEYS } from '../../src/store/keys';
import { app } from '../../src/serve/app';
import { get, json, post, otherArticle, runCron } from './helpers';

describe('the cron trigger', () => {
  it('builds and stores the edition, and /healthz reports the run', async () => {
    expect(await env.MERGEWIRE_KV.get(KEYS.edition)).toBeNull();
    await runCron(Date.UTC(2026, 10, 24, 12, 0));
    expect(await env.MERGEWIRE_KV.get(KEYS.edition)).not.toBeNull();
    const h = await json(await get('/healthz'));
    expect(h.last_run.trigger).toBe('cron');
    expect(h.last_run.ok).toBe(true);
    expect(h.last_run.started).toBe('2026-11-24T12:00:00.000Z');
    expect(h.articles).toBe(5);
    expect(h.stories).toBe(1);
  });

  it('picks up articles posted since the last run', async () => {
    await runCron();
    await post('/api/articles', otherArticle(3));
    await runCron();
    expect((await json(await get('/feed.json'))).items).toHaveLength(2);
  });

  it('a second run with nothing new writes only its status', async () => {
    await runCron();
    await runCron();
    const h = await json(await get('/healthz'));
    expect(h.last_run.kv_writes).toBe(1);
    expect(h.last_run.edition_changed).toBe(false);
  });

  it('/healthz lists every configured source, even one not polled yet', async () => {
    await runCron();
    const feed = 'https://news.example/new-feed.xml';
    const r = await app.fetch(new Request('http://localhost:8787/healthz'), { ...env, SOURCES: JSON.stringify([{ name: 'Newcomer', feed }]) } as never);
    const h = await json(r);
    expect(h.sources).toEqual([expect.objectContaining({ name: 'Newcomer', feed, items_seen: 0 })]);
    expect(h.sources[0].last_attempt).toBeUndefined();
  });

  it('a bad configuration value is reported in /healthz, not ignored', async () => {
    await runCron(Date.now(), { DIGEST_WINDOW_HOURS: 'soon' } as never);
    const h = await json(await get('/healthz'));
    expect(h.last_run.config_problems.join(' ')).toMatch(/DIGEST_WINDOW_HOURS must be a whole number/);
  });
});
