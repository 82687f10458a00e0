/**
 * Ingest stage (pure): finds an article page's main text, for sources with `full_text: true` whose feed carries only
 * a short summary. String-based (no DOM, no HTMLRewriter) so the same code runs in workerd and in Node tests:
 * candidates are the elements pages use for the article body (`itemprop="articleBody"`, `<article>`, `<main>`, and
 * classes such as `entry-content`, `article-body`, `story-body`), each reduced by `htmlToText` (which drops
 * scripts, navigation, share and related widgets); the longest wins. A page with none of them falls back to its
 * paragraphs that read like prose.
 */
import { htmlToText } from './html-to-text';
import { readTag } from './read-tag';

const BODY_CLASS =
  /(?:^|[\s_-])(?:entry-content|post-content|post-body|article-body|article__body|article-content|articlebody|story-body|story-content|body-text|content-body|main-content|td-post-content|c-entry-content|rich-text)(?:$|[\s_-])/i;
const MAX_CANDIDATES = 30;
const MAX_TAGS_SCANNED = 20_000;
const MIN_PROSE = 60;

/** The inner HTML of the element whose start tag ends at `from`, matching nested same-name tags. */
function innerHtml(html: string, name: string, from: number): string {
  const re = new RegExp(`<(/?)${name}(?=[\\s/>])[^>]*>`, 'gi');
  re.lastIndex = from;
  let depth = 1;
  let m: RegExpExecArray | null;
  while ((m = re.exec(html)) !== null) {
    if (m[1]) depth--;
    else if (!m[0].endsWith('/>')) depth++;
    if (depth === 0) return html.slice(from, m.index);
  }
  return html.slice(from);
}

/** Paragraphs that read like prose: long enough and ending like a sentence (menus and footers do not). */
function proseOnly(text: string): string {
  return text
    .split(/\n{2,}/)
    .filter((p) => p.length >= MIN_PROSE && /[.!?…"”»)]$/.test(p))
    .join('\n\n');
}

/** The page's main article text as plain text; '' when nothing reads like an article. */
export function extractMainText(html: string): string {
  const candidates: { text: string; strong: boolean }[] = [];
  const tagRe = /<(article|main|div|section|span|td)(?=[\s>])/gi;
  let m: RegExpExecArray | null;
  let scanned = 0;
  while ((m = tagRe.exec(html)) !== null && candidates.length < MAX_CANDIDATES && scanned++ < MAX_TAGS_SCANNED) {
    const name = m[1].toLowerCase();
    const tag = readTag(html, m.index + 1);
    if (tag.end < 0) break;
    const attrs = new Map(tag.attrs.map(([k, v]) => [k.toLowerCase(), v]));
    const strong = attrs.get('itemprop') === 'articleBody';
    const cls = `${attrs.get('class') ?? ''} ${attrs.get('id') ?? ''}`;
    if (!strong && name !== 'article' && name !== 'main' && !BODY_CLASS.test(cls)) continue;
    candidates.push({ text: proseOnly(htmlToText(innerHtml(html, name, tag.end))), strong });
  }
  const strong = candidates.filter((c) => c.strong && c.text);
  const pool = strong.length ? strong : candidates;
  const best = pool.reduce((a, c) => (c.text.length > a.length ? c.text : a), '');
  if (best) return best;
  const body = /<body[\s>]/i.exec(html);
  return proseOnly(htmlToText(body ? html.slice(body.index) : html));
}
