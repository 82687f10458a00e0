// POST /api/articles and POST /api/rebuild through the real Worker and local KV: auth, limits, validation
// (every bad field named, nothing of a bad batch stored), idempotence, and a second story in every output.
import { describe, it, expect } from 'vitest';
import { env } from 'cloudflare:workers';
import { app } from '../../src/serve/app';
import { KEYS } from '../../src/store/keys';
import { BASE, TOKEN, get, json, otherArticle, post } from './helpers';

async function manifestSize(): Promise<number> {
  const m = await env.MERGEWIRE_KV.get<{ articles: object }>(KEYS.manifest, 'json');
  return m ? Object.keys(m.articles).length : 0;
}

describe('write routes need the token', () => {
  it('503 with instructions when no INGEST_TOKEN is configured', async () => {
    const r = await app.fetch(new Request(`${BASE}/api/articles`, { method: 'POST', body: '{}', headers: { 'Content-Type': 'application/json' } }), {
      ...env,
      INGEST_TOKEN: undefined,
    } as never);
    expect(r.status).toBe(503);
    const b = await json(r);
    expect(b.error.code).toBe('ingest_disabled');
    expect(b.error.message).toMatch(/wrangler secret put INGEST_TOKEN/);
  });

  it.each([
    ['missing', {}],
    ['wrong', { Authorization: 'Bearer nope' }],
    ['not bearer', { Authorization: `Basic ${TOKEN}` }],
  ])('401 when the token is %s', async (_, headers) => {
    const r = await post('/api/articles', otherArticle(), { Authorization: '', ...headers });
    expect(r.status).toBe(401);
    expect((await json(r)).error.code).toBe('unauthorized');
    const rb = await post('/api/rebuild', '', { Authorization: '', ...headers });
    expect(rb.status).toBe(401);
  });
});

describe('POST /api/articles', () => {
  it('415 when the body is not JSON', async () => {
    const r = await post('/api/articles', 'url=x', { 'Content-Type': 'application/x-www-form-urlencoded' });
    expect(r.status).toBe(415);
    expect((await json(r)).error.code).toBe('unsupported_media_type');
  });

  it('413 when the body is over 5 MB, whatever Content-Length says', async () => {
    const big = JSON.stringify([{ ...otherArticle(), text: 'x'.repeat(5 * 1024 * 1024) }]);
    const r = await post('/api/articles', big);
    expect(r.status).toBe(413);
    expect((await json(r)).error.code).toBe('too_large');
    expect(await manifestSize()).toBe(0);
  });

  it('413 for more than 500 articles', async () => {
    const batch = Array.from({ length: 501 }, (_, i) => otherArticle(i));
    const r = await post('/api/articles', batch);
    expect(r.status).toBe(413);
    expect((await json(r)).error.code).toBe('too_many_articles');
  });

  it('400 for a body that is not valid JSON, or an empty batch', async () => {
    expect((await json(await post('/api/articles', '{"url": '))).error.code).toBe('bad_json');
    expect((await json(await post('/api/articles', []))).error.code).toBe('empty_batch');
  });

  it('a bad batch gets 400 naming each bad field of each bad article, and nothing is stored', async () => {
    const batch = [
      otherArticle(1),
      { url: 'javascript:alert(1)', source: '', title: 'T' },
      { url: 'https://example.org/a', source: 'S', title: 'T', text: 'body', published: '5 Dec 2024', language: 'english!' },
      'not an object',
      { url: `https://example.org/${'a'.repeat(2100)}`, source: 'S', title: 3, html: '<p>x</p>' },
    ];
    const r = await post('/api/articles', batch);
    expect(r.status).toBe(400);
    const b = await json(r);
    expect(b.error.code).toBe('invalid_articles');
    const fields = b.error.details.map((d: any) => `${d.index}.${d.field}`);
    expect(fields).toEqual(expect.arrayContaining(['1.url', '1.source', '1.text', '2.published', '2.language', '3.(article)', '4.url', '4.title']));
    expect(fields.some((f: string) => f.startsWith('0.'))).toBe(false);
    expect(b.error.message).toMatch(/article 1: url must use http or https/);
    expect(b.error.message).toMatch(/Nothing was stored/);
    expect(await manifestSize()).toBe(0);
  });

  it('same URL → unchanged, or updated when its content changed; never a duplicate article', async () => {
    const a = otherArticle(7);
    const first = await json(await post('/api/articles', a));
    expect(first.results.map((x: any) => x.result)).toEqual(['created']);
    const again = await post('/api/articles', [a]);
    expect(again.status).toBe(201);
    expect((await json(again)).results[0].result).toBe('unchanged');
    const changed = await json(await post('/api/articles', { ...a, title: `${a.title} (updated)` }));
    expect(changed.results[0].result).toBe('updated');
    expect(await manifestSize()).toBe(1);
  });

  it('an html body is reduced to text, never stored as markup', async () => {
    const a = { ...otherArticle(8), text: undefined, html: '<p>The bridge <b>opened</b>.</p><script>alert(1)</script>' };
    expect((await post('/api/articles', a)).status).toBe(201);
    const day = await env.MERGEWIRE_KV.get<any[]>(KEYS.articleDay('2024-12-06'), 'json');
    expect(day![0].text).toBe('The bridge opened.');
  });
});

describe('a second event', () => {
  it('posting an article about another event then rebuilding gives a second story in every output; posting it again changes nothing', async () => {
    expect((await json(await get('/feed.json'))).items).toHaveLength(1);
    expect((await post('/api/articles', otherArticle())).status).toBe(201);
    const run = await post('/api/rebuild', '');
    expect(run.status).toBe(200);
    const status = await json(run);
    expect(status.ok).toBe(true);
    expect(status.stories.total).toBe(2);

    const html = await (await get('/')).text();
    expect(html.match(/<article\b/g)).toHaveLength(2);
    expect((await (await get('/feed.xml')).text()).match(/<item>/g)).toHaveLength(2);
    expect((await (await get('/feed.atom')).text()).match(/<entry>/g)).toHaveLength(2);
    expect((await json(await get('/feed.json'))).items).toHaveLength(2);
    expect((await json(await get('/api/stories'))).stories).toHaveLength(2);
    const etags = await Promise.all(['/', '/feed.xml', '/feed.atom', '/feed.json'].map(async (p) => (await get(p)).headers.get('ETag')));

    expect((await json(await post('/api/articles', otherArticle()))).results[0].result).toBe('unchanged');
    const second = await json(await post('/api/rebuild', ''));
    expect(second.edition_changed).toBe(false);
    expect(second.stories.total).toBe(2);
    const after = await Promise.all(['/', '/feed.xml', '/feed.atom', '/feed.json'].map(async (p) => (await get(p)).headers.get('ETag')));
    expect(after).toEqual(etags);
  });
});
