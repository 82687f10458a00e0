/** SOURCES parsing and OPML import: what the operator writes → what the poller polls, with every problem named. */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { opmlToSources } from '../../src/ingest/opml';
import { parseSourcesConfig } from '../../src/ingest/parse-sources';

describe('parseSourcesConfig', () => {
  it('accepts a JSON string (wrangler --var) and an already-parsed array (TOML)', () => {
    const list = [{ name: 'X', feed: 'http://127.0.0.1:9000/x.xml' }];
    expect(parseSourcesConfig(JSON.stringify(list))).toEqual({ sources: list, errors: [] });
    expect(parseSourcesConfig(list)).toEqual({ sources: list, errors: [] });
  });

  it('treats an absent or empty value as no sources', () => {
    for (const v of [undefined, null, '', '  ']) expect(parseSourcesConfig(v)).toEqual({ sources: [], errors: [] });
  });

  it('keeps the optional fields when valid', () => {
    const r = parseSourcesConfig([{ name: ' Levant24 ', feed: 'https://levant24.example/feed/', full_text: true, source_url: 'https://levant24.example/', language: 'ar' }]);
    expect(r).toEqual({
      sources: [{ name: 'Levant24', feed: 'https://levant24.example/feed/', full_text: true, source_url: 'https://levant24.example/', language: 'ar' }],
      errors: [],
    });
  });

  it('names every problem of every entry and keeps the usable ones', () => {
    const r = parseSourcesConfig([
      { name: 'Good', feed: 'https://good.example/rss' },
      { feed: 'https://noname.example/rss' },
      { name: 'FTP', feed: 'ftp://ftp.example/rss' },
      { name: 'Twice', feed: 'https://good.example/rss' },
      'just a string',
      { name: 'Typo', feed: 'https://typo.example/rss', fulltext: true, full_text: 'yes', language: 'english!' },
    ]);
    expect(r.sources.map((s) => s.name)).toEqual(['Good', 'Typo']);
    expect(r.errors).toEqual([
      'SOURCES[1]: "name" is required (the outlet\'s display name)',
      'SOURCES[2] ("FTP"): "feed" must be an absolute http(s) URL (got "ftp://ftp.example/rss")',
      'SOURCES[3] ("Twice"): "feed" https://good.example/rss is listed twice; the later entry is ignored',
      'SOURCES[4] must be an object with "name" and "feed"',
      'SOURCES[5] ("Typo"): "full_text" must be true or false',
      'SOURCES[5] ("Typo"): "language" must be a BCP 47 tag such as en or pt-BR',
      'SOURCES[5] ("Typo"): unknown field "fulltext" (known: name, feed, full_text, source_url, language)',
    ]);
  });

  it('says clearly when the value is not JSON or not an array', () => {
    expect(parseSourcesConfig('[{"name": "X",')).toMatchObject({ sources: [], errors: [expect.stringMatching(/^SOURCES is not valid JSON: /)] });
    expect(parseSourcesConfig({ name: 'X', feed: 'https://x.example/' }).errors).toEqual([
      'SOURCES must be an array of {"name": "...", "feed": "https://..."} objects',
    ]);
  });
});

describe('opmlToSources', () => {
  it('reads nested folders, case-insensitive attributes, old feed: schemes; drops repeats and non-http URLs', () => {
    const opml = readFileSync(join(__dirname, '../fixtures/opml/subscriptions.opml'), 'utf8');
    expect(opmlToSources(opml)).toEqual({
      sources: [
        { name: 'Levant24', feed: 'https://levant24.example/feed/', source_url: 'https://levant24.example/' },
        { name: 'Harbour Gazette', feed: 'http://www.harbourgazette.example/rss.xml' },
        { name: 'Northern Wire & Co', feed: 'https://northernwire.example/atom.xml' },
        { name: 'notes.example', feed: 'https://notes.example/feed.json' },
        { name: 'Old scheme', feed: 'http://oldscheme.example/rss' },
      ],
      errors: ['outline "Broken": xmlUrl javascript:alert(1) is not an http(s) URL; left out'],
    });
  });

  it('refuses what is not OPML', () => {
    expect(opmlToSources('<rss version="2.0"/>').errors).toEqual(['not an OPML file: its root element is <rss>']);
    expect(opmlToSources('<!DOCTYPE x [<!ENTITY a "b">]><opml/>').errors[0]).toMatch(/^the OPML file cannot be read: the document declares XML entities/);
  });
});
