/**
 * Pipeline (pure): from clustering to stories. Re-merges only the stories a clustering update touched,
 * keeping each story's previous version so the merge can say what changed; stories merged into another
 * leave a redirect behind.
 */
import type { Article, Story } from '../model';
import { sortStories } from './edition';
import type { ClusterIndex } from '../cluster/types';
import type { StoryArchive } from '../store/kv-store';
import { addArticles, clusterArticles, emptyClusterIndex } from '../cluster/cluster-articles';
import { mergeStory } from '../merge/merge-story';

/** Stories kept for permalinks beyond the edition; older ones are dropped (a KV value is at most 25 MiB). */
export const ARCHIVE_LIMIT = 2000;

/** Re-merge the touched stories of `index` from their member articles (which `articles` must hold). */
export function updateArchive(archive: StoryArchive, index: ClusterIndex, touched: Iterable<string>, articles: Map<string, Article>): StoryArchive {
  const clusters = new Map(index.stories.map((c) => [c.id, c]));
  const stories: Record<string, Story> = { ...archive.stories };
  for (const id of touched) {
    const c = clusters.get(id);
    if (!c) continue;
    const members = c.members.map((m) => articles.get(m)).filter((a): a is Article => a !== undefined);
    if (members.length === 0) continue;
    stories[id] = mergeStory({ id, articles: members, copy_of: c.copy_of, why: c.why, previous: archive.stories[id] });
  }
  for (const from of Object.keys(index.redirects)) delete stories[from];
  for (const id of Object.keys(stories)) if (!clusters.has(id)) delete stories[id];
  const kept = sortStories(Object.values(stories)).slice(0, ARCHIVE_LIMIT);
  return { stories: Object.fromEntries(kept.map((s) => [s.id, s])), redirects: { ...index.redirects } };
}

/** Offline, all at once (the command line, tests): articles → every story. */
export function buildStories(articles: Article[]): { index: ClusterIndex; stories: Story[] } {
  const index = clusterArticles(articles);
  const byId = new Map(articles.map((a) => [a.id, a]));
  const archive = updateArchive({ stories: {}, redirects: {} }, index, index.stories.map((s) => s.id), byId);
  return { index, stories: Object.values(archive.stories) };
}

export { addArticles, emptyClusterIndex };
