// Real feed clients read every item: Universal Feed Parser (python3-feedparser) and newsboat.
import { describe, it, expect, beforeAll } from 'vitest';
import { execFileSync } from 'node:child_process';
import { writeFileSync } from 'node:fs';
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
  it.each(['rss', 'atom', 'json'] as const)('reads every item of the %s feed, well-formed', (f) => {
    const d = feedparser(r.files[f]);
    expect(d.bozo, d.exc).toBe(false);
    expect(d.version).toBe({ rss: 'rss20', atom: 'atom10', json: 'json11' }[f]);
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
