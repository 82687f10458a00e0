/**
 * Deliver stage (pure): a Slack incoming-webhook message in Block Kit — the edition for `/slack.json`, or
 * one story for a push. Each story is a section (headline linked to its page, the first summary
 * sentences with their outlets) and a context line (source count and outlets).
 *
 * Limits are enforced here, not hoped for (see `SLACK_LIMITS`): an edition shares the block-text budget
 * among as many stories as fit and ends with "+N more stories — see the brief". Outlet text is mrkdwn-
 * escaped (`&`, `<`, `>`), so `<!channel>` or `<@U123>` in it is inert text; link text has `|` replaced.
 */
import { safeHref } from '../render/escape';
import { SLACK_LIMITS } from './limits';
import {
  briefUrl,
  cleanLine,
  digestStory,
  fit,
  fitList,
  moreStories,
  plainChar,
  shareBudget,
  storyCount,
  type CharEscape,
  type MessageInput,
  type StoryDigest,
} from './message-text';

export interface SlackMrkdwn {
  type: 'mrkdwn';
  text: string;
}

export type SlackBlock =
  | { type: 'header'; text: { type: 'plain_text'; text: string; emoji: boolean } }
  | { type: 'section'; text: SlackMrkdwn }
  | { type: 'context'; elements: SlackMrkdwn[] };

/** The JSON body of an incoming-webhook post. */
export interface SlackMessage {
  /** The notification fallback (mrkdwn, escaped). */
  text: string;
  blocks: SlackBlock[];
  /** Outlet links would otherwise unfurl into large previews. */
  unfurl_links: boolean;
  unfurl_media: boolean;
}

const slackChar: CharEscape = (c) => (c === '&' ? '&amp;' : c === '<' ? '&lt;' : c === '>' ? '&gt;' : c);
// In `<url|text>` a "|" would end the URL early in some clients: it becomes a look-alike.
const slackLinkChar: CharEscape = (c) => (c === '|' ? '\u2223' : slackChar(c));

/** Shortest link text worth a link; below it, the text goes plain. */
const MIN_LINK_TEXT = 20;
/** Shortest sentence worth showing. */
const MIN_SENTENCE = 40;
/** The least block text an edition gives a story (fewer stories rather than less than this). */
const MIN_STORY = 320;
/** Characters kept for an edition's last line ("+N more stories — see the brief: <url|…>"). */
const FOOTER_MAX = 300;

/** `<url|text>` in at most `max` characters; escaped plain text when the URL is not http(s) or leaves no room. */
function slackLink(url: string | undefined, text: string, max: number): string {
  const href = safeHref(url);
  if (href) {
    const u = Array.from(href, slackChar).join('').replace(/\|/g, '%7C');
    const room = max - u.length - 3;
    const full = fit(text, Infinity, slackLinkChar);
    if (full && (full.length <= room || room >= MIN_LINK_TEXT)) return `<${u}|${fit(text, room, slackLinkChar)}>`;
  }
  return fit(text, max, slackChar);
}

interface StoryBudget {
  /** Characters of the section text. */
  section: number;
  /** Characters of the context line. */
  context: number;
  /** Characters of the headline's text (its link's URL comes on top). */
  headline: number;
  /** Characters of one summary sentence. */
  sentence: number;
  /** Link each outlet to its article (a push) or name it only (an edition, where space is short). */
  linkOutlets: boolean;
}

function storyBlocks(d: StoryDigest, b: StoryBudget): SlackBlock[] {
  let text = `*${slackLink(d.url, d.headline, Math.min(b.section - 2, d.url.length + 3 + b.headline))}*`;
  for (const s of d.sentences) {
    const attr = s.outlets.length ? ` — ${fitList(s.outlets.map((o) => fit(o, 60, slackChar)), 120)}` : '';
    const room = Math.min(b.sentence, b.section - text.length - 3 - attr.length);
    if (room < MIN_SENTENCE) break;
    text += `\n• ${fit(s.text, room, slackChar)}${attr}`;
  }
  const label = fit(d.label, b.context, slackChar);
  const outlets = d.outlets.map((o) => (b.linkOutlets ? slackLink(o.url, o.source, 160) : fit(o.source, 60, slackChar)));
  const list = fitList(outlets, b.context - label.length - 3);
  return [
    { type: 'section', text: { type: 'mrkdwn', text } },
    { type: 'context', elements: [{ type: 'mrkdwn', text: list ? `${label} · ${list}` : label }] },
  ];
}

