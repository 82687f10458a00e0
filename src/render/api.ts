/**
 * Render stage (pure): `/api/stories` — JSON `{ "stories": [...] }` with every story field and its member
 * articles (with `copy_of`), filtered by `since` and `limit`.
 */
import type { Story } from '../model';
import { storyUrl } from './attribution';

export interface StoriesQuery {
  /** Only stories updated at or after this time. */
  since?: Date;
  limit?: number;
}

/** The API's view of a story: the stored fields plus its permalink and member article URLs. */
export function apiStory(s: Story, siteUrl: string) {
  return { ...s, url: storyUrl(siteUrl, s.id), articles: s.sources.map((x) => x.url) };
}

export function renderStoriesJson(stories: Story[], siteUrl: string, q: StoriesQuery = {}): string {
  let list = stories;
  if (q.since) {
    const t = q.since.getTime();
    list = list.filter((s) => new Date(s.updated).getTime() >= t);
  }
  if (q.limit !== undefined) list = list.slice(0, q.limit);
  return JSON.stringify({ stories: list.map((s) => apiStory(s, siteUrl)) }, null, 2);
}
