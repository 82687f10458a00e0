/**
 * Deliver stage (pure): the Slack and Discord message limits, and validators that list every way a
 * payload breaks them — used by the tests on every payload, and by the delivery loop before it posts.
 *
 * Slack: Block Kit reference (50 blocks a message, 3,000 characters a section text, 150 a header) and
 * a whole-message ceiling kept well under Slack's real one. Discord: the webhook and embed limits of
 * the API reference (`Embed Limits`). Lengths are UTF-16 units, which never undercount the platforms.
 */
import type { SlackMessage } from './slack-message';
import type { DiscordMessage } from './discord-message';

export const SLACK_LIMITS = {
  blocks: 50,
  sectionText: 3000,
  headerText: 150,
  contextElements: 10,
  contextText: 3000,
  /** All block text together stays under this (strictly). */
  blockTextTotal: 10_000,
  /** The top-level `text` fallback (Slack truncates beyond 4,000 in notifications). */
  fallbackText: 4000,
} as const;

export const DISCORD_LIMITS = {
  content: 2000,
  embeds: 10,
  title: 256,
  description: 4096,
  fields: 25,
  fieldName: 256,
  fieldValue: 1024,
  footerText: 2048,
  authorName: 256,
  /** title + description + field names and values + footer text + author name, over all embeds. */
  embedTotal: 6000,
} as const;

// Slack mrkdwn: every "<" we write opens an http(s) link; any other "<" ("<!channel>", "<@U123>") is a bug.
const SLACK_BAD_ANGLE = /<(?!https?:\/\/[^|<>\s]+\|[^<>]*>)/;
// Discord: a mention or channel link that is not escaped, or "@everyone"/"@here" without the zero-width space.
const DISCORD_MENTION = /@(everyone|here)\b|(?<!\\)<[@#]/;

/** Every way a Slack message breaks Slack's limits or our escaping; empty when it is fine. */
export function checkSlackLimits(msg: SlackMessage): string[] {
  const L = SLACK_LIMITS;
  const bad: string[] = [];
  if (typeof msg.text !== 'string' || !msg.text.trim()) bad.push('text: the fallback text is empty');
  else if (msg.text.length > L.fallbackText) bad.push(`text: ${msg.text.length} > ${L.fallbackText}`);
  if (msg.text && SLACK_BAD_ANGLE.test(msg.text)) bad.push('text: "<" outside a link');
  if (msg.blocks.length > L.blocks) bad.push(`blocks: ${msg.blocks.length} > ${L.blocks}`);
  let total = 0;
  const mrkdwn = (where: string, text: string, max: number) => {
    total += text.length;
    if (!text.trim()) bad.push(`${where}: empty text`);
    if (text.length > max) bad.push(`${where}: ${text.length} > ${max}`);
    if (SLACK_BAD_ANGLE.test(text)) bad.push(`${where}: "<" outside a link`);
  };
  msg.blocks.forEach((b, i) => {
    if (b.type === 'header') {
      total += b.text.text.length;
      if (!b.text.text.trim()) bad.push(`blocks[${i}] header: empty text`);
      if (b.text.text.length > L.headerText) bad.push(`blocks[${i}] header: ${b.text.text.length} > ${L.headerText}`);
    } else if (b.type === 'section') {
      mrkdwn(`blocks[${i}] section`, b.text.text, L.sectionText);
    } else if (b.type === 'context') {
      if (!b.elements.length || b.elements.length > L.contextElements) bad.push(`blocks[${i}] context: ${b.elements.length} elements`);
      b.elements.forEach((e, j) => mrkdwn(`blocks[${i}] context[${j}]`, e.text, L.contextText));
    }
  });
  if (total >= L.blockTextTotal) bad.push(`block text: ${total} ≥ ${L.blockTextTotal}`);
  return bad;
}

/** Every way a Discord webhook message breaks Discord's limits or our escaping; empty when it is fine. */
export function checkDiscordLimits(msg: DiscordMessage): string[] {
  const L = DISCORD_LIMITS;
  const bad: string[] = [];
  const len = (where: string, text: string | undefined, max: number, required = false) => {
    if (text === undefined) {
      if (required) bad.push(`${where}: missing`);
      return 0;
    }
    if (required && !text.trim()) bad.push(`${where}: empty`);
    if (text.length > max) bad.push(`${where}: ${text.length} > ${max}`);
    if (DISCORD_MENTION.test(text)) bad.push(`${where}: an unneutralised mention`);
    return text.length;
  };
  if (!Array.isArray(msg.allowed_mentions?.parse) || msg.allowed_mentions.parse.length !== 0) bad.push('allowed_mentions: parse must be []');
  len('content', msg.content, L.content);
  if (!msg.content?.trim() && !msg.embeds.length) bad.push('message: neither content nor embeds');
  if (msg.embeds.length > L.embeds) bad.push(`embeds: ${msg.embeds.length} > ${L.embeds}`);
  let total = 0;
  msg.embeds.forEach((e, i) => {
    const at = `embeds[${i}]`;
    total += len(`${at}.title`, e.title, L.title);
    total += len(`${at}.description`, e.description, L.description);
    total += len(`${at}.footer.text`, e.footer?.text, L.footerText, e.footer !== undefined);
    total += len(`${at}.author.name`, e.author?.name, L.authorName, e.author !== undefined);
    if (e.url !== undefined && !/^https?:\/\//.test(e.url)) bad.push(`${at}.url: not http(s)`);
    const fields = e.fields ?? [];
    if (fields.length > L.fields) bad.push(`${at}.fields: ${fields.length} > ${L.fields}`);
    fields.forEach((f, j) => {
      total += len(`${at}.fields[${j}].name`, f.name, L.fieldName, true);
      total += len(`${at}.fields[${j}].value`, f.value, L.fieldValue, true);
    });
  });
  if (total > L.embedTotal) bad.push(`embeds total: ${total} > ${L.embedTotal}`);
  return bad;
}