function header(text: string): SlackBlock {
  return { type: 'header', text: { type: 'plain_text', text: fit(text, SLACK_LIMITS.headerText, plainChar), emoji: false } };
}

function context(text: string): SlackBlock {
  return { type: 'context', elements: [{ type: 'mrkdwn', text }] };
}

function message(text: string, blocks: SlackBlock[]): SlackMessage {
  return { text, blocks, unfurl_links: false, unfurl_media: false };
}

function editionMessage(input: Extract<MessageInput, { kind: 'edition' }>): SlackMessage {
  const { stories, site } = input;
  const brief = briefUrl(site);
  const n = stories.length;
  const top = header(`${cleanLine(site.title) || 'mergewire'} — ${storyCount(n)}`);
  const briefLink = slackLink(brief, `the ${site.title} brief`, 200);
  const fallback = fit(`${site.title}: ${storyCount(n)}${n ? ` — ${stories.slice(0, 3).map((s) => cleanLine(s.headline)).join(' · ')}` : ''}`, 500, slackChar);
  if (n === 0) return message(fallback, [top, context(`No stories in this edition yet — see ${briefLink}`)]);

  const headerLen = top.type === 'header' ? top.text.text.length : 0;
  const available = SLACK_LIMITS.blockTextTotal - 1 - headerLen - FOOTER_MAX;
  const { shown, each } = shareBudget(available, n, Math.floor((SLACK_LIMITS.blocks - 2) / 2), MIN_STORY);
  const ctx = Math.min(300, Math.floor(each * 0.3));
  const budget: StoryBudget = { section: Math.min(SLACK_LIMITS.sectionText, each - ctx), context: ctx, headline: 150, sentence: 400, linkOutlets: false };
  const blocks = [top, ...stories.slice(0, shown).flatMap((s) => storyBlocks(digestStory(s, site), budget))];
  const more = n - shown;
  blocks.push(context(more ? `${fit(moreStories(more), 80, slackChar)}: ${briefLink}` : `The whole edition: ${briefLink}`));
  return message(fallback, blocks);
}

function storyMessage(input: Extract<MessageInput, { kind: 'story' }>): SlackMessage {
  const d = digestStory(input.story, input.site, input.added);
  const from = d.added?.length ? ` · new ${d.added.length === 1 ? 'report' : 'reports'} from ${fitList(d.added.map((o) => fit(o.source, 60, slackChar)), 400)}` : '';
  const intro = d.added ? `*Update*${from}` : '*New story*';
  const blocks: SlackBlock[] = [
    context(intro),
    ...storyBlocks(d, { section: SLACK_LIMITS.sectionText, context: 1500, headline: 400, sentence: 1000, linkOutlets: true }),
    context(`From ${slackLink(briefUrl(input.site), `the ${input.site.title} brief`, 300)}`),
  ];
  return message(fit(`${d.added ? 'Update' : 'New story'}: ${d.headline}`, 300, slackChar), blocks);
}

/**
 * The Slack message for an edition (`{ kind: 'edition', stories, site }`, for `/slack.json`) or for one
 * story (`{ kind: 'story', story, site, added? }`, a push; `added` makes it an update). Pure; always
 * within `SLACK_LIMITS` (`checkSlackLimits` returns nothing for it).
 */
export function buildSlackMessage(input: MessageInput): SlackMessage {
  return input.kind === 'edition' ? editionMessage(input) : storyMessage(input);
}
