/**
 * Ingest stage (pure): the adapter from wire-format feeds to `ArticleInput`s (SPEC "Article"). Picks each item's
 * link (resolved; `guid` / `id` when it is a permalink), a plain-text title (feeds double-escape and put markup in
 * titles), the richest body reduced to text, the date as RFC 3339, the author's name. Items without an http(s)
 * link cannot be identified (the URL is the article's identity) and are left out, as are repeats of a URL.
 */
import type { ArticleInput } from '../../model';
import { htmlToText } from '../html-to-text';
import type { SourceConfig } from '../parse-sources';
import { parseFeedDate } from './dates';
import type { AtomFeed, AtomLink, AtomText, JsonFeed, ParsedFeed, RssFeed } from './types';

const MAX_URL = 2048;
const BCP47 = /^[A-Za-z]{2,8}(?:-[A-Za-z0-9]{1,8})*$/;
const TITLE_FROM_TEXT = 120;

function httpUrl(value: string | undefined): string | undefined {
  if (!value || value.length > MAX_URL) return undefined;
  try {
    const u = new URL(value);
    return u.protocol === 'http:' || u.protocol === 'https:' ? u.href : undefined;
  } catch {
    return undefined;
  }
}

/** A title as plain text: markup removed and entities decoded (again — RW-07: double-escaped `&amp;#8217;`). */
function plainTitle(value: string | undefined): string {
  return htmlToText(value ?? '').replace(/\s+/g, ' ').trim();
}

/** Text from an Atom text construct: `text` is already plain, `html` / `xhtml` are reduced. */
function atomText(t: AtomText | undefined): string {
  if (!t) return '';
  return t.type === 'text' ? t.value.replace(/[ \t]+/g, ' ').replace(/\n{3,}/g, '\n\n').trim() : htmlToText(t.value);
}

// WordPress appends "The post <title> appeared first on <site>." to every RSS item (RW-11).
const WP_FOOTER = /\n*The post .{1,400} appeared first on .{1,200}\.\s*$/;

function cleanBody(text: string): string {
  return text.replace(WP_FOOTER, '').trim();
}

/** The longer of two bodies, as text: feeds put a teaser in one field and the article in another. */
function richest(...texts: string[]): string {
  return texts.map(cleanBody).reduce((best, t) => (t.length > best.length ? t : best), '');
}

/** "jane@example.com (Jane Doe)" → "Jane Doe"; a bare e-mail address is not a name. */
function authorName(value: string | undefined): string | undefined {
  const v = value?.replace(/\s+/g, ' ').trim();
  if (!v) return undefined;
  const paren = /^\S+@\S+\s*\((.+)\)$/.exec(v);
  if (paren) return paren[1].trim() || undefined;
  if (/^\S+@\S+$/.test(v)) return undefined;
  return v;
}

function language(...candidates: (string | undefined)[]): string | undefined {
  for (const c of candidates) {
    const t = c?.trim().replace(/_/g, '-');
    if (t && BCP47.test(t)) return t;
  }
  return undefined;
}

/** A title from the body when the item has none (microblog posts in JSON Feed): the first words, cut at a word. */
function titleFromText(text: string): string {
  const first = text.split('\n')[0].trim();
  if (first.length <= TITLE_FROM_TEXT) return first;
  const cut = first.slice(0, TITLE_FROM_TEXT);
  return `${cut.slice(0, Math.max(cut.lastIndexOf(' '), 60)).trim()}…`;
}

interface Draft {
  url?: string;
  title: string;
  text: string;
  published?: string;
  author?: string;
  language?: string;
}

function finish(drafts: Draft[], source: SourceConfig, homeLink: string | undefined): ArticleInput[] {
  const out: ArticleInput[] = [];
  const seen = new Set<string>();
  const sourceUrl = httpUrl(source.source_url) ?? httpUrl(homeLink);
  for (const d of drafts) {
    const url = httpUrl(d.url);
    if (!url || seen.has(url)) continue;
    const title = d.title || titleFromText(d.text);
    if (!title) continue;
    seen.add(url);
    const a: ArticleInput = { url, source: source.name, title, text: d.text || title };
    if (d.published) a.published = d.published;
    if (d.author) a.author = d.author;
    const lang = language(source.language, d.language);
    if (lang) a.language = lang;
    if (sourceUrl) a.source_url = sourceUrl;
    out.push(a);
  }
  return out;
}

function rssDrafts(feed: RssFeed): Draft[] {
  return feed.items.map((item) => ({
    url: item.link ?? (item.guid && item.guid_is_permalink ? item.guid : undefined),
    title: plainTitle(item.title),
    text: richest(htmlToText(item.content_encoded ?? ''), htmlToText(item.description ?? '')),
    published: parseFeedDate(item.pub_date) ?? parseFeedDate(item.dc_date),
    author: authorName(item.dc_creator) ?? authorName(item.author),
    language: language(item.dc_language, feed.language),
  }));
}

/** RFC 4287 §4.2.7.2: the `alternate` link (HTML preferred) is the entry's page. */
function alternate(links: AtomLink[]): string | undefined {
  const alts = links.filter((l) => l.rel === 'alternate');
  return (alts.find((l) => !l.type || /html/i.test(l.type)) ?? alts[0])?.href;
}

function atomDrafts(feed: AtomFeed): Draft[] {
  return feed.entries.map((e) => ({
    url: alternate(e.links) ?? (e.id && httpUrl(e.id) ? e.id : undefined),
    title: e.title?.type === 'text' ? e.title.value.replace(/\s+/g, ' ').trim() : plainTitle(e.title?.value),
    text: richest(atomText(e.content), atomText(e.summary)),
    published: parseFeedDate(e.published) ?? parseFeedDate(e.updated),
    author: authorName(e.authors[0] ?? feed.authors[0]),
    language: language(e.lang, feed.lang),
  }));
}

function jsonDrafts(feed: JsonFeed): Draft[] {
  return feed.items.map((i) => ({
    url: i.url ?? i.external_url ?? (httpUrl(i.id) ? i.id : undefined),
    title: plainTitle(i.title),
    text: richest(htmlToText(i.content_html ?? ''), (i.content_text ?? '').trim(), (i.summary ?? '').trim()),
    published: parseFeedDate(i.date_published) ?? parseFeedDate(i.date_modified),
    author: authorName(i.authors[0] ?? feed.authors[0]),
    language: language(i.language, feed.language),
  }));
}

/** The feed's link to the outlet's home page. */
export function feedHomeLink(feed: ParsedFeed): string | undefined {
  if (feed.format === 'json') return feed.home_page_url;
  if (feed.format === 'atom') return alternate(feed.links);
  return feed.link;
}

/** Make `ArticleInput`s of a parsed feed's items, attributed to `source` (its name, language, home page). */
export function feedToArticles(feed: ParsedFeed, source: SourceConfig): ArticleInput[] {
  const drafts = feed.format === 'atom' ? atomDrafts(feed) : feed.format === 'json' ? jsonDrafts(feed) : rssDrafts(feed);
  return finish(drafts, source, feedHomeLink(feed));
}

/** Number of items the feed carries (before items without a usable link are left out). */
export function feedItemCount(feed: ParsedFeed): number {
  return feed.format === 'atom' ? feed.entries.length : feed.items.length;
}
