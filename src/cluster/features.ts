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
  /** term → kind, for names and numbers (absent: a plain word). */
  kind: Map<string, TermKind>;
  /** term → how the article writes it (for explanations), e.g. "Hayat Tahrir al-Sham" for "tahrir". */
  display: Map<string, string>;
  /** Days since 1970-01-01 (UTC) of the publication date, or null when the date is unknown. */
  day: number | null;
  /** Copy signature (see `resemblance`). */
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
  for (const raw of article.text.split('\n')) {
    // Plain ASCII lines only need trimming; others get the full white-space normalisation.
    const line = ASCII.test(raw) ? raw.trim() : normalizeWhitespace(raw);
    if (!line) continue;
    // Furniture lines are short: only those are lower-cased and matched against the patterns.
    const key = line.length <= 120 ? line.toLowerCase() : line;
    if (seen.has(key) || (line.length <= 120 && BOILERPLATE.test(line))) continue;
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

const ASCII = /^[\x20-\x7e\t\r]*$/;
const QUOTES = /[’‘“”]/g;
const DIGIT = /[0-9]/;
const NUMBER = /\p{N}/u;
const WORD = /[\p{L}\p{N}]+(?:['’\-.,][\p{L}\p{N}]+)*/gu;
const WORD_ASCII = /[A-Za-z0-9]+(?:['\-.,][A-Za-z0-9]+)*/g;
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

/** Whether a word starts with a capital letter (ASCII fast path). */
function isCapitalised(word: string): boolean {
  const c = word.charCodeAt(0);
  if (c < 128) return c >= 65 && c <= 90;
  return UPPER.test(word);
}

/** Drop a possessive "'s" (after NFKC and quote folding). */
function dropPossessive(word: string): string {
  return word.endsWith("'s") ? word.slice(0, -2) : word;
}

/** End a run of capitalised words: each word's term is shown as the whole name ("Hayat Tahrir al-Sham"). */
function flushName(nameRun: string[], display: Map<string, string>): void {
  if (nameRun.length === 0) return;
  while (nameRun.length > 0 && PARTICLES.has(nameRun[nameRun.length - 1].toLowerCase())) nameRun.pop();
  const phrase = nameRun.join(' ');
  for (const w of nameRun) {
    const t = stem(w.toLowerCase());
    if (!display.has(t)) display.set(t, phrase);
  }
  nameRun.length = 0;
}

/**
 * Content terms of one line of text, each with its kind and how the text writes it. A word starts a sentence when
 * only punctuation that ends a sentence (or nothing) stands before it; such a word is not taken as a name.
 * Every term and every pair of neighbouring terms go into the copy sketch.
 */
function readTerms(
  line: string,
  weight: Float64Array,
  start: number,
  out: ArticleTerms,
  sketch: CopySketch | null,
): number {
  const { tf, kind, display } = out;
  let position = start;
  const folded = line.replace(QUOTES, (q) => (q === '’' || q === '‘' ? "'" : '"'));
  const ascii = ASCII.test(folded);
  const text = ascii ? folded : folded.normalize('NFKC');
  const lower = text.toLowerCase();
  // Lower-casing keeps positions only when it keeps the length (always for ASCII, nearly always otherwise).
  const aligned = lower.length === text.length;
  const allCaps = ALL_CAPS_LINE.test(text);
  let lastEnd = 0;
  let sentenceStart = true;
  let previous = 0;
  const nameRun: string[] = [];
  // Plain ASCII lines take a faster ASCII word pattern; both find the same words there.
  const re = ascii ? WORD_ASCII : WORD;
  re.lastIndex = 0;
  let m: RegExpExecArray | null;
  while ((m = re.exec(text)) !== null) {
    const surface = m[0];
    // What stands between this word and the previous one: punctuation ends a name ("Russia, Iran"),
    // sentence-ending punctuation also starts a sentence.
    let punctuated = false;
    for (let i = lastEnd; i < m.index; i++) {
      const ch = text[i];
      if (ch === ' ') continue;
      punctuated = true;
      if (ch === '.' || ch === '!' || ch === '?' || ch === ':' || ch === ';' || ch === '"') sentenceStart = true;
    }
    lastEnd = m.index + surface.length;
    if (punctuated) flushName(nameRun, display);
    const first = sentenceStart;
    sentenceStart = false;
    const token = dropPossessive(aligned ? lower.slice(m.index, lastEnd) : surface.toLowerCase());
    if (token.length < 2 || STOPWORDS.has(token)) {
      if (nameRun.length > 0 && PARTICLES.has(token)) nameRun.push(surface);
      else flushName(nameRun, display);
      continue;
    }
    let term: string;
    let k: TermKind;
    if (ascii ? DIGIT.test(token) : NUMBER.test(token)) {
      term = normalizeNumber(token);
      k = TermKind.Number;
      flushName(nameRun, display);
      if (!display.has(term)) display.set(term, surface);
    } else if (!first && !allCaps && isCapitalised(surface) && !CALENDAR.has(token)) {
      term = stem(token);
      k = TermKind.Name;
      nameRun.push(dropPossessive(surface));
    } else {
      term = stem(token);
      k = TermKind.Word;
      flushName(nameRun, display);
    }
    tf.set(term, (tf.get(term) ?? 0) + weight[Math.min(position++, weight.length - 1)]);
    // A term's kind: a number stays a number; a word written as a name anywhere in the article is a name.
    if (k !== TermKind.Word && kind.get(term) === undefined) kind.set(term, k);
    if (sketch) previous = sketch.addTerm(term, previous);
  }
  flushName(nameRun, display);
  return position;
}

/** Bins in a copy signature; each keeps the low 8 bits of its least hash. */
export const SIGNATURE_BINS = 128;
const EMPTY = 0xffffffff;

function mix32(h: number): number {
  h = Math.imul(h ^ (h >>> 16), 0x85ebca6b);
  h = Math.imul(h ^ (h >>> 13), 0xc2b2ae35);
  return (h ^ (h >>> 16)) >>> 0;
}

function hash32(s: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < s.length; i++) h = Math.imul(h ^ s.charCodeAt(i), 0x01000193);
  return mix32(h) || 1;
}

/**
 * A copy sketch: one-permutation MinHash (Li, Owen & Zhang 2012) of the article's content words and content-word
 * pairs, keeping 8 bits a bin (b-bit MinHash, Li & König 2010). Two sketches estimate the Jaccard resemblance of
 * those sets (`resemblance`). A reworded rewrite keeps most of the original's words and many of its word pairs;
 * two independent reports of one event share far fewer.
 */
class CopySketch {
  private readonly min = new Uint32Array(SIGNATURE_BINS).fill(EMPTY);
  private readonly hashes = new Map<string, number>();

  private add(h: number): void {
    const bin = h >>> 25; // top 7 bits: 128 bins
    const value = h & 0x1ffffff;
    if (value < this.min[bin]) this.min[bin] = value;
  }

  /** Add a term, and its pair with the previous term (by hash; 0 for none). Returns the term's hash. */
  addTerm(term: string, previous: number): number {
    let h = this.hashes.get(term);
    if (h === undefined) this.hashes.set(term, (h = hash32(term)));
    this.add(h);
    if (previous !== 0) this.add(mix32(Math.imul(previous, 0x9e3779b1) ^ h));
    return h;
  }

  /** Two hex digits a bin; "--" for an empty bin. */
  toString(): string {
    let out = '';
    for (let i = 0; i < SIGNATURE_BINS; i++) {
      const v = this.min[i];
      out += v === EMPTY ? '--' : (v & 0xff).toString(16).padStart(2, '0');
    }
    return out;
  }
}

/**
 * Estimated Jaccard resemblance of two copy signatures: bins that agree over bins filled in either. With 8 bits a
 * bin, unrelated bins still agree 1 time in 256, so the share is corrected for that chance.
 */
export function resemblance(a: string, b: string): number {
  if (a.length !== b.length || a.length === 0) return 0;
  let same = 0;
  let filled = 0;
  for (let i = 0; i < a.length; i += 2) {
    const ea = a[i] === '-';
    const eb = b[i] === '-';
    if (ea && eb) continue;
    filled++;
    if (!ea && !eb && a[i] === b[i] && a[i + 1] === b[i + 1]) same++;
  }
  if (filled === 0) return 0;
  const chance = 1 / 256;
  return Math.max(0, (same / filled - chance) / (1 - chance));
}

/** How much a term's place in the article counts (see `EngineParams`). */
export interface TermWeighting {
  titleWeight: number;
  leadWeight: number;
  leadSpan: number;
}

const tables = new WeakMap<TermWeighting, { title: Float64Array; body: Float64Array }>();

/** Weight by word position, tabulated once per weighting (the last entry serves every later position). */
function weightTables(w: TermWeighting): { title: Float64Array; body: Float64Array } {
  let t = tables.get(w);
  if (!t) {
    const body = new Float64Array(Math.ceil(w.leadSpan * 12) + 1);
    for (let i = 0; i < body.length; i++) body[i] = 1 + w.leadWeight * Math.exp(-i / w.leadSpan);
    t = { title: new Float64Array([w.titleWeight]), body };
    tables.set(w, t);
  }
  return t;
}

/**
 * Everything the engine needs from one article. The title counts `titleWeight` times; a body word counts
 * 1 + leadWeight·e^(−position/leadSpan), so the lead, which names the event, outweighs background paragraphs
 * (which often recall an earlier look-alike event).
 */
export function readArticle(article: Article, w: TermWeighting): ArticleTerms {
  const out: ArticleTerms = {
    tf: new Map(),
    kind: new Map(),
    display: new Map(),
    day: article.published_inferred ? null : dayOf(article.published),
    signature: '',
    detail: 0,
  };
  const sketch = new CopySketch();
  const { title, body } = weightTables(w);
  readTerms(article.title, title, 0, out, null);
  let position = 0;
  for (const line of cleanBody(article)) position = readTerms(line, body, position, out, sketch);
  out.detail = out.kind.size;
  out.signature = sketch.toString();
  return out;
}
