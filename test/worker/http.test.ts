// Conditional GETs (RFC 9110 §13), HEAD, Cache-Control, and the contract's JSON errors on every public route.
import { describe, it, expect } from 'vitest';
import { env } from 'cloudflare:workers';
import { KEYS } from '../../src/store/keys';
import { get, json } from './helpers';

const PUBLIC = ['/', '/feed.xml', '/feed.atom', '/feed.json', '/api/stories', '/healthz'];

describe('validators and conditional requests', () => {
  it.each(PUBLIC)('%s carries ETag, Last-Modified and Cache-Control', async (path) => {
    const r = await get(path);
    expect(r.status).toBe(200);
    expect(r.headers.get('ETag')).toMatch(/^"[0-9a-f]{16}"$/);
    expect(new Date(r.headers.get('Last-Modified')!).getTime()).not.toBeNaN();
    expect(r.headers.get('Cache-Control')).toBeTruthy();
  });

  it.each(PUBLIC.filter((p) => p !== '/healthz'))('%s answers If-None-Match with 304', async (path) => {
    const first = await get(path);
    const etag = first.headers.get('ETag')!;
    const again = await get(path, { 'If-None-Match': etag });
    expect(again.status).toBe(304);
    expect(await again.text()).toBe('');
    expect(again.headers.get('ETag')).toBe(etag);
    const other = await get(path, { 'If-None-Match': '"0000000000000000"' });
    expect(other.status).toBe(200);
  });

  it('answers If-Modified-Since with 304 when nothing is newer, 200 otherwise', async () => {
    const first = await get('/feed.xml');
    const lm = first.headers.get('Last-Modified')!;
    expect((await get('/feed.xml', { 'If-Modified-Since': lm })).status).toBe(304);
    const earlier = new Date(new Date(lm).getTime() - 3600_000).toUTCString();
    expect((await get('/feed.xml', { 'If-Modified-Since': earlier })).status).toBe(200);
    expect((await get('/feed.xml', { 'If-Modified-Since': 'not a date' })).status).toBe(200);
  });

  it('a weak or listed ETag matches too (weak comparison for If-None-Match)', async () => {
    const etag = (await get('/')).headers.get('ETag')!;
    expect((await get('/', { 'If-None-Match': `"x", W/${etag}` })).status).toBe(304);
  });

  it('HEAD answers the headers without a body', async () => {
    const r = await get('/feed.json', {}, 'HEAD');
    expect(r.status).toBe(200);
    expect(r.headers.get('Content-Type')).toBe('application/feed+json; charset=utf-8');
    expect(await r.text()).toBe('');
  });
});

describe('errors are JSON in the contract’s shape', () => {
  it('an unknown path is a 404 with code and message', async () => {
    const r = await get('/nope');
    expect(r.status).toBe(404);
    const b = await json(r);
    expect(b.error.code).toBe('not_found');
    expect(b.error.message).toMatch(/\/nope/);
  });

  it('an unknown story id is a 404', async () => {
    const r = await get('/stories/ffffffffffffffff');
    expect(r.status).toBe(404);
    expect((await json(r)).error.code).toBe('story_not_found');
  });

  it('the permalink of a story merged into another leads to the survivor (301)', async () => {
    const feed = await json(await get('/feed.json'));
    const survivor = new URL(feed.items[0].url).pathname.split('/').pop()!;
    const archive = (await env.MERGEWIRE_KV.get<any>(KEYS.stories, 'json'))!;
    archive.redirects['aaaaaaaaaaaaaaaa'] = survivor;
    await env.MERGEWIRE_KV.put(KEYS.stories, JSON.stringify(archive));
    const r = await get('/stories/aaaaaaaaaaaaaaaa');
    expect(r.status).toBe(301);
    expect(r.headers.get('Location')).toBe(`/stories/${survivor}`);
  });

  it('a wrong method is a 405 with Allow', async () => {
    const r = await get('/feed.xml', {}, 'DELETE');
    expect(r.status).toBe(405);
    expect(r.headers.get('Allow')).toBe('GET, HEAD');
    expect((await json(r)).error.code).toBe('method_not_allowed');
  });

  it.each([
    ['?since=yesterday', 'bad_since'],
    ['?limit=0', 'bad_limit'],
    ['?limit=abc', 'bad_limit'],
    ['?limit=100000', 'bad_limit'],
  ])('/api/stories%s is a 400 (%s)', async (q, code) => {
    const r = await get(`/api/stories${q}`);
    expect(r.status).toBe(400);
    expect((await json(r)).error.code).toBe(code);
  });

  it('/api/stories honours since and limit', async () => {
    expect((await json(await get('/api/stories?limit=1'))).stories).toHaveLength(1);
    expect((await json(await get('/api/stories?since=2099-01-01T00:00:00Z'))).stories).toHaveLength(0);
    expect((await json(await get('/api/stories?since=2000-01-01T00:00:00Z'))).stories).toHaveLength(1);
  });
});
