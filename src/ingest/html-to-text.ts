/**
 * Ingest stage (pure): reduces an article's HTML to clean plain text, as SPEC "Article" says (`html` is reduced to
 * text, never rendered as given). A single linear scan over the string — no DOM, so it runs the same in Node and in
 * workerd. Scripts, styles, iframes, forms, embedded media, hidden elements and share/social/related/ad widgets are
 * dropped with everything inside them; images (and so tracking pixels) yield no text; block elements become
 * paragraph breaks, `<br>` a line break; character references are decoded.
 */
import { decodeEntities } from './html-entities';
import { readTag } from './read-tag';

// Elements whose content the HTML parser reads as raw text up to the matching end tag (WHATWG HTML §13.2.5).
const RAW_TEXT = new Set(['script', 'style', 'iframe', 'noscript', 'noembed', 'noframes', 'textarea', 'title', 'xmp']);
// Elements dropped with their whole subtree: not article prose.
const DROPPED = new Set([
  'head', 'template', 'svg', 'math', 'object', 'audio', 'video', 'canvas', 'map', 'form', 'button', 'select',
  'nav', 'aside', 'menu', 'dialog',
]);
const VOID = new Set(['area', 'base', 'br', 'col', 'embed', 'hr', 'img', 'input', 'keygen', 'link', 'meta', 'param', 'source', 'track', 'wbr']);
const BLOCK = new Set([
  'address', 'article', 'blockquote', 'caption', 'center', 'dd', 'details', 'div', 'dl', 'dt', 'fieldset',
  'figcaption', 'figure', 'footer', 'h1', 'h2', 'h3', 'h4', 'h5', 'h6', 'header', 'hgroup', 'hr', 'li', 'main',
  'ol', 'p', 'pre', 'section', 'summary', 'table', 'tbody', 'thead', 'tfoot', 'tr', 'ul', 'body', 'html',
]);
const CELL = new Set(['td', 'th']);
// Class or id words that mark share buttons, social embeds, "related" lists, newsletters, ads and comment boxes
// (WordPress Jetpack `sharedaddy` / `jp-relatedposts`, AddToAny `a2a`, FeedBurner `feedflare`, Outbrain, Taboola…).
const WIDGET =
  /(?:^|[\s_-])(?:share|shares|sharing|sharedaddy|social|addtoany|a2a_kit|jp-relatedposts|related|related-posts|newsletter|subscribe|advert|advertisement|ad|ads|adsbygoogle|promo|sponsored|feedflare|outbrain|taboola|comments|comment-respond|yarpp-related|wp-block-social-links|screen-reader-text|sr-only|visually-hidden)(?:$|[\s_-])/i;
// Deeper nesting than this is not tracked (bounds the work per end tag on hostile input).
const MAX_DEPTH = 256;

interface Open {
  name: string;
  drop: boolean;
}

/** A start tag with names lower-cased (HTML is case-insensitive) and attributes as a map (first one wins). */
function readHtmlTag(html: string, start: number): { name: string; attrs: Map<string, string>; selfClosing: boolean; end: number } {
  const raw = readTag(html, start);
  const attrs = new Map<string, string>();
  for (const [k, v] of raw.attrs) {
    const key = k.toLowerCase();
    if (key && !attrs.has(key)) attrs.set(key, v);
  }
  return { name: raw.name.toLowerCase(), attrs, selfClosing: raw.selfClosing, end: raw.end };
}

/** True when the element is a widget or hidden: dropped with its subtree. */
function isUnwanted(name: string, attrs: Map<string, string>): boolean {
  if (DROPPED.has(name)) return true;
  if (attrs.has('hidden') || attrs.get('aria-hidden') === 'true') return true;
  const style = attrs.get('style');
  if (style && /(?:display\s*:\s*none|visibility\s*:\s*hidden)/i.test(style)) return true;
  const cls = `${attrs.get('class') ?? ''} ${attrs.get('id') ?? ''}`.trim();
  return cls !== '' && WIDGET.test(cls);
}

/** Tidy the assembled text: spaces collapsed, lines trimmed, at most one blank line between paragraphs. */
function tidy(raw: string): string {
  return raw
    .replace(/[\u00ad\u200b\ufeff]/g, '')
    .replace(/\u00a0/g, ' ')
    .split('\n')
    .map((line) => line.replace(/[ \t\f\r]+/g, ' ').trim())
    .join('\n')
    .replace(/\n{3,}/g, '\n\n')
    .trim();
}

