/**
 * Deliver stage (pure): a Discord webhook message with embeds — the edition for `/discord.json`, or one
 * story for a push. Each story is an embed: the headline as its title linked to the story page, the
 * first summary sentences with their outlets, the outlets in a field, the source count in the footer.
 *
 * Limits are enforced here (see `DISCORD_LIMITS`): an edition shows at most ten stories sharing the
 * 6,000-character embed budget, and says "+N more stories — see the brief" in `content`. Outlet text is
 * markdown-escaped, every `@` gets a zero-width space, and `allowed_mentions: { parse: [] }` makes sure
 * nothing in a message ever pings anyone.
 */
import { safeHref } from '../render/escape';
import { DISCORD_LIMITS } from './limits';
import {
  briefUrl,
  digestStory,
  fit,
  fitList,
  isoTime,
  moreStories,
  plainChar,
  shareBudget,
  storyCount,
  type CharEscape,
  type MessageInput,
  type StoryDigest,
} from './message-text';

export interface DiscordEmbed {
  title?: string;
  url?: string;
  description?: string;
  fields?: { name: string; value: string; inline?: boolean }[];
  footer?: { text: string };
  author?: { name: string };
  timestamp?: string;
}

/** The JSON body of a webhook execution. */
export interface DiscordMessage {
  content: string;
  embeds: DiscordEmbed[];
  allowed_mentions: { parse: never[] };
}

// Discord's markdown takes a backslash before any punctuation; these are the characters that format,
// quote, spoil, head, link or open a mention/channel/emoji tag (`<@…>`, `<#…>`, `<t:…>`).
const DISCORD_SPECIAL = new Set('\\*_~`|>#[]()<');
const discordChar: CharEscape = (c) => (DISCORD_SPECIAL.has(c) ? `\\${c}` : c);

/** Shortest link text worth a link; below it, the text goes plain. */
const MIN_LINK_TEXT = 20;
const MIN_SENTENCE = 40;
/** The least embed text an edition gives a story (fewer stories rather than less than this). */
const MIN_STORY = 400;
const OUTLETS_FIELD = 'Outlets';

/** `[text](url)` in at most `max` characters; escaped plain text when the URL is not http(s) or leaves no room. */
function discordLink(url: string | undefined, text: string, max: number): string {
  const href = safeHref(url);
  if (href) {
    const u = href.replace(/[()<>\s]/g, (c) => encodeURIComponent(c));
    const room = max - u.length - 4;
    const full = fit(text, Infinity, discordChar);
    if (full && (full.length <= room || room >= MIN_LINK_TEXT)) return `[${fit(text, room, discordChar)}](${u})`;
  }
  return fit(text, max, discordChar);
}

/** Longest URL shown bare in `content` (two of them must fit its 2,000 characters with the words). */
const MAX_BARE_URL = 500;

/** A URL shown bare in `<…>` (no preview); safe because `safeHref` gives a parsed URL with `<>` encoded. */
function bareUrl(url: string): string {
  const href = safeHref(url);
  return href && href.length <= MAX_BARE_URL ? `<${href}>` : '(link too long)';
}

interface EmbedBudget {
  /** Characters of the whole embed, as Discord counts them. */
  total: number;
  title: number;
  sentence: number;
  outlets: number;
  linkOutlets: boolean;
}

function storyEmbed(d: StoryDigest, b: EmbedBudget): DiscordEmbed {
  const L = DISCORD_LIMITS;
  const title = fit(d.headline, Math.min(L.title, b.title), discordChar);
  const footer = fit(d.label, 100, plainChar);
  const outlets = d.outlets.map((o) => (b.linkOutlets ? discordLink(o.url, o.source, 160) : fit(o.source, 60, discordChar)));
  const value = fitList(outlets, Math.min(L.fieldValue, b.outlets));
  const fieldLen = value ? OUTLETS_FIELD.length + value.length : 0;
  const descMax = Math.min(L.description, b.total - title.length - footer.length - fieldLen);
  let description = '';
  for (const s of d.sentences) {
    const attr = s.outlets.length ? ` — ${fitList(s.outlets.map((o) => fit(o, 60, discordChar)), 120)}` : '';
    const prefix = description ? '\n• ' : '• ';
    const room = Math.min(b.sentence, descMax - description.length - prefix.length - attr.length);
    if (room < MIN_SENTENCE) break;
    description += `${prefix}${fit(s.text, room, discordChar)}${attr}`;
  }
  const embed: DiscordEmbed = { title };
  const url = safeHref(d.url);
  if (url) embed.url = url;
  if (description) embed.description = description;
  if (value) embed.fields = [{ name: OUTLETS_FIELD, value }];
  embed.footer = { text: footer };
  const timestamp = isoTime(d.updated);
  if (timestamp) embed.timestamp = timestamp;
  return embed;
}

function message(content: string, embeds: DiscordEmbed[]): DiscordMessage {
  return { content, embeds, allowed_mentions: { parse: [] } };
}

function editionMessage(input: Extract<MessageInput, { kind: 'edition' }>): DiscordMessage {
  const { stories, site } = input;
  const L = DISCORD_LIMITS;
  const brief = bareUrl(briefUrl(site));
  const n = stories.length;
  const { shown, each } = shareBudget(L.embedTotal, n, L.embeds, MIN_STORY);
  const budget: EmbedBudget = {
    total: each,
    title: Math.floor(each * 0.3),
    sentence: 400,
    outlets: Math.floor(each * 0.3),
    linkOutlets: false,
  };
  const embeds = stories.slice(0, shown).map((s) => storyEmbed(digestStory(s, site), budget));
  const more = n - shown;
  const lines = [
    `**${fit(site.title, 200, discordChar)}** — ${n ? storyCount(n) : 'no stories in this edition yet'} · the brief: ${brief}`,
    more ? `${moreStories(more)}: ${brief}` : '',
  ];
  return message(lines.filter(Boolean).join('\n'), embeds);
}

function storyMessage(input: Extract<MessageInput, { kind: 'story' }>): DiscordMessage {
  const d = digestStory(input.story, input.site, input.added);
  const from = d.added?.length ? ` · new ${d.added.length === 1 ? 'report' : 'reports'} from ${fitList(d.added.map((o) => fit(o.source, 60, discordChar)), 1000)}` : '';
  const intro = d.added ? `**Update**${from}` : '**New story**';
  const embed = storyEmbed(d, { total: DISCORD_LIMITS.embedTotal, title: DISCORD_LIMITS.title, sentence: 1000, outlets: DISCORD_LIMITS.fieldValue, linkOutlets: true });
  return message(`${intro} · the brief: ${bareUrl(briefUrl(input.site))}`, [embed]);
}

/**
 * The Discord message for an edition (`{ kind: 'edition', stories, site }`, for `/discord.json`) or for
 * one story (`{ kind: 'story', story, site, added? }`, a push; `added` makes it an update). Pure; always
 * within `DISCORD_LIMITS` (`checkDiscordLimits` returns nothing for it).
 */
export function buildDiscordMessage(input: MessageInput): DiscordMessage {
  return input.kind === 'edition' ? editionMessage(input) : storyMessage(input);
}
