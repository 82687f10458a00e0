// Reports in Chinese, Japanese and Hindi through the real path: posted to /api/articles, clustered by the scheduled
// handler, read back from /api/stories, the brief and the feeds. The reader once took a whole Chinese clause for one
// word and cut Hindi words at every vowel sign, so such reports never met: each was a story of its own.
import { describe, expect, it } from 'vitest';
import { MULTILINGUAL_EVENTS } from '../fixtures/multilingual';
import { get, json, post, runCron } from './helpers';

// The reports are of 2022–2024, older than the bundled seed articles: the edition takes every story.
const ALL = { DIGEST_WINDOW_HOURS: 'all' };

interface ApiStory {
  articles: string[];
  independent_count: number;
}

describe('Chinese, Japanese and Hindi reports (posted, clustered by the cron, read back)', () => {
  it('makes one story of each event and keeps the look-alike events apart', async () => {
    const all = Object.values(MULTILINGUAL_EVENTS).flat();
    const r = await post('/api/articles', all);
    expect(r.status, await r.clone().text()).toBe(201);
    await runCron(Date.now(), ALL);
    const { stories } = await json<{ stories: ApiStory[] }>(await get('/api/stories?limit=500'));
    const storyOf = (url: string) => stories.find((s) => s.articles.includes(url))!;
    for (const [event, reports] of Object.entries(MULTILINGUAL_EVENTS)) {
      const story = storyOf(reports[0].url);
      expect(story, event).toBeDefined();
      // Exactly this event's reports, each an independent report.
      expect([...story.articles].sort(), event).toEqual(reports.map((x) => x.url).sort());
      expect(story.independent_count, event).toBe(reports.length);
    }
    const urls = new Set(all.map((x) => x.url));
    expect(stories.filter((s) => s.articles.some((u) => urls.has(u)))).toHaveLength(Object.keys(MULTILINGUAL_EVENTS).length);
  });

  it('serves the brief and the feeds with the stories\' own script', async () => {
    expect((await post('/api/articles', Object.values(MULTILINGUAL_EVENTS).flat())).status).toBe(201);
    await runCron(Date.now(), ALL);
    for (const path of ['/', '/feed.xml', '/feed.atom', '/feed.json']) {
      const r = await get(path);
      expect(r.status, path).toBe(200);
      const body = await r.text();
      for (const event of ['ja-hyuganada', 'zh-luding', 'hi-aditya']) expect(body, `${path}: ${event}`).toContain(MULTILINGUAL_EVENTS[event][0].url);
    }
  });
});
