/**
 * Render stage (pure): the edition as RSS 2.0, Atom 1.0 (RFC 4287) and JSON Feed 1.1.
 * One item per story; its id/guid is the story permalink, fixed for the story's life, so a reader never
 * shows a story twice; its content is the same merged story the brief shows, with every source linked.
 * RSS and Atom come from the `feed` package; JSON Feed 1.1 has its own renderer because `feed` emits 1.0.
 */
import { Feed, type Item } from 'feed';
import type { Edition, Site, Story } from '../model';
import { defangTags, escapeHtml, stripControls } from './escape';
import { renderStoryBody } from './story-html';
import { outletsFor, sourceCountLabel, storyUrl } from './attribution';
import { storyLead } from './html';

/** How often (minutes) a reader should look again: the cron's period. */
const TTL_MINUTES = 30;

function storyContentHtml(story: Story, site: Site): string {
  return `${renderStoryBody(story, { full: true, headingLevel: 3 })}\n<p><a href="${escapeHtml(storyUrl(site.url, story.id))}">Read the merged story on ${escapeHtml(site.title)}</a></p>`;
}

function summaryText(story: Story): string {
  return defangTags(`${storyLead(story)} (${sourceCountLabel(story)}: ${story.sources.map((s) => s.source).filter((v, i, a) => a.indexOf(v) === i).join(', ')})`);
}

function baseFeed(edition: Edition, site: Site): Feed {
  return new Feed({
    id: `${site.url}/`,
    title: site.title,
    description: site.description,
    link: `${site.url}/`,
    language: site.language,
    updated: new Date(edition.updated),
    generator: 'mergewire',
    ttl: TTL_MINUTES,
    feedLinks: { rss: `${site.url}/feed.xml`, atom: `${site.url}/feed.atom`, json: `${site.url}/feed.json` },
    author: { name: site.title, link: `${site.url}/` },
    copyright: 'Summaries quote the outlets named in each item; the words remain theirs.',
  });
}

/** Item fields shared by RSS and Atom; `title` differs (RSS: plain text, Atom type="html": escaped). */
function item(story: Story, site: Site, title: string): Item {
  const url = storyUrl(site.url, story.id);
  return {
    title,
    link: url,
    id: url,
    date: new Date(story.updated),
    published: new Date(story.first_published),
    description: summaryText(story),
    content: storyContentHtml(story, site),
  };
}

/** `/feed.xml`: RSS 2.0. The guid is the permalink (isPermaLink="true"); pubDate is when the story was first reported. */
export function renderRss(edition: Edition, site: Site): string {
  const feed = baseFeed(edition, site);
  for (const s of edition.stories) {
    const it = item(s, site, defangTags(s.headline));
    // RSS 2.0 has one date per item; `feed` prefers `published` for pubDate. Passing only `link` makes the
    // guid the permalink with isPermaLink="true" (RSS 2.0 profile: a permalink guid is the safest identity).
    delete it.id;
    // The profile treats <description> as HTML: plain text goes in escaped.
    it.description = escapeHtml(summaryText(s));
    feed.addItem(it);
  }
  return plainTextTitles(feed.rss2());
}

/**
 * `feed` wraps item titles in CDATA. The RSS Best Practices Profile asks for plain-text titles with "&" and
 * "<" written as hexadecimal character references (&#x26; &#x3C;), which every reader decodes to text.
 */
function plainTextTitles(xml: string): string {
  return xml.replace(/<title><!\[CDATA\[([\s\S]*?)\]\]><\/title>/g, (_, t: string) => `<title>${t.replace(/&/g, '&#x26;').replace(/</g, '&#x3C;').replace(/>/g, '&#x3E;')}</title>`);
}

/** `/feed.atom`: Atom 1.0. Entry ids are the permalinks; `updated` moves when a story gains a source. */
export function renderAtom(edition: Edition, site: Site): string {
  const feed = baseFeed(edition, site);
  for (const s of edition.stories) {
    // RFC 4287 §3.1: type="html" text is escaped markup, so plain outlet text is escaped into it.
    const it = item(s, site, escapeHtml(s.headline));
    it.description = escapeHtml(summaryText(s));
    feed.addItem(it);
  }
  // RFC 4287 §2: xml:lang gives the language of the feed's text (the W3C validator notes its absence).
  return feed.atom1().replace('<feed xmlns="http://www.w3.org/2005/Atom">', `<feed xmlns="http://www.w3.org/2005/Atom" xml:lang="${escapeHtml(site.language)}">`);
}

/** `/feed.json`: JSON Feed 1.1 (https://jsonfeed.org/version/1.1), with the structured story in `_mergewire`. */
export function renderJsonFeed(edition: Edition, site: Site): string {
  const feed = {
    version: 'https://jsonfeed.org/version/1.1',
    title: site.title,
    home_page_url: `${site.url}/`,
    feed_url: `${site.url}/feed.json`,
    description: site.description,
    language: site.language,
    authors: [{ name: site.title, url: `${site.url}/` }],
    items: edition.stories.map((s) => {
      const url = storyUrl(site.url, s.id);
      return {
        id: url,
        url,
        title: s.headline,
        content_html: storyContentHtml(s, site),
        summary: summaryText(s),
        date_published: s.first_published,
        date_modified: s.updated,
        language: s.language,
        authors: outletsFor(s, s.sources.map((x) => x.article_id)).map((o) => ({ name: o.source, url: o.url })),
        external_url: s.sources[0]?.url,
        _mergewire: storyExtension(s),
      };
    }),
  };
  return JSON.stringify(feed, null, 2);
}

/** The structured story: sentences with sources, facts with values and sources, sources with copy_of. */
export function storyExtension(s: Story) {
  const name = (ids: string[]) => outletsFor(s, ids).map((o) => o.source);
  return {
    story_id: s.id,
    outlet_count: s.outlet_count,
    independent_count: s.independent_count,
    summary: s.summary.map((x) => ({ text: x.text, sources: name(x.article_ids), article_ids: x.article_ids })),
    facts: s.facts.map((f) => ({
      label: f.label,
      disagreement: f.disagreement,
      values: f.values.map((v) => ({ value: v.value, sources: name(v.article_ids), article_ids: v.article_ids })),
    })),
    single_source: s.single_source.map((x) => ({ text: x.text, sources: name(x.article_ids) })),
    changes: s.changes,
    sources: s.sources,
  };
}
