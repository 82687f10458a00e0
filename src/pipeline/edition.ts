/**
 * Pipeline (pure): chooses the edition's stories and renders it in every format, with validators.
 * SPEC: an edition is the stories whose newest article falls within DIGEST_WINDOW_HOURS before the newest
 * article in the store, newest first — so a store of old articles still shows its last edition.
 */
import { instantOf, newestArticleTime, type Edition, type Site, type Story } from '../model';
import type { RenderedOutput, StoredEdition } from '../store/kv-store';
import { hashString } from '../core/hash';
import { renderBrief } from '../render/html';
import { renderAtom, renderJsonFeed, renderRss } from '../render/feeds';
import { renderStoriesJson } from '../render/api';
import { buildSlackMessage } from '../deliver/slack-message';
import { buildDiscordMessage } from '../deliver/discord-message';

export interface EditionOptions {
  windowHours: number | null;
  maxStories: number;
  now: Date;
  articleCount: number;
}

const HOUR = 3_600_000;

/**
 * Stories newest first: by their newest article (SPEC), then the newest change, then `first_published`, then id, so
 * ties are stable. Times are compared as instants (an offset such as +03:00 does not sort as text).
 */
export function sortStories(stories: Story[]): Story[] {
  const key = new Map(stories.map((s) => [s, [newestArticleTime(s), instantOf(s.updated), instantOf(s.first_published)]]));
  return [...stories].sort((a, b) => {
    const ka = key.get(a)!;
    const kb = key.get(b)!;
    for (let i = 0; i < ka.length; i++) if (ka[i] !== kb[i]) return kb[i] - ka[i];
    return a.id < b.id ? -1 : a.id > b.id ? 1 : 0;
  });
}

export function selectEdition(stories: Story[], o: EditionOptions): Edition {
  const sorted = sortStories(stories);
  const newest = sorted[0] ? newestArticleTime(sorted[0]) : o.now.getTime();
  const inWindow = o.windowHours === null ? sorted : sorted.filter((s) => newestArticleTime(s) >= newest - o.windowHours! * HOUR);
  const chosen = inWindow.slice(0, o.maxStories);
  // The edition changed last when its most recently changed story did.
  let updated = chosen[0]?.updated ?? new Date(newest).toISOString();
  for (const s of chosen) if (instantOf(s.updated) > instantOf(updated)) updated = s.updated;
  return {
    updated,
    built: o.now.toISOString(),
    window_hours: o.windowHours,
    stories: chosen,
    article_count: o.articleCount,
    story_count: stories.length,
  };
}

/** The formats an edition is stored in, by route. */
export const FORMATS = {
  html: 'text/html; charset=utf-8',
  rss: 'application/rss+xml; charset=utf-8',
  atom: 'application/atom+xml; charset=utf-8',
  json: 'application/feed+json; charset=utf-8',
  stories: 'application/json; charset=utf-8',
  slack: 'application/json; charset=utf-8',
  discord: 'application/json; charset=utf-8',
} as const;
export type Format = keyof typeof FORMATS;

/** Render one format of an edition. */
export function renderFormat(format: Format, edition: Edition, site: Site): string {
  switch (format) {
    case 'html':
      return renderBrief(edition, site);
    case 'rss':
      return renderRss(edition, site);
    case 'atom':
      return renderAtom(edition, site);
    case 'json':
      return renderJsonFeed(edition, site);
    case 'stories':
      return renderStoriesJson(edition.stories, site.url);
    case 'slack':
      return JSON.stringify(buildSlackMessage({ kind: 'edition', stories: edition.stories, site }), null, 2);
    case 'discord':
      return JSON.stringify(buildDiscordMessage({ kind: 'edition', stories: edition.stories, site }), null, 2);
  }
}

/** A strong ETag for a body (RFC 9110 §8.8.3). */
export function etagOf(body: string): string {
  return `"${hashString(body)}"`;
}

/** Render the edition in every format, ready to store and serve. */
export function renderEdition(edition: Edition, site: Site, bundleHash: string): StoredEdition {
  const outputs: Record<string, RenderedOutput> = {};
  for (const f of Object.keys(FORMATS) as Format[]) {
    const body = renderFormat(f, edition, site);
    outputs[f] = { body, type: FORMATS[f], etag: etagOf(body) };
  }
  return { updated: edition.updated, built: edition.built, bundle_hash: bundleHash, outputs, stories: edition.stories };
}
