/**
 * Render stage (pure): one story's merged content as an HTML fragment — the summary with each sentence's
 * outlets, key facts with disagreements marked, single-source details, what changed, and every source
 * with a link to the original. The brief, the story page and the feeds' item content all use it, so a
 * reader sees the same story everywhere.
 */
import type { Story } from '../model';
import { escapeHtml, safeHref } from './escape';
import { copiedSource, outletsFor, sourceCountLabel } from './attribution';

function link(url: string | undefined, text: string, rel = ''): string {
  const href = safeHref(url);
  const r = rel ? ` rel="${rel}"` : '';
  return href ? `<a href="${escapeHtml(href)}"${r}>${escapeHtml(text)}</a>` : escapeHtml(text);
}

/** "(Outlet A, Outlet B — rewrite)" with each outlet linked to its article. */
export function renderAttribution(story: Story, articleIds: readonly string[]): string {
  const outlets = outletsFor(story, articleIds);
  if (outlets.length === 0) return '';
  const parts = outlets.map((o) => link(o.url, o.source, 'nofollow') + (o.copy ? ' <small>(rewrite)</small>' : ''));
  return `<span class="attr">— ${parts.join(', ')}</span>`;
}

function formatTime(iso: string): string {
  const d = new Date(iso);
  if (Number.isNaN(d.getTime())) return iso;
  const utc = d.toISOString();
  // A bare date ("published: 2024-12-05") is stored as midnight UTC: show the day, not an invented time.
  if (utc.endsWith('T00:00:00.000Z')) return utc.slice(0, 10);
  return `${utc.slice(0, 16).replace('T', ' ')} UTC`;
}

/** A `<time>` element, readable and machine-readable. */
export function renderTime(iso: string): string {
  return `<time datetime="${escapeHtml(iso)}">${escapeHtml(formatTime(iso))}</time>`;
}

/** The story's meta line: source count, first published, updated. */
export function renderStoryMeta(story: Story): string {
  const updated = story.updated !== story.first_published ? ` · updated ${renderTime(story.updated)}` : '';
  return `<p class="meta">${escapeHtml(sourceCountLabel(story))} · first reported ${renderTime(story.first_published)}${updated}</p>`;
}

export interface StoryBodyOptions {
  /** Include facts, single-source details, changes and the "why" of each source (the full page); else a summary. */
  full: boolean;
  /** The level of the body's section headings: one below the story's headline (2 on its own page, 3 in the brief). */
  headingLevel: 2 | 3 | 4;
}

/** The story's content (without its headline). */
export function renderStoryBody(story: Story, opts: StoryBodyOptions): string {
  const out: string[] = [];
  const h = (text: string) => `<h${opts.headingLevel}>${text}</h${opts.headingLevel}>`;
  if (story.summary.length) {
    out.push('<ul class="summary">');
    for (const s of story.summary) out.push(`<li>${escapeHtml(s.text)} ${renderAttribution(story, s.article_ids)}</li>`);
    out.push('</ul>');
  }
  if (opts.full && story.changes.length) {
    out.push(`${h('What changed')}<ul class="changes">`);
    for (const c of story.changes) out.push(`<li>${escapeHtml(c)}</li>`);
    out.push('</ul>');
  }
  // The full page lists every key fact; the brief, only the ones sources disagree on (a reader must see those).
  const facts = opts.full ? story.facts : story.facts.filter((f) => f.disagreement);
  if (facts.length) {
    out.push(`${h(opts.full ? 'Key facts' : 'Where sources disagree')}<dl class="facts">`);
    for (const f of facts) {
      const flag = f.disagreement ? ' <strong class="disagree">sources disagree</strong>' : '';
      out.push(`<dt>${escapeHtml(f.label)}${flag}</dt>`);
      for (const v of f.values) out.push(`<dd>${escapeHtml(v.value)} ${renderAttribution(story, v.article_ids)}</dd>`);
    }
    out.push('</dl>');
  }
  if (opts.full && story.single_source.length) {
    out.push(`${h('Only in one source')}<ul class="single">`);
    for (const s of story.single_source) out.push(`<li>${escapeHtml(s.text)} ${renderAttribution(story, s.article_ids)}</li>`);
    out.push('</ul>');
  }
  out.push(`${h(`Sources (${escapeHtml(sourceCountLabel(story))})`)}<ul class="sources">`);
  for (const s of story.sources) {
    const copied = copiedSource(story, s);
    const copyNote = copied ? ` <small>— rewrite of ${escapeHtml(copied.source)}</small>` : '';
    const why = opts.full && s.why ? ` <small class="why">${escapeHtml(s.why)}</small>` : '';
    out.push(`<li><b>${escapeHtml(s.source)}</b>: ${link(s.url, s.title, 'nofollow')} ${renderTime(s.published)}${copyNote}${why}</li>`);
  }
  out.push('</ul>');
  return out.join('\n');
}