/**
 * Reduce HTML (a fragment or a whole page) to plain text: paragraphs separated by a blank line, `<br>` as a newline,
 * `<pre>` white space kept, entities decoded, and nothing from scripts, styles, embeds, hidden elements or
 * share/related/ad widgets. Text without markup comes back with its entities decoded and white space tidied.
 */
export function htmlToText(html: string): string {
  const out: string[] = [];
  const stack: Open[] = [];
  let dropDepth = 0;
  let preDepth = 0;
  let i = 0;
  const n = html.length;
  const emitText = (s: string) => {
    if (dropDepth > 0 || s === '') return;
    const t = decodeEntities(s);
    out.push(preDepth > 0 ? t : t.replace(/[ \t\n\r\f]+/g, ' '));
  };
  const brk = (s: string) => {
    if (dropDepth === 0) out.push(s);
  };
  const closeTo = (idx: number) => {
    while (stack.length > idx) {
      const o = stack.pop()!;
      if (o.drop) dropDepth--;
      if (o.name === 'pre') preDepth--;
      if (BLOCK.has(o.name)) brk('\n\n');
    }
  };

  while (i < n) {
    const lt = html.indexOf('<', i);
    if (lt < 0) {
      emitText(html.slice(i));
      break;
    }
    if (lt > i) emitText(html.slice(i, lt));
    i = lt;
    const next = html[i + 1];
    if (html.startsWith('<!--', i)) {
      const e = html.indexOf('-->', i + 4);
      i = e < 0 ? n : e + 3;
    } else if (html.startsWith('<![CDATA[', i)) {
      // Not HTML, but feeds nest it inside escaped content: its text is literal.
      const e = html.indexOf(']]>', i + 9);
      const body = html.slice(i + 9, e < 0 ? n : e);
      if (dropDepth === 0) out.push(preDepth > 0 ? body : body.replace(/[ \t\n\r\f]+/g, ' '));
      i = e < 0 ? n : e + 3;
    } else if (next === '!' || next === '?') {
      const e = html.indexOf('>', i + 2);
      i = e < 0 ? n : e + 1;
    } else if (next === '/' && /[A-Za-z]/.test(html[i + 2] ?? '')) {
      const e = html.indexOf('>', i + 2);
      const name = /^[A-Za-z0-9:_-]+/.exec(html.slice(i + 2, Math.min(n, i + 66)))![0].toLowerCase();
      i = e < 0 ? n : e + 1;
      if (name === 'br') brk('\n');
      else if (name === 'p' && !stack.some((o) => o.name === 'p')) brk('\n\n');
      else {
        for (let k = stack.length - 1; k >= 0; k--) {
          if (stack[k].name === name) {
            closeTo(k);
            break;
          }
        }
      }
    } else if (/[A-Za-z]/.test(next ?? '')) {
      const tag = readHtmlTag(html, i + 1);
      if (tag.end < 0) break; // a tag cut off at the end of input: nothing more to read
      i = tag.end;
      const { name } = tag;
      if (RAW_TEXT.has(name)) {
        const re = new RegExp(`</${name}[\\s/>]`, 'gi');
        re.lastIndex = i;
        const m = re.exec(html);
        if (!m) break;
        const e = html.indexOf('>', m.index);
        i = e < 0 ? n : e + 1;
        continue;
      }
      if (name === 'br') {
        brk('\n');
        continue;
      }
      if (BLOCK.has(name)) brk('\n\n');
      else if (CELL.has(name)) brk(' ');
      if (VOID.has(name) || tag.selfClosing) continue;
      // <p> and <li> close an open sibling implicitly (HTML's optional end tags).
      if (name === 'p' || name === 'li') {
        const k = stack.length - 1;
        if (k >= 0 && stack[k].name === name) closeTo(k);
      }
      if (stack.length >= MAX_DEPTH) continue;
      const drop = isUnwanted(name, tag.attrs);
      stack.push({ name, drop });
      if (drop) dropDepth++;
      if (name === 'pre') preDepth++;
    } else {
      emitText('<');
      i++;
    }
  }
  return tidy(out.join(''));
}
