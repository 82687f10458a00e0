// Hostile outlet text in the brief, the story page and the feeds renders as inert text.
import { describe, it, expect } from 'vitest';
import { get, json, post } from './helpers';

const HOSTILE = {
  url: 'https://evil.example/a?x="><script>alert(1)</script>',
  source: '<script>alert("src")</script>Evil "Outlet"',
  title: '"><img src=x onerror=alert(1)> Breaking: <script>document.cookie</script> & more',
  text:
    'A reservoir dam failed upstream of the valley town on Tuesday night. <script>alert("body")</script> ' +
    'Rescue teams evacuated 3,000 residents as the flood wave moved downstream. <a href="javascript:alert(1)">click</a> ' +
    "Officials said the spillway had been under repair since the spring ' onmouseover='alert(1)",
  published: '2024-12-06T09:00:00Z',
};

describe('hostile text', () => {
  it('renders as inert text in the brief, the story page and every feed', async () => {
    expect((await post('/api/articles', HOSTILE)).status).toBe(201);
    expect((await post('/api/rebuild', '')).status).toBe(200);
    const brief = await (await get('/')).text();
    const feed = await json(await get('/feed.json'));
    const item = feed.items.find((i: any) => i.content_html.includes('Evil'));
    expect(item).toBeDefined();
    const page = await (await get(new URL(item.url).pathname)).text();
    for (const html of [brief, page, item.content_html]) {
      expect(html).not.toMatch(/<script>alert/);
      expect(html).not.toMatch(/<img src=x/);
      expect(html).not.toMatch(/href="javascript:/i);
      expect(html).not.toMatch(/'\s*onmouseover='/);
      expect(html).toContain('&lt;script&gt;');
    }
    const rss = await (await get('/feed.xml')).text();
    expect(rss).not.toMatch(/<script>alert\("body"\)/);
    const atom = await (await get('/feed.atom')).text();
    // Atom titles are type="html": the markup arrives escaped, so readers show it as text.
    expect(atom).toContain('&quot;&gt;&lt;img src=x onerror=alert(1)&gt;');
    expect((await get('/')).headers.get('Content-Security-Policy')).toMatch(/default-src 'none'/);
  });
});
