// The product end to end on the bundled articles: the first request builds the edition from articles/
// (bundled at build time), stores it in KV, and every output shows the seeds as one story.
import { describe, it, expect } from 'vitest';
import { get, json } from './helpers';

const OUTLETS = ['ETANA Syria', 'Hürriyet Daily News', 'Voice of Vienna', 'Levant24', 'Barran Press'];

describe('the bundled articles, served', () => {
  it('the brief shows one story naming all five outlets', async () => {
    const r = await get('/');
    expect(r.status).toBe(200);
    expect(r.headers.get('Content-Type')).toBe('text/html; charset=utf-8');
    const html = await r.text();
    expect(html.match(/<article\b/g)).toHaveLength(1);
    for (const o of OUTLETS) expect(html).toContain(o.replace('ü', 'ü'));
    expect(html).toMatch(/<html lang="en">/);
    expect(html).toContain('rel="alternate" type="application/rss+xml"');
    expect(html).toContain('rel="alternate" type="application/atom+xml"');
    expect(html).toContain('rel="alternate" type="application/feed+json"');
    expect(html).toContain('<meta property="og:title"');
    expect(html).toContain('5 outlets, 4 independent reports');
  });

  it('each feed holds that one story, linking to its permalink', async () => {
    const rss = await (await get('/feed.xml')).text();
    expect(rss.match(/<item>/g)).toHaveLength(1);
    const atom = await (await get('/feed.atom')).text();
    expect(atom.match(/<entry>/g)).toHaveLength(1);
    const feed = await json(await get('/feed.json'));
    expect(feed.version).toBe('https://jsonfeed.org/version/1.1');
    expect(feed.items).toHaveLength(1);
    const item = feed.items[0];
    expect(item.url).toMatch(/^http:\/\/localhost:8787\/stories\/[0-9a-f]{16}$/);
    for (const o of OUTLETS) expect(item.content_html).toContain(o);
    expect(rss).toContain(`<link>${item.url}</link>`);
    expect(atom).toContain(`<id>${item.url}</id>`);
    const page = await get(new URL(item.url).pathname);
    expect(page.status).toBe(200);
    const text = await page.text();
    for (const o of OUTLETS) expect(text).toContain(o);
  });

  it('media types are the contract’s', async () => {
    const cases: [string, string][] = [
      ['/feed.xml', 'application/rss+xml; charset=utf-8'],
      ['/feed.atom', 'application/atom+xml; charset=utf-8'],
      ['/feed.json', 'application/feed+json; charset=utf-8'],
      ['/api/stories', 'application/json; charset=utf-8'],
      ['/healthz', 'application/json; charset=utf-8'],
    ];
    for (const [path, type] of cases) expect((await get(path)).headers.get('Content-Type'), path).toBe(type);
  });

  it('/api/stories lists the story with its member article URLs and copy_of', async () => {
    const body = await json(await get('/api/stories'));
    expect(body.stories).toHaveLength(1);
    const s = body.stories[0];
    expect(s.articles).toHaveLength(5);
    expect(s.sources.filter((x: any) => x.copy_of)).toHaveLength(1);
    expect(s.independent_count).toBe(4);
    expect(s.outlet_count).toBe(5);
  });
});
