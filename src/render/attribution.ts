/**
 * Render stage (pure): turns a story's article ids into the outlets a reader sees, and the source count
 * ("5 outlets, 4 independent reports") that every output shows.
 */
import type { Story, StorySource } from '../model';

export interface Outlet {
  source: string;
  url: string;
  /** True when every article of this outlet among the ids is a copy/rewrite of another. */
  copy: boolean;
}

/** The outlets behind these article ids, in the story's source order, one entry per outlet. */
export function outletsFor(story: Story, articleIds: readonly string[]): Outlet[] {
  const wanted = new Set(articleIds);
  const byName = new Map<string, Outlet>();
  for (const s of story.sources) {
    if (!wanted.has(s.article_id)) continue;
    const prev = byName.get(s.source);
    if (!prev) byName.set(s.source, { source: s.source, url: s.url, copy: Boolean(s.copy_of) });
    else if (prev.copy && !s.copy_of) byName.set(s.source, { source: s.source, url: s.url, copy: false });
  }
  // Independent reports first, rewrites after the outlets they copy.
  return [...byName.values()].sort((a, b) => Number(a.copy) - Number(b.copy));
}

/** "1 outlet", "5 outlets, 4 independent reports" (the second part only when copies make it differ). */
export function sourceCountLabel(story: Story): string {
  const outlets = `${story.outlet_count} ${story.outlet_count === 1 ? 'outlet' : 'outlets'}`;
  if (story.independent_count === story.sources.length && story.outlet_count === story.sources.length) return outlets;
  return `${outlets}, ${story.independent_count} independent ${story.independent_count === 1 ? 'report' : 'reports'}`;
}

/** The source that an article copies, for "rewrite of X". */
export function copiedSource(story: Story, s: StorySource): StorySource | undefined {
  return s.copy_of ? story.sources.find((o) => o.url === s.copy_of) : undefined;
}

/** The permalink of a story. */
export function storyUrl(siteUrl: string, id: string): string {
  return `${siteUrl}/stories/${encodeURIComponent(id)}`;
}
