// Deliver (pure): the Slack and Discord builders stay within every platform limit for stories at and beyond
// each limit, escape outlet text so it never formats, links or pings, and say what they left out.
import { describe, it, expect } from 'vitest';
import type { Story } from '../../src/model';
import { buildSlackMessage, type SlackMessage } from '../../src/deliver/slack-message';
import { buildDiscordMessage, type DiscordMessage } from '../../src/deliver/discord-message';
import { checkDiscordLimits, checkSlackLimits, DISCORD_LIMITS, SLACK_LIMITS } from '../../src/deliver/limits';
import { fit, fitList } from '../../src/deliver/message-text';
import { SITE, hostileStory, makeStory } from './deliver-fixtures';

const TEN_KB = 'The flood wall gave way after days of rain. '.repeat(240); // ≈ 10.5 KB, one "sentence"
const LONG_TITLE = 'Breaking: '.repeat(100) + 'end';

/** Stories at and beyond every limit: long titles, 60 stories, 10 KB summaries, many outlets, hostile text, emoji. */
const CASES: [string, Story[]][] = [
  ['no stories', []],
  ['one plain story', [makeStory(1)]],
  ['a 1,003-character headline', [makeStory(1, { headline: LONG_TITLE })]],
  ['three 10 KB summary sentences', [makeStory(1, { sentence: TEN_KB, sources: 3 })]],
  ['300 outlets', [makeStory(1, { sources: 300 })]],
  ['hostile text everywhere', [hostileStory(1), hostileStory(2)]],
  ['emoji headlines cut mid-pair', [makeStory(1, { headline: '😀'.repeat(2000), sentence: '🌊'.repeat(5000) })]],
  ['exactly ten stories', Array.from({ length: 10 }, (_, i) => makeStory(i))],
  ['60 stories', Array.from({ length: 60 }, (_, i) => makeStory(i))],
  ['60 stories with 10 KB summaries, long titles and 50 outlets', Array.from({ length: 60 }, (_, i) => makeStory(i, { headline: LONG_TITLE, sentence: TEN_KB, sources: 50 }))],
  ['60 hostile stories', Array.from({ length: 60 }, (_, i) => hostileStory(i))],
];

function slackTexts(m: SlackMessage): string[] {
  return [m.text, ...m.blocks.flatMap((b) => (b.type === 'context' ? b.elements.map((e) => e.text) : [b.text.text]))];
}

function discordTexts(m: DiscordMessage): string[] {
  return [m.content, ...m.embeds.flatMap((e) => [e.title, e.description, e.footer?.text, ...(e.fields ?? []).flatMap((f) => [f.name, f.value])])].filter((t): t is string => t !== undefined);
}

function blockText(m: SlackMessage): number {
  return slackTexts(m).slice(1).reduce((n, t) => n + t.length, 0);
}

function embedTotal(m: DiscordMessage): number {
  return m.embeds.reduce((n, e) => n + (e.title?.length ?? 0) + (e.description?.length ?? 0) + (e.footer?.text.length ?? 0) + (e.author?.name.length ?? 0) + (e.fields ?? []).reduce((k, f) => k + f.name.length + f.value.length, 0), 0);
}

