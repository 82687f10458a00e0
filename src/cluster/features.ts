/**
 * Cluster stage (pure): what the engine reads from one article — cleaned body, weighted content terms,
 * proper names, numbers, a calendar day, and a copy signature.
 *
 * Terms are lower-cased, lightly stemmed content words. A term is marked as a *name* when the article writes it
 * capitalised away from the start of a sentence (or in an all-capitals dateline), and as a *number* when it holds a
 * digit. Names and numbers are what tell two look-alike events apart (two earthquakes share "magnitude" and
 * "quake", not the town or the death toll), so they weigh more in the similarity (see `scoring.ts`).
 */
import { normalizeWhitespace, STOPWORDS } from '../core/text';
import type { Article } from '../model';

/** A term's kind: a plain content word, a proper name, or a number. */
export const enum TermKind {
  Word = 0,
  Name = 1,
  Number = 2,
}

export interface ArticleTerms {
  /** term → raw weight (term frequency with the title counted extra), before IDF. */
  tf: Map<string, number>;
  /** term → kind. */
  kind: Map<string, TermKind>;
  /** term → how the article writes it (for explanations), e.g. "Hayat Tahrir al-Sham" for "tahrir". */
  display: Map<string, string>;
  /** Days since 1970-01-01 (UTC) of the publication date, or null when the date is unknown. */
  day: number | null;
  /** Copy signature (see `copySignature`). */
  signature: string;
  /** Distinct names and numbers the article gives: a rewrite drops details, it seldom adds them. */
  detail: number;
}

// Web-page furniture that is not part of the report (comment forms, share bars, cookie notices).
const BOILERPLATE =
  /^(leave a (reply|comment)|please enter your (name|comment|email)|you have entered an incorrect email|save my name|post comment|share (this|on)|click to share|related( articles| posts| news)?:?$|read more|subscribe|advertisement|sign up|follow us|all rights reserved|copyright|©|cookies?|tags?:|photo:|image:|image credit|previous article|next article)/i;

/**
 * The body without web furniture: lines repeating the title or the outlet's name, comment-form lines, and
 * lines already seen in the same body are dropped.
 */
export function cleanBody(article: Pick<Article, 'title' | 'text' | 'source'>): string[] {
  const seen = new Set<string>();
  const title = normalizeWhitespace(article.title).toLowerCase();
  const source = normalizeWhitespace(article.source).toLowerCase();
  seen.add(title);
  seen.add(source);
  const out: string[] = [];
  for (const raw of article.text.split(/\r?\n/)) {
    const line = normalizeWhitespace(raw);
    const key = line.toLowerCase();
    if (!line || seen.has(key) || BOILERPLATE.test(line)) continue;
    seen.add(key);
    out.push(line);
  }
  return out;
}

/** Light English suffix stripping so "arrests"/"arrested"/"arrest" meet; names and numbers are left alone. */
export function stem(word: string): string {
  if (word.length <= 3) return word;
  if (word.endsWith('ies') && word.length > 4) return word.slice(0, -3) + 'y';
  if (word.endsWith('sses')) return word.slice(0, -2);
  if (word.endsWith('ss') || word.endsWith('us') || word.endsWith('is')) return word;
  if (word.endsWith('ing') && word.length > 5) return word.slice(0, -3);
  if (word.endsWith('ed') && word.length > 4) return word.slice(0, -2);
  if (word.endsWith('s')) return word.slice(0, -1);
  return word;
}

