// Pipeline (pure): re-merging touched stories keeps ids, drops stories merged away, and carries redirects.
import { describe, it, expect } from 'vitest';
import { updateArchive, buildStories } from '../../src/pipeline/stories';
import { normalizeArticle } from '../../src/ingest/validate-article';
import type { ClusterIndex } from '../../src/cluster/types';

const NOW = new Date('2026-11-24T12:00:00Z');
const art = (n: number, title: string, text: string) =>
  normalizeArticle({ url: `https://example.org/${n}`, source: `Outlet ${n}`, title, text, published: `2024-12-0${n}T10:00:00Z` }, NOW);

const a1 = art(1, 'Dam fails upstream of valley town', 'A reservoir dam failed on Tuesday night. Rescue teams evacuated residents downstream.');
const a2 = art(2, 'Valley town evacuated as dam fails', 'Rescue teams evacuated residents after a reservoir dam failed on Tuesday night.');
const byId = new Map([a1, a2].map((a) => [a.id, a]));

describe('updateArchive', () => {
  it('merges each touched story from its members and keeps its id', () => {
    const index: ClusterIndex = { version: 1, stories: [{ id: 's1', members: [a1.id, a2.id], copy_of: {}, why: {} }], redirects: {} };
    const archive = updateArchive({ stories: {}, redirects: {} }, index, ['s1'], byId);
    expect(Object.keys(archive.stories)).toEqual(['s1']);
    expect(archive.stories.s1.sources.map((s) => s.url)).toEqual([a1.url, a2.url]);
  });

  it('a story merged into another is dropped and its id redirects to the survivor', () => {
    const before: ClusterIndex = {
      version: 1,
      stories: [
        { id: 's1', members: [a1.id], copy_of: {}, why: {} },
        { id: 's2', members: [a2.id], copy_of: {}, why: {} },
      ],
      redirects: {},
    };
    const first = updateArchive({ stories: {}, redirects: {} }, before, ['s1', 's2'], byId);
    expect(Object.keys(first.stories).sort()).toEqual(['s1', 's2']);
    const after: ClusterIndex = { version: 1, stories: [{ id: 's1', members: [a1.id, a2.id], copy_of: {}, why: {} }], redirects: { s2: 's1' } };
    const next = updateArchive(first, after, ['s1'], byId);
    expect(Object.keys(next.stories)).toEqual(['s1']);
    expect(next.redirects).toEqual({ s2: 's1' });
    expect(next.stories.s1.changes.join(' ')).toMatch(/Outlet 2/);
  });
});

describe('buildStories', () => {
  it('is deterministic: the same articles give the same stories', () => {
    expect(buildStories([a1, a2]).stories).toEqual(buildStories([a2, a1]).stories);
  });
});
