/**
 * Deliver stage (pure): what a story says in a chat message, and the tools that fit outlet text into a
 * platform's character limits without breaking its markup. Slack and Discord builders share these; each
 * brings its own per-character escaper.
 *
 * Outlet text is data: it is made one line (so it never starts a line of markup), every `@` gets a
 * zero-width space after it (so `@everyone`, `@here`, `<@123>` and `<@&123>` never ping, whatever the
 * platform's parser does), and it is escaped one character at a time — so a cut never splits an escape.
 */
import type { Site, Story } from '../model';
import { outletsFor, sourceCountLabel, storyUrl, type Outlet } from '../render/attribution';
import { stripControls } from '../render/escape';

export const ELLIPSIS = '…';

/** Escapes one character (one code point) for a platform's markup. */
export type CharEscape = (ch: string) => string;

/** The identity escape, for plain-text fields (Slack `plain_text`, Discord footers). */
export const plainChar: CharEscape = (ch) => ch;

/** Controls removed, whitespace runs (newlines too) made one space, mentions defused. Idempotent. */
export function cleanLine(raw: string): string {
  return stripControls(raw).replace(/\s+/g, ' ').trim().replace(/@(?!\u200b)/g, '@\u200b');
}

/**
 * `raw` cleaned and escaped, at most `max` characters (UTF-16 units, which never undercount what a
 * platform counts): when it does not fit, the longest prefix that does plus "…".
 */
export function fit(raw: string, max: number, esc: CharEscape): string {
  const chars = Array.from(cleanLine(raw), esc);
  const full = chars.join('');
  if (full.length <= max) return full;
  if (max < ELLIPSIS.length) return '';
  let len = 0;
  let i = 0;
  for (; i < chars.length && len + chars[i].length + ELLIPSIS.length <= max; i++) len += chars[i].length;
  return chars.slice(0, i).join('').trimEnd() + ELLIPSIS;
}

/**
 * Already-formatted items joined with ", " in at most `max` characters; what does not fit becomes
 * " +N more". Empty when not even the first item and its tail fit.
 */
export function fitList(items: readonly string[], max: number): string {
  const more = (n: number) => (n > 0 ? ` +${n} more` : '');
  let out = '';
  for (let i = 0; i < items.length; i++) {
    const next = out ? `${out}, ${items[i]}` : items[i];
    if (next.length + more(items.length - i - 1).length > max) {
      const tail = out ? more(items.length - i) : `+${items.length} more`;
      return (out + tail).length <= max ? out + tail : out;
    }
    out = next;
  }
  return out;
}

/** One summary sentence and the outlets that report it. */
export interface DigestSentence {
  text: string;
  outlets: string[];
}

/** What a chat message shows of a story (raw text: each builder escapes it). */
export interface StoryDigest {
  id: string;
  headline: string;
  /** The story's permalink. */
  url: string;
  /** "5 outlets, 4 independent reports". */
  label: string;
  /** The first 1–3 sentences of the merged summary. */
  sentences: DigestSentence[];
  /** Every outlet of the story, each with its article's link. */
  outlets: Outlet[];
  /** For an update: the outlets of the articles added since the last delivery; null for a new story. */
  added: Outlet[] | null;
  updated: string;
}

/** The number of summary sentences a chat message shows. */
export const DIGEST_SENTENCES = 3;

/**
 * The digest of a story for a chat message. `added` (article ids delivered for the first time) makes it
 * an update; absent, a new story.
 */
export function digestStory(story: Story, site: Site, added?: readonly string[]): StoryDigest {
  return {
    id: story.id,
    headline: story.headline.trim() ? story.headline : '(untitled story)',
    url: storyUrl(site.url, story.id),
    label: sourceCountLabel(story),
    sentences: story.summary
      .filter((s) => s.text.trim())
      .slice(0, DIGEST_SENTENCES)
      .map((s) => ({ text: s.text, outlets: outletsFor(story, s.article_ids).map((o) => o.source) })),
    outlets: outletsFor(story, story.sources.map((s) => s.article_id)),
    added: added ? outletsFor(story, added) : null,
    updated: story.updated,
  };
}

/** The brief's URL. */
export function briefUrl(site: Site): string {
  return `${site.url}/`;
}

/** "+3 more stories — see the brief" (the words every truncated edition ends with). */
export function moreStories(n: number): string {
  return `+${n} more ${n === 1 ? 'story' : 'stories'} — see the brief`;
}

/** "1 story", "12 stories". */
export function storyCount(n: number): string {
  return `${n} ${n === 1 ? 'story' : 'stories'}`;
}

/**
 * How many stories an edition message shows and the character budget of each: as many as the slots
 * allow, each with an even share of the budget but never less than `minEach` (fewer stories then).
 */
export function shareBudget(total: number, stories: number, slots: number, minEach: number): { shown: number; each: number } {
  const shown = Math.max(0, Math.min(stories, slots, Math.floor(total / minEach)));
  return { shown, each: shown ? Math.floor(total / shown) : 0 };
}

/**
 * What a message is built from: the whole edition (the `/slack.json` and `/discord.json` routes) or one
 * story (a push). For a story, `added` lists the article ids new since its last delivery to the target
 * and makes the message an update; absent, it is announced as a new story.
 */
export type MessageInput =
  | { kind: 'edition'; stories: readonly Story[]; site: Site }
  | { kind: 'story'; story: Story; site: Site; added?: readonly string[] };

/** The time as RFC 3339, or undefined when it does not parse. */
export function isoTime(time: string): string | undefined {
  const t = Date.parse(time);
  return Number.isNaN(t) ? undefined : new Date(t).toISOString();
}
