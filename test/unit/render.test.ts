// Render (pure): one contract suite over every output — each shows the story, attributes sentences, marks
// the rewrite, escapes outlet text, and never links a non-http URL.
import { describe, it, expect } from 'vitest';
import { renderFormat, FORMATS, selectEdition, sortStories, type Format } from '../../src/pipeline/edition';
import { renderStoryPage } from '../../src/render/html';
import { sourceCountLabel } from '../../src/render/attribution';
import { EDITION, SITE, STORY } from './fixtures/story';

const FORMAT_LIST = Object.keys(FORMATS) as Format[];

describe.each(FORMAT_LIST)('the %s output', (format) => {
  const out = renderFormat(format, EDITION, SITE);
  it('holds the story with its permalink', () => {
    expect(out).toContain('https://news.example.org/stories/0123456789abcdef');
  });
  // JSON outputs carry plain-text fields as given (JSON Feed: `title` is plain text); their HTML is checked.
  const markup = format === 'json' ? JSON.parse(out).items.map((i: { content_html: string }) => i.content_html).join('') : format === 'stories' ? '' : out;
  it('never carries outlet markup as markup', () => {
    expect(markup).not.toMatch(/<script>alert/);
    expect(markup).not.toMatch(/<b>3,000/);
    expect(markup).not.toMatch(/<i>Service/);
  });
  it('never links a javascript: URL', () => {
    expect(out).not.toMatch(/href=\\?"javascript:/i);
  });
});

describe('story content', () => {
  const page = renderStoryPage(STORY, SITE);
  it('names the outlets behind each sentence and marks the rewrite', () => {
    expect(page).toMatch(/A reservoir dam failed on Tuesday night\. <span class="attr">— <a href="https:\/\/wire\.example\/a" rel="nofollow">Wire &lt;i&gt;Service&lt;\/i&gt;<\/a>, Reprint Daily <small>\(rewrite\)<\/small><\/span>/);
    expect(page).toContain('rewrite of Wire &lt;i&gt;Service&lt;/i&gt;');
  });
  it('marks disagreements and single-source details, and says what changed', () => {
    expect(page).toContain('sources disagree');
    expect(page).toContain('Only in one source');
    expect(page).toContain('Reprint Daily joined');
  });
  it('counts outlets and independent reports', () => {
    expect(sourceCountLabel(STORY)).toBe('2 outlets, 1 independent report');
    expect(sourceCountLabel({ ...STORY, sources: STORY.sources.slice(0, 1), outlet_count: 1, independent_count: 1 })).toBe('1 outlet');
  });
});

describe('the brief', () => {
  it('shows where sources disagree, with who says what, but not the other facts', () => {
    const brief = renderFormat('html', EDITION, SITE);
    expect(brief).toContain('Where sources disagree');
    expect(brief).toMatch(/<dd>3,000 <span class="attr">— <a href="https:\/\/wire\.example\/a"/);
    expect(brief).toContain('<dd>hundreds');
    const agreed = { ...EDITION, stories: [{ ...STORY, facts: STORY.facts.map((f) => ({ ...f, disagreement: false })) }] };
    expect(renderFormat('html', agreed, SITE)).not.toContain('Where sources disagree');
  });
});

describe('feeds', () => {
  it('JSON Feed is version 1.1 with the members it requires and the _mergewire extension', () => {
    const f = JSON.parse(renderFormat('json', EDITION, SITE));
    expect(f.version).toBe('https://jsonfeed.org/version/1.1');
    expect(f.title).toBe('mergewire');
    expect(f.items[0]).toMatchObject({ id: 'https://news.example.org/stories/0123456789abcdef', date_published: STORY.first_published, date_modified: STORY.updated });
    expect(typeof f.items[0].content_html).toBe('string');
    expect(f.items[0]._mergewire.summary[0].sources).toEqual(['Wire <i>Service</i>', 'Reprint Daily']);
    expect(f.items[0]._mergewire.sources[1].copy_of).toBe('https://wire.example/a');
    expect(f.author).toBeUndefined();
  });
  it('RSS has a self link, a permalink guid and RFC 822 dates; Atom a self link and entry dates', () => {
    const rss = renderFormat('rss', EDITION, SITE);
    expect(rss).toContain('<atom:link href="https://news.example.org/feed.xml" rel="self" type="application/rss+xml"/>');
    expect(rss).toContain('<guid isPermaLink="true">https://news.example.org/stories/0123456789abcdef</guid>');
    expect(rss).toContain('<pubDate>Fri, 06 Dec 2024 09:00:00 GMT</pubDate>');
    expect(rss).toContain('<lastBuildDate>Fri, 06 Dec 2024 10:00:00 GMT</lastBuildDate>');
    // RSS profile: plain-text titles with & and < as hexadecimal references; no CDATA titles.
    expect(rss).toContain('<title>Dam fails &#x26; floods "valley" ‹script›alert(1)‹/script›</title>');
    expect(rss).toMatch(/<description><!\[CDATA\[A reservoir dam failed on Tuesday night\. \(2 outlets, 1 independent report: Wire ‹i›Service‹\/i›, Reprint Daily\)\]\]><\/description>/);
    const atom = renderFormat('atom', EDITION, SITE);
    expect(atom).toContain('<link rel="self" href="https://news.example.org/feed.atom"/>');
    expect(atom).toContain('<feed xmlns="http://www.w3.org/2005/Atom" xml:lang="en">');
    expect(atom).toContain('<updated>2024-12-06T10:00:00.000Z</updated>');
    expect(atom).toContain('<published>2024-12-06T09:00:00.000Z</published>');
  });
});

describe('selectEdition', () => {
  // A story whose articles were all published at `published` (and changed last then, unless `updated` says later).
  const at = (id: string, published: string, updated = published) => ({
    ...STORY,
    id,
    updated,
    first_published: published,
    sources: STORY.sources.map((x) => ({ ...x, published })),
  });
  const stories = [at('old', '2024-01-01T00:00:00Z'), at('b', '2024-12-05T00:00:00Z'), at('c', '2024-12-06T10:00:00Z')];
  const now = new Date('2026-11-24T00:00:00Z');
  it('keeps stories within the window before the newest article, newest first — even long after', () => {
    const e = selectEdition(stories, { windowHours: 48, maxStories: 50, now, articleCount: 3 });
    expect(e.stories.map((s) => s.id)).toEqual(['c', 'b']);
    expect(e.updated).toBe('2024-12-06T10:00:00Z');
  });
  it('goes by the newest article, not by the last change: a late report of an old event does not bring it back', () => {
    const late = at('old', '2024-01-01T00:00:00Z', '2024-12-07T08:00:00Z');
    const e = selectEdition([late, stories[1], stories[2]], { windowHours: 48, maxStories: 50, now, articleCount: 3 });
    expect(e.stories.map((s) => s.id)).toEqual(['c', 'b']);
    // The feed-level updated is the latest change among the chosen stories.
    const c = at('c', '2024-12-06T10:00:00Z', '2024-12-07T09:00:00Z');
    expect(selectEdition([stories[1], c], { windowHours: 48, maxStories: 50, now, articleCount: 2 }).updated).toBe('2024-12-07T09:00:00Z');
  });
  it('orders by instants, not by the text of times with other offsets', () => {
    const east = at('east', '2024-12-06T12:00:00+03:00'); // 09:00Z
    const utc = at('utc', '2024-12-06T10:00:00Z');
    expect(sortStories([east, utc]).map((s) => s.id)).toEqual(['utc', 'east']);
  });
  it('"all" keeps every story; MAX_STORIES caps', () => {
    expect(selectEdition(stories, { windowHours: null, maxStories: 50, now, articleCount: 3 }).stories).toHaveLength(3);
    expect(selectEdition(stories, { windowHours: null, maxStories: 1, now, articleCount: 3 }).stories.map((s) => s.id)).toEqual(['c']);
  });
  it('an empty store is an empty edition dated now', () => {
    expect(selectEdition([], { windowHours: 48, maxStories: 50, now, articleCount: 0 }).updated).toBe(now.toISOString());
  });
});