const NUMBER = /\p{N}/u;
const WORD = /[\p{L}\p{N}]+(?:['’\-.,][\p{L}\p{N}]+)*/gu;
const UPPER = /^\p{Lu}/u;
// Capitalised in English but not names of anything that tells events apart.
const CALENDAR = new Set(
  'monday tuesday wednesday thursday friday saturday sunday january february march april may june july august september october november december jan feb mar apr jun jul aug sep sept oct nov dec'.split(' '),
);
const ALL_CAPS_LINE = /^[^\p{Ll}]*$/u;

/** Normalise a number token: drop thousands separators, so "1,000" and "1000" meet. */
function normalizeNumber(token: string): string {
  return token.replace(/(?<=\d)[,](?=\d{3}\b)/g, '');
}

/** Day number (UTC) of an RFC 3339 time or a bare date; null if unreadable. */
export function dayOf(published: string): number | null {
  const m = /^(\d{4})-(\d{2})-(\d{2})/.exec(published);
  if (!m) return null;
  const t = Date.UTC(Number(m[1]), Number(m[2]) - 1, Number(m[3]));
  return Number.isFinite(t) ? Math.floor(t / 86_400_000) : null;
}

// Short lower-case particles that may sit inside a name ("Bashar al Assad", "Ludwig van Beethoven").
const PARTICLES = new Set(['al', 'bin', 'de', 'del', 'van', 'von', 'la', 'le', 'da', 'of']);

/**
 * Content terms of one line of text, each with its kind and how the text writes it. A word starts a sentence when
 * only punctuation that ends a sentence (or nothing) stands before it; such a word is not taken as a name.
 */
function readTerms(
  line: string,
  weight: (position: number) => number,
  start: number,
  tf: Map<string, number>,
  kind: Map<string, TermKind>,
  display: Map<string, string>,
  shingles: string[] | null,
): number {
  let position = start;
  const text = line.normalize('NFKC').replace(/[’‘]/g, "'");
  const allCaps = ALL_CAPS_LINE.test(text);
  let lastEnd = 0;
  let sentenceStart = true;
  let previous: string | null = null;
  let nameRun: string[] = [];
  const flushName = () => {
    while (nameRun.length > 0 && PARTICLES.has(nameRun[nameRun.length - 1].toLowerCase())) nameRun.pop();
    if (nameRun.length > 0) {
      const phrase = nameRun.join(' ');
      for (const w of nameRun) {
        const t = stem(w.toLowerCase().replace(/'s$/, ''));
        if (!display.has(t)) display.set(t, phrase);
      }
    }
    nameRun = [];
  };
  for (const m of text.matchAll(WORD)) {
    const surface = m[0];
    const gap = text.slice(lastEnd, m.index);
    lastEnd = m.index + surface.length;
    if (/[.!?:;"“”]/.test(gap)) sentenceStart = true;
    // Punctuation between two words ("Russia, Iran") ends a name.
    if (gap.trim() !== '') flushName();
    const first = sentenceStart;
    sentenceStart = false;
    const token = surface.toLowerCase().replace(/'s$/, '');
    if (token.length < 2 || STOPWORDS.has(token)) {
      if (nameRun.length > 0 && PARTICLES.has(token)) nameRun.push(surface);
      else flushName();
      continue;
    }
    let term: string;
    let k: TermKind;
    if (NUMBER.test(token)) {
      term = normalizeNumber(token);
      k = TermKind.Number;
      flushName();
      if (!display.has(term)) display.set(term, surface);
    } else if (!first && !allCaps && UPPER.test(surface) && !CALENDAR.has(token)) {
      term = stem(token);
      k = TermKind.Name;
      nameRun.push(surface.replace(/'s$/, ''));
    } else {
      term = stem(token);
      k = TermKind.Word;
      flushName();
    }
    tf.set(term, (tf.get(term) ?? 0) + weight(position++));
    const prev = kind.get(term);
    if (prev === undefined || (k === TermKind.Name && prev === TermKind.Word)) kind.set(term, k);
    if (shingles) {
      shingles.push(term);
      if (previous !== null) shingles.push(previous + ' ' + term);
      previous = term;
    }
  }
  flushName();
  return position;
}

/** Slots in a copy signature; each keeps the low 8 bits of its minimum hash (b-bit MinHash, Li & König 2010). */
export const SIGNATURE_SLOTS = 128;

function mix32(h: number): number {
  h = Math.imul(h ^ (h >>> 16), 0x85ebca6b);
  h = Math.imul(h ^ (h >>> 13), 0xc2b2ae35);
  return (h ^ (h >>> 16)) >>> 0;
}

function hash32(s: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < s.length; i++) h = Math.imul(h ^ s.charCodeAt(i), 0x01000193);
  return mix32(h);
}

/**
 * A copy signature: b-bit MinHash of the article's content words and content-word pairs, as 2 hex digits a slot.
 * Two articles' signatures estimate the Jaccard resemblance of those sets (`resemblance`). A reworded rewrite keeps
 * most of the original's words and many of its word pairs; two independent reports share far fewer.
 */
export function copySignature(shingles: Iterable<string>): string {
  const min = new Uint32Array(SIGNATURE_SLOTS).fill(0xffffffff);
  for (const s of shingles) {
    const base = hash32(s);
    for (let i = 0; i < SIGNATURE_SLOTS; i++) {
      const h = mix32(base ^ Math.imul(i + 1, 0x9e3779b1));
      if (h < min[i]) min[i] = h;
    }
  }
  let out = '';
  for (let i = 0; i < SIGNATURE_SLOTS; i++) out += (min[i] & 0xff).toString(16).padStart(2, '0');
  return out;
}

/**
 * Estimated Jaccard resemblance of two copy signatures. With 8 bits a slot, unrelated slots still agree 1 time in
 * 256, so the raw share of equal slots is corrected for that chance.
 */
export function resemblance(a: string, b: string): number {
  if (a.length !== b.length || a.length === 0) return 0;
  let same = 0;
  for (let i = 0; i < a.length; i += 2) if (a[i] === b[i] && a[i + 1] === b[i + 1]) same++;
  const raw = same / (a.length / 2);
  const chance = 1 / 256;
  return Math.max(0, (raw - chance) / (1 - chance));
}

/** How much a term's place in the article counts (see `EngineParams`). */
export interface TermWeighting {
  titleWeight: number;
  leadWeight: number;
  leadSpan: number;
}

/**
 * Everything the engine needs from one article. The title counts `titleWeight` times; a body word counts
 * 1 + leadWeight·e^(−position/leadSpan), so the lead, which names the event, outweighs background paragraphs
 * (which often recall an earlier look-alike event).
 */
export function readArticle(article: Article, w: TermWeighting): ArticleTerms {
  const tf = new Map<string, number>();
  const kind = new Map<string, TermKind>();
  const display = new Map<string, string>();
  const shingles: string[] = [];
  const bodyWeight = (position: number) => 1 + w.leadWeight * Math.exp(-position / w.leadSpan);
  readTerms(article.title, () => w.titleWeight, 0, tf, kind, display, null);
  let position = 0;
  for (const line of cleanBody(article)) position = readTerms(line, bodyWeight, position, tf, kind, display, shingles);
  let detail = 0;
  for (const k of kind.values()) if (k !== TermKind.Word) detail++;
  return {
    tf,
    kind,
    display,
    day: article.published_inferred ? null : dayOf(article.published),
    signature: copySignature(shingles),
    detail,
  };
}
