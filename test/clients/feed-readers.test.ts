// Real feed clients read every item: Universal Feed Parser (python3-feedparser) and newsboat.
import { describe, it, expect, beforeAll } from 'vitest';
import { execFileSync } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { renderAll, type Rendered } from './helpers';

let r: Rendered;
beforeAll(() => {
  r = renderAll();
});

const PY = `
import feedparser, json, sys
d = feedparser.parse(sys.argv[1])
print(json.dumps({"bozo": bool(d.bozo), "exc": str(d.get("bozo_exception", "")), "version": d.version,
  "title": d.feed.get("title"), "entries": [{"id": e.get("id"), "link": e.get("link"), "title": e.get("title"),
  "content": (e.get("content") or [{}])[0].get("value", e.get("summary", ""))} for e in d.entries]}))
`;

function feedparser(file: string) {
  return JSON.parse(execFileSync('/usr/bin/python3', ['-c', PY, file], { encoding: 'utf8' }));
}

describe('python feedparser', () => {
  // Debian's feedparser (6.0.x) predates its JSON Feed support; the JSON feed is checked against the spec below.
  it.each(['rss', 'atom'] as const)('reads every item of the %s feed, well-formed', (f) => {
    const d = feedparser(r.files[f]);
    expect(d.bozo, d.exc).toBe(false);
    expect(d.version).toBe({ rss: 'rss20', atom: 'atom10' }[f]);
    expect(d.entries).toHaveLength(r.storyCount);
    for (const e of d.entries) {
      expect(e.link).toMatch(/^https:\/\/mergewire\.example\.org\/stories\/[0-9a-f]{16}$/);
      expect(e.id).toBe(e.link);
      expect(e.title.length).toBeGreaterThan(0);
      expect(e.content).not.toMatch(/<script/i);
    }
    expect(d.entries.map((e: { id: string }) => e.id)).toEqual(feedparser(r.files.rss).entries.map((e: { id: string }) => e.id));
  });
});

describe('newsboat', () => {
  it.each(['rss', 'atom'] as const)('reloads the %s feed and stores every item', (f) => {
    const urls = join(r.dir, `urls-${f}`);
    const cache = join(r.dir, `cache-${f}.db`);
    writeFileSync(urls, `"exec:cat ${r.files[f]}"\n`);
    const config = join(r.dir, 'config');
    writeFileSync(config, 'ignore-mode display\n');
    execFileSync('newsboat', ['-u', urls, '-c', cache, '-C', config, '-x', 'reload'], { encoding: 'utf8', env: { ...process.env, HOME: r.dir } });
    const rows = execFileSync('/usr/bin/python3', ['-c', 'import sqlite3,sys,json; c=sqlite3.connect(sys.argv[1]); print(json.dumps(c.execute("select guid,url,title from rss_item").fetchall()))', cache], { encoding: 'utf8' });
    const items = JSON.parse(rows) as [string, string, string][];
    expect(items).toHaveLength(r.storyCount);
    for (const [guid, url] of items) {
      expect(url).toMatch(/\/stories\/[0-9a-f]{16}$/);
      expect(guid).toContain(url);
    }
  });
});

describe('JSON Feed 1.1 (https://jsonfeed.org/version/1.1)', () => {
  const RFC3339 = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?(Z|[+-]\d{2}:\d{2})$/;
  it('has every member the spec requires, with the right types', () => {
    const f = JSON.parse(readFileSync(r.files.json, 'utf8'));
    expect(f.version).toBe('https://jsonfeed.org/version/1.1');
    expect(typeof f.title).toBe('string');
    expect(Array.isArray(f.items)).toBe(true);
    expect(f.items).toHaveLength(r.storyCount);
    expect(f.home_page_url).toMatch(/^https:\/\//);
    expect(f.feed_url).toMatch(/\/feed\.json$/);
    expect(f.author).toBeUndefined(); // 1.1 deprecates `author` for `authors`
    for (const a of f.authors) expect(typeof a.name).toBe('string');
    const ids = new Set<string>();
    for (const it of f.items) {
      expect(typeof it.id).toBe('string');
      ids.add(it.id);
      expect(typeof it.content_html === 'string' || typeof it.content_text === 'string').toBe(true);
      expect(it.date_published).toMatch(RFC3339);
      expect(it.date_modified).toMatch(RFC3339);
      for (const a of it.authors) expect(typeof a.name).toBe('string');
      for (const k of Object.keys(it)) expect(k.startsWith('_') || KNOWN_ITEM_KEYS.has(k), k).toBe(true);
    }
    expect(ids.size).toBe(f.items.length);
  });
});

const KNOWN_ITEM_KEYS = new Set(['id', 'url', 'external_url', 'title', 'content_html', 'content_text', 'summary', 'image', 'banner_image', 'date_published', 'date_modified', 'authors', 'tags', 'language', 'attachments']);
