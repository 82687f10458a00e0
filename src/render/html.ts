/**
 * Render stage (pure): the HTML brief of an edition (`/`) and one story's permalink page (`/stories/:id`).
 * Static, script-free, responsive pages: feed autodiscovery links for all three feeds (RSS Advisory Board
 * autodiscovery), Open Graph tags so a shared link unfurls in Slack and Discord, and every piece of outlet
 * text escaped.
 */
import type { Edition, Site, Story } from '../model';
import { escapeHtml } from './escape';
import { renderStoryBody, renderStoryMeta, renderTime } from './story-html';
import { sourceCountLabel, storyUrl } from './attribution';

const STYLE = `
:root{color-scheme:light dark;--fg:#1b1b1b;--bg:#fdfdfb;--muted:#5c5c5c;--accent:#0b57a4;--line:#dddad2;--warn:#9a3b00}
@media (prefers-color-scheme:dark){:root{--fg:#e8e6e1;--bg:#16171a;--muted:#a7a39a;--accent:#8cbcff;--line:#34363b;--warn:#ffb37a}}
*{box-sizing:border-box}
body{margin:0;background:var(--bg);color:var(--fg);font:17px/1.55 system-ui,-apple-system,"Segoe UI",Roboto,sans-serif;overflow-wrap:anywhere}
header,main,footer{max-width:46rem;margin:0 auto;padding:0 1rem}
header{padding-top:1.5rem;border-bottom:1px solid var(--line)}
header p{color:var(--muted);margin-top:0}
h1{font-size:1.7rem;line-height:1.2;margin:.2rem 0 .5rem}
h2{font-size:1.3rem;line-height:1.25;margin:0 0 .3rem}
h3{font-size:1rem;margin:1.2rem 0 .3rem}
a{color:var(--accent)}
article{border-bottom:1px solid var(--line);padding:1.2rem 0}
.meta,small,.attr,.why{color:var(--muted);font-size:.9rem}
ul{padding-left:1.2rem}
li{margin:.25rem 0}
.summary li{margin:.45rem 0}
.disagree{color:var(--warn);font-size:.85rem}
dl.facts dt{font-weight:600;margin-top:.5rem}
dl.facts dd{margin-left:1rem}
nav.feeds a{margin-right:.8rem}
.visually-hidden{position:absolute;width:1px;height:1px;overflow:hidden;clip:rect(0 0 0 0);white-space:nowrap}
footer{color:var(--muted);font-size:.9rem;padding-top:1rem;padding-bottom:2rem}
`;

interface PageOptions {
  site: Site;
  title: string;
  description: string;
  canonical: string;
  lang: string;
  ogType: 'website' | 'article';
  body: string;
}

function feedLinks(site: Site): string {
  const t = escapeHtml(site.title);
  return [
    `<link rel="alternate" type="application/rss+xml" title="${t} (RSS)" href="${escapeHtml(site.url)}/feed.xml">`,
    `<link rel="alternate" type="application/atom+xml" title="${t} (Atom)" href="${escapeHtml(site.url)}/feed.atom">`,
    `<link rel="alternate" type="application/feed+json" title="${t} (JSON Feed)" href="${escapeHtml(site.url)}/feed.json">`,
  ].join('\n');
}

function page(o: PageOptions): string {
  const desc = escapeHtml(o.description.length > 300 ? `${o.description.slice(0, 297)}…` : o.description);
  return `<!DOCTYPE html>
<html lang="${escapeHtml(o.lang)}">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>${escapeHtml(o.title)}</title>
<meta name="description" content="${desc}">
<link rel="canonical" href="${escapeHtml(o.canonical)}">
${feedLinks(o.site)}
<meta property="og:type" content="${o.ogType}">
<meta property="og:site_name" content="${escapeHtml(o.site.title)}">
<meta property="og:title" content="${escapeHtml(o.title)}">
<meta property="og:description" content="${desc}">
<meta property="og:url" content="${escapeHtml(o.canonical)}">
<meta name="twitter:card" content="summary">
<style>${STYLE}</style>
</head>
<body>
${o.body}
<footer>
<nav class="feeds" aria-label="Feeds"><a href="${escapeHtml(o.site.url)}/feed.xml">RSS</a><a href="${escapeHtml(o.site.url)}/feed.atom">Atom</a><a href="${escapeHtml(o.site.url)}/feed.json">JSON Feed</a></nav>
<p>Each summary sentence names the outlets that report it; a rewrite of another outlet's article is marked and not counted as an independent report.</p>
</footer>
</body>
</html>
`;
}

/** The first summary sentence, for descriptions and unfurls. */
export function storyLead(story: Story): string {
  return story.summary[0]?.text ?? story.headline;
}

/** `/`: the brief of the current edition. */
export function renderBrief(edition: Edition, site: Site): string {
  const n = edition.stories.length;
  const items = edition.stories.map((s) => {
    const url = storyUrl(site.url, s.id);
    return `<article lang="${escapeHtml(s.language)}">
<h2><a href="${escapeHtml(url)}">${escapeHtml(s.headline)}</a></h2>
${renderStoryMeta(s)}
${renderStoryBody(s, { full: false, headingLevel: 3 })}
<p><a href="${escapeHtml(url)}">Key facts, disagreements and all sources<span class="visually-hidden"> for “${escapeHtml(s.headline)}”</span></a></p>
</article>`;
  });
  const empty = n === 0 ? '<p>No stories yet. Articles arrive from <code>articles/</code>, the ingest API and polled feeds; the digest is rebuilt on the cron schedule.</p>' : '';
  const description = n === 0 ? site.description : `${n} ${n === 1 ? 'story' : 'stories'}: ${edition.stories.slice(0, 3).map((s) => s.headline).join(' · ')}`;
  return page({
    site,
    title: site.title,
    description,
    canonical: `${site.url}/`,
    lang: site.language,
    ogType: 'website',
    body: `<header>
<h1>${escapeHtml(site.title)}</h1>
<p>${escapeHtml(site.description)}<br>${n} ${n === 1 ? 'story' : 'stories'} · updated ${renderTime(edition.updated)}</p>
</header>
<main>
${empty}${items.join('\n')}
</main>`,
  });
}

/** `/stories/:id`: one story's permalink page, with everything the merge knows. */
export function renderStoryPage(story: Story, site: Site): string {
  return page({
    site,
    title: `${story.headline} — ${site.title}`,
    description: `${storyLead(story)} (${sourceCountLabel(story)})`,
    canonical: storyUrl(site.url, story.id),
    lang: story.language,
    ogType: 'article',
    body: `<header>
<p><a href="${escapeHtml(site.url)}/">${escapeHtml(site.title)}</a></p>
</header>
<main>
<article>
<h1>${escapeHtml(story.headline)}</h1>
${renderStoryMeta(story)}
${renderStoryBody(story, { full: true, headingLevel: 2 })}
</article>
</main>`,
  });
}

/** A small HTML page for 404s of story permalinks. */
export function renderNotFoundPage(site: Site, message: string): string {
  return page({
    site,
    title: `Not found — ${site.title}`,
    description: message,
    canonical: `${site.url}/`,
    lang: site.language,
    ogType: 'website',
    body: `<header><p><a href="${escapeHtml(site.url)}/">${escapeHtml(site.title)}</a></p></header><main><h1>Not found</h1><p>${escapeHtml(message)}</p></main>`,
  });
}
