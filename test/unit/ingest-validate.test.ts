// Ingest (pure): SPEC "Article" validation names every bad field; normalising keeps identity by URL.
import { describe, it, expect } from 'vitest';
import { validateArticle, validateBatch, normalizeArticle, parseRfc3339, articleId } from '../../src/ingest/validate-article';
import { parseMarkdownArticle, MarkdownArticleError } from '../../src/ingest/parse-markdown';
import { planUpsert } from '../../src/ingest/plan-upsert';
import { readBundle } from '../../src/ingest/read-bundle';

const ok = { url: 'https://example.org/a', source: 'Example', title: 'A title', text: 'Body text.' };
const NOW = new Date('2026-11-24T12:00:00Z');

describe('validateArticle', () => {
  it.each([
    ['missing url', { ...ok, url: undefined }, 'url', 'is required'],
    ['relative url', { ...ok, url: '/a' }, 'url', 'absolute http(s) URL'],
    ['javascript url', { ...ok, url: 'javascript:alert(1)' }, 'url', 'http or https'],
    ['too long url', { ...ok, url: `https://e.org/${'a'.repeat(2040)}` }, 'url', 'at most 2048'],
    ['blank source', { ...ok, source: '  ' }, 'source', 'is required'],
    ['numeric title', { ...ok, title: 5 }, 'title', 'must be a string'],
    ['no body', { ...ok, text: undefined }, 'text', 'unless html'],
    ['bad date', { ...ok, published: 'Thursday' }, 'published', 'RFC 3339'],
    ['impossible date', { ...ok, published: '2024-02-31T00:00:00Z' }, 'published', 'RFC 3339'],
    ['bad language', { ...ok, language: 'en_US!' }, 'language', 'BCP 47'],
    ['bad source_url', { ...ok, source_url: 'ftp://x' }, 'source_url', 'http or https'],
  ])('%s → %s %s', (_, value, field, msg) => {
    const r = validateArticle(value);
    expect('errors' in r).toBe(true);
    const e = (r as { errors: { field: string; message: string }[] }).errors.find((x) => x.field === field);
    expect(e?.message).toContain(msg);
  });

  it('accepts html instead of text, and a bare date', () => {
    const r = validateArticle({ ...ok, text: undefined, html: '<p>x</p>', published: '2024-12-05' });
    expect(r).toEqual({ input: { url: ok.url, source: ok.source, title: ok.title, html: '<p>x</p>', published: '2024-12-05' } });
  });

  it('a batch reports every error of every article with its index', () => {
    const r = validateBatch([ok, { url: 'x' }, ok, null]);
    expect('errors' in r && r.errors.map((e) => `${e.index}.${e.field}`)).toEqual(['1.url', '1.source', '1.title', '1.text', '3.(article)']);
  });

  it('parseRfc3339 reads offsets and rejects non-dates', () => {
    expect(parseRfc3339('2024-12-05T18:00:00+03:00')?.toISOString()).toBe('2024-12-05T15:00:00.000Z');
    expect(parseRfc3339('2024-12-05')?.toISOString()).toBe('2024-12-05T00:00:00.000Z');
    expect(parseRfc3339('05/12/2024')).toBeNull();
  });
});

describe('normalizeArticle and planUpsert', () => {
  it('an undated article takes the time received and says so', () => {
    const a = normalizeArticle(ok, NOW);
    expect(a.published).toBe(NOW.toISOString());
    expect(a.published_inferred).toBe(true);
    expect(a.id).toBe(articleId(ok.url));
  });

  it('same URL: unchanged, then updated; a repeat within a batch is one article', () => {
    const first = planUpsert([ok, ok], { articles: {} }, NOW);
    expect(first.results.map((r) => r.result)).toEqual(['created', 'unchanged']);
    expect(first.articles).toHaveLength(1);
    const a = first.articles[0];
    const manifest = { articles: { [a.id]: ['2026-11-24', a.content_hash, a.received] as [string, string, string] } };
    const later = new Date('2026-11-25T00:00:00Z');
    expect(planUpsert([ok], manifest, later).results[0].result).toBe('unchanged');
    const upd = planUpsert([{ ...ok, text: 'Changed.' }], manifest, later);
    expect(upd.results[0].result).toBe('updated');
    expect(upd.articles[0].received).toBe(a.received);
  });
});

describe('article files', () => {
  it('reads front matter and body; YAML dates stay strings', () => {
    const v = parseMarkdownArticle('---\nurl: https://e.org/x\nsource: E\ntitle: "T: colon"\npublished: 2024-12-05\n---\nBody line.\n', 'x.md');
    expect(v).toEqual({ url: 'https://e.org/x', source: 'E', title: 'T: colon', published: '2024-12-05', text: 'Body line.' });
  });

  it.each([
    ['no front matter', 'just text'],
    ['bad yaml', '---\nurl: [unclosed\n---\nx'],
    ['a list', '---\n- a\n---\nx'],
  ])('%s is a clear error naming the file', (_, content) => {
    expect(() => parseMarkdownArticle(content, 'articles/bad.md')).toThrow(MarkdownArticleError);
    expect(() => parseMarkdownArticle(content, 'articles/bad.md')).toThrow(/articles\/bad\.md/);
  });

  it('a bad bundled file is reported and the others still read', () => {
    const r = readBundle([
      { file: 'a.md', content: '---\nurl: https://e.org/a\nsource: E\ntitle: T\n---\nBody.' },
      { file: 'b.md', content: '---\nurl: nope\nsource: E\ntitle: T\n---\nBody.' },
    ]);
    expect(r.inputs).toHaveLength(1);
    expect(r.errors[0]).toMatch(/^b\.md: url must be an absolute/);
  });
});