const LONE_SURROGATE = /[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/;

describe.each(CASES)('%s', (_name, stories) => {
  const inputs = [
    { what: 'edition', input: { kind: 'edition' as const, stories, site: SITE } },
    ...stories.slice(0, 2).flatMap((story) => [
      { what: `story ${story.id}`, input: { kind: 'story' as const, story, site: SITE } },
      { what: `update of ${story.id}`, input: { kind: 'story' as const, story, site: SITE, added: story.sources.slice(-1).map((s) => s.article_id) } },
    ]),
  ];
  describe.each(inputs)('as $what', ({ input }) => {
    const slack = buildSlackMessage(input);
    const discord = buildDiscordMessage(input);

    it('Slack: passes every check of checkSlackLimits', () => {
      expect(checkSlackLimits(slack)).toEqual([]);
    });
    it('Slack: at most 50 blocks, 3,000 per section, 150 per header, under 10,000 of block text, a fallback text', () => {
      expect(slack.blocks.length).toBeLessThanOrEqual(SLACK_LIMITS.blocks);
      for (const b of slack.blocks) {
        if (b.type === 'section') expect(b.text.text.length).toBeLessThanOrEqual(3000);
        if (b.type === 'header') expect(b.text.text.length).toBeLessThanOrEqual(150);
        if (b.type === 'context') for (const e of b.elements) expect(e.text.length).toBeLessThanOrEqual(3000);
      }
      expect(blockText(slack)).toBeLessThan(10_000);
      expect(slack.text.trim()).not.toBe('');
      expect(slack.text.length).toBeLessThanOrEqual(SLACK_LIMITS.fallbackText);
    });
    it('Discord: passes every check of checkDiscordLimits', () => {
      expect(checkDiscordLimits(discord)).toEqual([]);
    });
    it('Discord: 10 embeds, title 256, description 4,096, 25 fields of 256/1,024, 6,000 in all, content 2,000, no mentions parsed', () => {
      expect(discord.embeds.length).toBeLessThanOrEqual(10);
      for (const e of discord.embeds) {
        expect(e.title?.length ?? 0).toBeLessThanOrEqual(256);
        expect(e.description?.length ?? 0).toBeLessThanOrEqual(4096);
        expect(e.fields?.length ?? 0).toBeLessThanOrEqual(25);
        for (const f of e.fields ?? []) {
          expect(f.name.length).toBeLessThanOrEqual(256);
          expect(f.value.length).toBeLessThanOrEqual(1024);
        }
        expect(e.footer?.text.length ?? 0).toBeLessThanOrEqual(2048);
      }
      expect(embedTotal(discord)).toBeLessThanOrEqual(DISCORD_LIMITS.embedTotal);
      expect(discord.content.length).toBeLessThanOrEqual(2000);
      expect(discord.allowed_mentions).toEqual({ parse: [] });
    });
    it('never splits a surrogate pair when it cuts', () => {
      for (const t of [...slackTexts(slack), ...discordTexts(discord)]) expect(t).not.toMatch(LONE_SURROGATE);
    });
  });
});

describe('an edition beyond the limits', () => {
  const stories = Array.from({ length: 60 }, (_, i) => makeStory(i));
  it('Slack shows as many stories as the blocks allow and says how many more are in the brief', () => {
    const m = buildSlackMessage({ kind: 'edition', stories, site: SITE });
    const shown = m.blocks.filter((b) => b.type === 'section').length;
    expect(shown).toBe(24); // header + 24 × (section, context) + footer = 50 blocks
    expect(m.blocks).toHaveLength(50);
    expect(JSON.stringify(m.blocks.at(-1))).toContain(`+${60 - shown} more stories — see the brief: <https://news.example.org/|`);
  });
  it('Discord shows ten embeds and says "+50 more stories — see the brief"', () => {
    const m = buildDiscordMessage({ kind: 'edition', stories, site: SITE });
    expect(m.embeds).toHaveLength(10);
    expect(m.content).toContain('+50 more stories — see the brief: <https://news.example.org/>');
  });
  it('an edition that fits says no "more"', () => {
    const few = stories.slice(0, 3);
    expect(JSON.stringify(buildSlackMessage({ kind: 'edition', stories: few, site: SITE }))).not.toContain('more stories');
    expect(buildDiscordMessage({ kind: 'edition', stories: few, site: SITE }).content).not.toContain('more stories');
  });
  it('10 KB summaries are cut with "…" and every story still gets its headline', () => {
    const big = Array.from({ length: 8 }, (_, i) => makeStory(i, { sentence: TEN_KB }));
    const m = buildDiscordMessage({ kind: 'edition', stories: big, site: SITE });
    expect(m.embeds.map((e) => e.title)).toEqual(big.map((s) => s.headline));
    for (const e of m.embeds) expect(e.description).toMatch(/…/);
    const s = buildSlackMessage({ kind: 'edition', stories: big, site: SITE });
    expect(s.blocks.filter((b) => b.type === 'section')).toHaveLength(8);
    expect(JSON.stringify(s)).toContain('…');
  });
});

describe('what a story message says', () => {
  const story = makeStory(7, { sources: 5, sentences: 5 });
  const slack = buildSlackMessage({ kind: 'story', story, site: SITE });
  const discord = buildDiscordMessage({ kind: 'story', story, site: SITE });
  it('links the headline to the story page', () => {
    expect(JSON.stringify(slack)).toContain('*<https://news.example.org/stories/story007|Headline 7>*');
    expect(discord.embeds[0]).toMatchObject({ title: 'Headline 7', url: 'https://news.example.org/stories/story007' });
  });
  it('shows the first three summary sentences, each with its outlet', () => {
    const section = slack.blocks.find((b) => b.type === 'section');
    expect(section && section.type === 'section' ? section.text.text.split('\n').slice(1) : []).toEqual([
      '• Sentence 1 of story 7. — Outlet 1',
      '• Sentence 2 of story 7. — Outlet 2',
      '• Sentence 3 of story 7. — Outlet 3',
    ]);
    expect(discord.embeds[0].description?.split('\n')).toHaveLength(3);
    expect(discord.embeds[0].description).not.toContain('Sentence 4');
  });
  it('gives the source count and links each outlet to its article', () => {
    expect(JSON.stringify(slack)).toContain('5 outlets · <https://outlet1.example/story007|Outlet 1>, <https://outlet2.example/story007|Outlet 2>');
    expect(discord.embeds[0].footer?.text).toBe('5 outlets');
    expect(discord.embeds[0].fields?.[0].value).toContain('[Outlet 1](https://outlet1.example/story007)');
  });
  it('links the brief', () => {
    expect(JSON.stringify(slack)).toContain('<https://news.example.org/|the mergewire brief>');
    expect(discord.content).toContain('<https://news.example.org/>');
  });
  it('announces a new story, and an update with the outlets that joined', () => {
    expect(slack.text).toBe('New story: Headline 7');
    expect(discord.content).toMatch(/^\*\*New story\*\*/);
    const added = [story.sources[4].article_id];
    const s = buildSlackMessage({ kind: 'story', story, site: SITE, added });
    const d = buildDiscordMessage({ kind: 'story', story, site: SITE, added });
    expect(s.text).toBe('Update: Headline 7');
    expect(JSON.stringify(s.blocks[0])).toContain('*Update* · new report from Outlet 5');
    expect(d.content).toMatch(/^\*\*Update\*\* · new report from Outlet 5/);
  });
});

describe('hostile outlet text', () => {
  const story = hostileStory(1);
  const slackAll = [buildSlackMessage({ kind: 'edition', stories: [story], site: SITE }), buildSlackMessage({ kind: 'story', story, site: SITE })];
  const discordAll = [buildDiscordMessage({ kind: 'edition', stories: [story], site: SITE }), buildDiscordMessage({ kind: 'story', story, site: SITE })];
  it('Slack: <!channel>, <!here>, <@U123> and outlet links arrive escaped, so they are inert text', () => {
    for (const m of slackAll) {
      const all = slackTexts(m).join('\n');
      expect(all).toContain('&lt;!channel&gt;');
      expect(all).toContain('&lt;@\u200bU123&gt;');
      expect(all).not.toMatch(/<!|<@|<#|<https:\/\/evil/);
      expect(all).not.toMatch(/@(everyone|here|channel)\b/);
      expect(all).toContain('&amp;');
    }
  });
  it('Slack: "|" in link text cannot end the link', () => {
    const m = buildSlackMessage({ kind: 'story', story: makeStory(1, { headline: 'a|b>c' }), site: SITE });
    expect(JSON.stringify(m)).toContain('|a\u2223b&gt;c>*');
  });
  it('Discord: markdown is escaped and @everyone, @here, <@123>, <@&789>, <#456> cannot ping or link', () => {
    for (const m of discordAll) {
      const all = discordTexts(m).join('\n');
      expect(all).toContain('\\*bold\\*');
      expect(all).toContain('\\|\\|spoiler\\|\\|');
      expect(all).toContain('\\[click\\]\\(javascript:alert\\(1\\)\\)');
      expect(all).toContain('@\u200beveryone');
      expect(all).not.toMatch(/@(everyone|here)\b/);
      expect(all).not.toMatch(/(?<!\\)<[@#]/);
      expect(m.allowed_mentions.parse).toEqual([]);
    }
  });
  // A link is Slack's `<url|text>` or Discord's unescaped `[text](url)` or an embed's `url`.
  const slackLinks = (m: SlackMessage) => slackTexts(m).flatMap((t) => [...t.matchAll(/<([^|>]*)\|/g)].map((x) => x[1]));
  const discordLinks = (m: DiscordMessage) => [
    ...discordTexts(m).flatMap((t) => [...t.matchAll(/(?<!\\)\]\(([^)]*)\)/g)].map((x) => x[1])),
    ...m.embeds.map((e) => e.url ?? 'https://none'),
  ];
  it('only http(s) URLs become links', () => {
    const links = [...slackAll.flatMap(slackLinks), ...discordAll.flatMap(discordLinks)];
    expect(links.length).toBeGreaterThan(4);
    for (const l of links) expect(l).toMatch(/^https?:\/\//);
    expect(links).not.toContain('https://evil.example');
  });
  it('a non-http site URL never becomes a link either', () => {
    const site = { ...SITE, url: 'javascript:alert(1)' };
    const links = [...slackLinks(buildSlackMessage({ kind: 'story', story, site })), ...discordLinks(buildDiscordMessage({ kind: 'story', story, site }))];
    for (const l of links) expect(l).toMatch(/^https?:\/\//);
  });
});

describe('the validators find what they are for', () => {
  const good = buildSlackMessage({ kind: 'story', story: makeStory(1), site: SITE });
  it('checkSlackLimits: too many blocks, a long section, a raw <!channel>, no fallback, too much text', () => {
    const section = { type: 'section' as const, text: { type: 'mrkdwn' as const, text: 'x'.repeat(3001) } };
    const bad: SlackMessage = { ...good, text: '', blocks: [...Array.from({ length: 50 }, () => section), { type: 'context', elements: [{ type: 'mrkdwn', text: 'hi <!channel>' }] }] };
    const problems = checkSlackLimits(bad).join('\n');
    expect(problems).toContain('blocks: 51 > 50');
    expect(problems).toContain('blocks[0] section: 3001 > 3000');
    expect(problems).toContain('"<" outside a link');
    expect(problems).toContain('fallback text is empty');
    expect(problems).toMatch(/block text: \d+ ≥ 10000/);
  });
  it('checkDiscordLimits: too many embeds, long title and field, over 6,000, mentions allowed, a raw @everyone', () => {
    const embed = { title: 't'.repeat(257), description: 'd'.repeat(600), fields: [{ name: 'n', value: 'v'.repeat(1025) }] };
    const bad = { content: '@everyone', embeds: Array.from({ length: 11 }, () => embed), allowed_mentions: { parse: ['everyone'] } } as unknown as DiscordMessage;
    const problems = checkDiscordLimits(bad).join('\n');
    expect(problems).toContain('embeds: 11 > 10');
    expect(problems).toContain('embeds[0].title: 257 > 256');
    expect(problems).toContain('embeds[0].fields[0].value: 1025 > 1024');
    expect(problems).toMatch(/embeds total: \d+ > 6000/);
    expect(problems).toContain('allowed_mentions');
    expect(problems).toContain('content: an unneutralised mention');
  });
});

describe('text fitting', () => {
  const esc = (c: string) => (c === '&' ? '&amp;' : c);
  it('never cuts inside an escape, and ends a cut with "…"', () => {
    expect(fit('a&b&c', 7, esc)).toBe('a&amp;…');
    expect(fit('a&b&c', 6, esc)).toBe('a…');
    expect(fit('a&b', 10, esc)).toBe('a&amp;b');
  });
  it('makes outlet text one line and defuses every @ once', () => {
    expect(fit(' two\n\nlines\t@here ', 100, (c) => c)).toBe('two lines @\u200bhere');
    expect(fit(fit('@a', 100, (c) => c), 100, (c) => c)).toBe('@\u200ba');
  });
  it('lists what fits and counts the rest', () => {
    expect(fitList(['Alpha', 'Beta', 'Gamma', 'Delta'], 20)).toBe('Alpha, Beta +2 more');
    expect(fitList(['Alpha', 'Beta'], 100)).toBe('Alpha, Beta');
    expect(fitList(['A very long outlet name'], 10)).toBe('+1 more');
  });
});
