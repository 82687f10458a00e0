/**
 * Cluster stage (pure): what the engine reads from one article — cleaned body, weighted content terms,
 * proper names, numbers, a calendar day, and a copy signature.
 *
 * Terms are lower-cased, lightly stemmed content words. A term is marked as a *name* when the article writes it
 * capitalised away from the start of a sentence (or in an all-capitals dateline), and as a *number* when it holds a
 * digit. Names and numbers are what tell two look-alike events apart (two earthquakes share "magnitude" and
 * "quake", not the town or the death toll), so they weigh more in the similarity (see `scoring.ts`).
 *
 * Speed: the text is read in one pass over its character codes (no regular expression per word). Plain ASCII lines,
 * nearly all of English news, take a fast path: a word is lower-cased and hashed while it is scanned, and looked up
 * in a per-run table of words already seen, so a word seen before costs no string at all. Terms are dense integer
 * ids of a `Vocabulary`; an article's terms are parallel typed arrays, not maps.
 */
import { normalizeWhitespace, STOPWORDS } from '../core/text';
import type { Article } from '../model';

/** A term's kind: a plain content word, a proper name, or a number. */
export const enum TermKind {
  Word = 0,
  Name = 1,
  Number = 2,
}

/** The terms of one article: parallel arrays over its distinct terms. */
export interface ArticleTerms {
  /** Term ids (see `Vocabulary`). */
  ids: Int32Array;
  /** Raw weight of each term (term frequency with the title and the lead counted extra), before IDF. */
  tf: Float64Array;
  /** Kind of each term: a number stays a number; a word written as a name anywhere in the article is a name. */
  kind: Uint8Array;
  /** term id → how the article writes it (for explanations), e.g. "Mark Jay Heller" for "heller". */
  display: Map<number, string>;
  /** Days since 1970-01-01 (UTC) of the publication date, or null when the date is unknown. */
  day: number | null;
  /** For an undated article, the earliest day its text's years allow (see `textFloor`); null otherwise. */
  floor: number | null;
  /** Copy signature (see `resemblance`). */
  signature: Uint8Array;
  /** Distinct names and numbers the article gives: a rewrite drops details, it seldom adds them. */
  detail: number;
  /**
   * Principal names: names in the headline (counting 2) and the lead (1 an occurrence), most prominent first, with
   * that prominence. They say whom or what the report is about; background paragraphs do not count.
   */
  principal: Int32Array;
  prominence: Float64Array;
}

/** A typed array of the same kind, `size` long, holding `a` at its start (the growth of every scratch array here). */
function grown<T extends Int32Array | Uint32Array | Float64Array | Uint8Array | Uint16Array>(a: T, size: number): T {
  const b = new (a.constructor as new (n: number) => T)(size);
  b.set(a);
  return b;
}

/**
 * Term strings ↔ dense integer ids, with each term's document frequency. Stored in the index as two arrays;
 * ids never change once given, so stored story centroids can name terms by id.
 */
export class Vocabulary {
  readonly ids = new Map<string, number>();
  readonly terms: string[];
  df: Int32Array;
  /** Copy-sketch hash of each term, computed on first use (0: not yet). */
  private hashes: Uint32Array;

  constructor(terms: string[] = [], df: ArrayLike<number> = []) {
    this.terms = terms.slice();
    const cap = Math.max(1024, this.terms.length * 2);
    this.df = new Int32Array(cap);
    this.df.set(df);
    this.hashes = new Uint32Array(cap);
    for (let i = 0; i < this.terms.length; i++) this.ids.set(this.terms[i], i);
  }

  get size(): number {
    return this.terms.length;
  }

  /** The id of a term, given a new one if it is new. */
  id(term: string): number {
    let id = this.ids.get(term);
    if (id === undefined) {
      id = this.terms.length;
      this.terms.push(term);
      this.ids.set(term, id);
      if (id >= this.df.length) {
        this.df = grown(this.df, this.df.length * 2);
        this.hashes = grown(this.hashes, this.df.length);
      }
    }
    return id;
  }

  hash(id: number): number {
    // Always returned from the array: merged with the value of a call, the hash would be boxed on the heap whenever it
    // does not fit a small integer (half the time), at every word read.
    if (this.hashes[id] === 0) this.hashes[id] = hash32(this.terms[id]);
    return this.hashes[id];
  }

  /** Ties between equal weights are broken by the term's text, so ids never decide an order. */
  before(a: number, b: number): boolean {
    return this.terms[a] < this.terms[b];
  }

  /** Drops every term, in place (see `Run.release`); the vocabulary is not used again. */
  release(): void {
    this.ids.clear();
    this.terms.length = 0;
    this.df = new Int32Array(0);
    this.hashes = new Uint32Array(0);
  }
}

// Web-page furniture that is not part of the report (comment forms, share bars, cookie notices).
const BOILERPLATE =
  /^(leave a (reply|comment)|please enter your (name|comment|email)|you have entered an incorrect email|save my name|post comment|share (this|on)|click to share|related( articles| posts| news)?:?$|read more|subscribe|advertisement|sign up|follow us|all rights reserved|copyright|©|cookies?|tags?:|photo:|image:|image credit|previous article|next article)/i;

/**
 * The body without web furniture: lines repeating the title or the outlet's name, comment-form lines, and
 * lines already seen in the same body are dropped.
 */
export function cleanBody(article: Pick<Article, 'title' | 'text' | 'source'>): string[] {
  const title = normalizeWhitespace(article.title).toLowerCase();
  const source = normalizeWhitespace(article.source).toLowerCase();
  // Lines seen: up to 120 characters lower-cased, longer ones as written. In lists rather than a set: a set hashes
  // every character of every line, where comparing two strings stops at their lengths or first difference, and an
  // article has a few dozen lines. A short ASCII line is kept as written and compared without regard to ASCII case,
  // which is comparing it lower-cased, without making a lower-cased copy.
  const seen = [title, source];
  const long = [title, source];
  const out: string[] = [];
  // Plain ASCII lines only need trimming; others get the full white-space normalisation.
  const plain = !NOT_PLAIN_ASCII_TEXT.test(article.text);
  for (const raw of article.text.split('\n')) {
    const ascii = plain || !NOT_PLAIN_ASCII.test(raw);
    // (`trim` makes a new string even when there is nothing to trim; an ASCII line's white space is at most 32.)
    const tidy = raw.length > 0 && raw.charCodeAt(0) > 32 && raw.charCodeAt(raw.length - 1) > 32;
    const line = ascii ? (tidy ? raw : raw.trim()) : normalizeWhitespace(raw);
    if (!line) continue;
    // Furniture lines are short: only those are lower-cased and matched against the patterns.
    if (line.length <= 120) {
      const key = ascii ? line : line.toLowerCase();
      if (seenFolded(seen, key) || BOILERPLATE.test(line)) continue;
      seen.push(key);
    } else {
      if (long.includes(line)) continue;
      long.push(line);
    }
    out.push(line);
  }
  return out;
}

/**
 * Whether a line is among those seen, comparing them once ASCII capitals are lowered. Each is lower-cased already or
 * ASCII, so this is whether both lower-cased are the same (lower-casing an ASCII line lowers its capitals and nothing
 * else).
 */
function seenFolded(seen: string[], key: string): boolean {
  for (let i = 0; i < seen.length; i++) if (sameFolded(seen[i], key)) return true;
  return false;
}

function sameFolded(a: string, b: string): boolean {
  if (a.length !== b.length) return false;
  for (let i = 0; i < a.length; i++) {
    let x = a.charCodeAt(i);
    let y = b.charCodeAt(i);
    if (x === y) continue;
    if (x >= 65 && x <= 90) x += 32;
    if (y >= 65 && y <= 90) y += 32;
    if (x !== y) return false;
  }
  return true;
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

/** A character other than printable ASCII, tab and carriage return. */
const NOT_PLAIN_ASCII = /[^\x20-\x7e\t\r]/;
const NOT_PLAIN_ASCII_TEXT = /[^\x20-\x7e\t\r\n]/;

const NUMBER = /\p{N}/u;
const UPPER = /^\p{Lu}/u;
const LETTER_OR_DIGIT = /^[\p{L}\p{N}]$/u;
const ALL_CAPS_LINE = /^[^\p{Ll}]*$/u;
// Capitalised in English but not names of anything that tells events apart.
const CALENDAR = new Set(
  'monday tuesday wednesday thursday friday saturday sunday january february march april may june july august september october november december jan feb mar apr jun jul aug sep sept oct nov dec'.split(' '),
);
// Function words of Hindi: Devanagari has no capitals to mark names, so without this list postpositions and
// auxiliaries ("के", "में", "है") would be the words two Hindi reports share most.
const HINDI_STOPWORDS = new Set(
  'के का की को में से पर ने है हैं था थी थे और या कि यह वह ये वे इस उस इन उन एक भी तो ही कर करने करते किया किए कई गया गई गए हो होने होता होती रहा रही रहे जो जब तक लिए साथ बाद अब तब कुछ सभी अपने अपनी अपना द्वारा वाले वाली वाला नहीं'.split(' '),
);
// Chinese characters that are nearly always grammar ("的", "了", "是"…): a pair of characters holding one of them
// mostly straddles two words, so it is not a term. Kept short: a character that also makes words of its own ("都" of
// 成都, "过" of 通过) is not listed.
const CHINESE_FUNCTION = new Set('的了是在和与及也就把被于之其并已而或但着这那该们');
// Short lower-case particles that may sit inside a name ("Leonardo da Vinci", "Ludwig van Beethoven").
const PARTICLES = new Set(['al', 'bin', 'de', 'del', 'van', 'von', 'la', 'le', 'da', 'of']);

/** Normalise a number token: drop thousands separators, so "1,000" and "1000" meet. */
function normalizeNumber(token: string): string {
  return token.includes(',') ? token.replace(/(?<=\d)[,](?=\d{3}\b)/g, '') : token;
}

const YEAR = /(^|[^\d$£€.,#\/-])((?:19|20)\d\d)(?:\s?[-–\/]\s?(\d\d(?:\d\d)?))?(?![\d%]|[.,]\d)/g;
/** Words before a year that make it no date of the text: a contract's end, a target, a copyright line. */
const NOT_WRITTEN = /(?:\b(?:through|thru|until|till|by|before|copyright)|©|\(c\))\s*$/i;

/**
 * The earliest day an undated text can have been written, from the years it names: reports name the year they are
 * written in or earlier ones (a season "2008-09" names its second year), seldom a later one, so the latest year named,
 * less one, is a floor. Years after "through", "until", "by"… (a contract's end, a target) or "©" (a page's footer,
 * the year it was fetched) are not read, nor years after `latestYear` (the year the article was received: a later
 * year can only be a plan). Null when no year is read.
 */
export function textFloor(text: string, latestYear = Infinity): number | null {
  let latest = 0;
  for (const m of text.matchAll(YEAR)) {
    let year = Number(m[2]);
    if (m[3]) {
      const second = m[3].length === 2 ? Math.floor(year / 100) * 100 + Number(m[3]) : Number(m[3]);
      if (second === year + 1 && second <= latestYear) year = second;
    }
    if (year <= latest || year > latestYear) continue;
    const before = text.slice(Math.max(0, m.index! - 12), m.index! + m[1].length);
    if (NOT_WRITTEN.test(before)) continue;
    latest = year;
  }
  return latest === 0 ? null : Date.UTC(latest - 1, 0, 1) / 86_400_000;
}

/** The (UTC) year of an RFC 3339 time; Infinity when unreadable (no bound). */
function yearOf(time: string | undefined): number {
  const t = time ? Date.parse(time) : NaN;
  return Number.isFinite(t) ? new Date(t).getUTCFullYear() : Infinity;
}

/** Day number (UTC) of an RFC 3339 time or a bare date; null if unreadable. */
export function dayOf(published: string): number | null {
  const m = /^(\d{4})-(\d{2})-(\d{2})/.exec(published);
  if (!m) return null;
  const t = Date.UTC(Number(m[1]), Number(m[2]) - 1, Number(m[3]));
  return Number.isFinite(t) ? Math.floor(t / 86_400_000) : null;
}

// What a character is to the reader (Unicode path): part of a word of a spaced script (a letter or a digit), a mark
// that continues the letter before it (Devanagari, Bengali or Thai vowel signs, tone marks; zero-width joiners), a
// letter of a script written without spaces between words — Han, katakana, hiragana, hangul, or another (Thai, Lao,
// Khmer, Burmese) —, or none of these. Kinds from `HAN` up are the unspaced scripts.
const WORD = 1;
const OTHER = 2;
const MARK = 3;
const HAN = 4;
const HIRAGANA = HAN + 2;
// In this order: the prolonged sound mark "ー" is both katakana and hiragana, and reads as katakana (マグニチュード).
const UNSPACED_SCRIPTS = [
  /^\p{scx=Han}$/u,
  /^\p{scx=Katakana}$/u,
  /^\p{scx=Hiragana}$/u,
  /^\p{scx=Hangul}$/u,
  /^[\p{scx=Thai}\p{scx=Lao}\p{scx=Khmer}\p{scx=Myanmar}]$/u,
];
const MARK_OR_JOINER = /^[\p{M}\u200c\u200d]$/u;
const NUMBER_CHAR = /^\p{N}$/u;

function classify(ch: string): number {
  if (!LETTER_OR_DIGIT.test(ch)) return MARK_OR_JOINER.test(ch) ? MARK : OTHER;
  if (NUMBER_CHAR.test(ch)) return WORD;
  const script = UNSPACED_SCRIPTS.findIndex((re) => re.test(ch));
  return script < 0 ? WORD : HAN + script;
}

// The kind of each UTF-16 code unit, computed on first sight (0: not yet). ASCII is filled in here: the fast path
// reads it directly (1: letter or digit).
const unitClass = new Uint8Array(65536);
for (let c = 0; c < 128; c++) {
  unitClass[c] = (c >= 48 && c <= 57) || (c >= 65 && c <= 90) || (c >= 97 && c <= 122) ? WORD : OTHER;
}

/** The kind of the character at `i` (`WORD`, `OTHER`, `MARK`, or its unspaced script) times 8, plus its length in code units. */
function charAt(s: string, i: number): number {
  const c = s.charCodeAt(i);
  if (c >= 0xd800 && c <= 0xdbff && i + 1 < s.length) {
    const d = s.charCodeAt(i + 1);
    if (d >= 0xdc00 && d <= 0xdfff) return classify(s.slice(i, i + 2)) * 8 + 2;
  }
  let k = unitClass[c];
  if (k === 0) unitClass[c] = k = classify(String.fromCharCode(c));
  return k * 8 + 1;
}

/** A word separator inside a token: apostrophe, hyphen, period, comma ("o'neill", "al-Sham", "1,000", "U.S"). */
function isJoiner(c: number): boolean {
  return c === 39 || c === 45 || c === 46 || c === 44;
}

// Token flags (per distinct lower-cased token).
const SKIP = 1; // stop word or single character: no term
const PARTICLE = 2; // may sit inside a name
const CALENDAR_WORD = 4; // weekday or month: never a name
const DIGITS = 8; // a number

/**
 * Distinct lower-cased tokens seen in this run → their term id and flags, in an open-addressing table keyed by the
 * token's characters (kept back to back in one code-unit arena), so an ASCII word is looked up from the bytes it is
 * scanned in, without making a string for it.
 */
class Lexicon {
  // Room for 16,384 distinct tokens before the first growth (a 512 kB table, filled once a run): a cron run's
  // hundred articles give a few thousand, so it does not grow, and growing replaces the table, which makes V8 throw
  // away the just-optimised reading code (measured: a fresh process adds 100 articles to a 10,000-article index in
  // 136 ms instead of 152, median of 9).
  private mask = 32767;
  /** Per slot, four ints side by side (one cache line for a probe): hash, entry (-1: empty), key start, key length. */
  private table = Lexicon.emptyTable(32768);
  private arena = new Uint16Array(65536);
  private used = 0;
  readonly term: number[] = [];
  readonly flags: number[] = [];

  constructor(private readonly vocab: Vocabulary) {}

  /** Drops every token, in place (see `Run.release`); the lexicon is not used again. */
  release(): void {
    this.table = new Int32Array(0);
    this.arena = new Uint16Array(0);
    this.term.length = 0;
    this.flags.length = 0;
  }

  private static emptyTable(slots: number): Int32Array {
    const table = new Int32Array(slots * 4);
    for (let i = 1; i < table.length; i += 4) table[i] = -1;
    return table;
  }

  /** The entry of the ASCII token `bytes[start, end)` (of `text`), lower-cased letter by letter; `h` its hash. */
  lookupBytes(bytes: Uint8Array, text: string, start: number, end: number, h: number): number {
    const len = end - start;
    const arena = this.arena;
    const table = this.table;
    for (let slot = (h ^ (h >>> 15)) & this.mask; ; slot = (slot + 1) & this.mask) {
      const at = slot * 4;
      const e = table[at + 1];
      if (e === -1) return this.insert(slot, text.slice(start, end).toLowerCase(), h);
      if (table[at] !== h || table[at + 3] !== len) continue;
      const from = table[at + 2] - start;
      let k = start;
      for (; k < end; k++) {
        let c = bytes[k];
        if (c >= 65 && c <= 90) c += 32;
        if (c !== arena[from + k]) break;
      }
      if (k === end) return e;
    }
  }

  /** The entry of a lower-cased token. */
  lookupString(lower: string): number {
    const h = fnv(lower);
    const len = lower.length;
    const arena = this.arena;
    const table = this.table;
    for (let slot = (h ^ (h >>> 15)) & this.mask; ; slot = (slot + 1) & this.mask) {
      const at = slot * 4;
      const e = table[at + 1];
      if (e === -1) return this.insert(slot, lower, h);
      if (table[at] !== h || table[at + 3] !== len) continue;
      const from = table[at + 2];
      let k = 0;
      for (; k < len; k++) if (lower.charCodeAt(k) !== arena[from + k]) break;
      if (k === len) return e;
    }
  }

  private insert(slot: number, lower: string, h: number): number {
    const e = this.term.length;
    const token = lower.endsWith("'s") ? lower.slice(0, -2) : lower;
    let flags = 0;
    let term = -1;
    if (PARTICLES.has(token)) flags |= PARTICLE;
    if (token.length < 2 || STOPWORDS.has(token) || HINDI_STOPWORDS.has(token)) flags |= SKIP;
    else if (NUMBER.test(token)) {
      flags |= DIGITS;
      term = this.vocab.id(normalizeNumber(token));
    } else {
      if (CALENDAR.has(token)) flags |= CALENDAR_WORD;
      term = this.vocab.id(stem(token));
    }
    this.term.push(term);
    this.flags.push(flags);
    if (this.used + lower.length > this.arena.length) this.arena = grown(this.arena, Math.max(this.arena.length * 2, this.used + lower.length));
    for (let k = 0; k < lower.length; k++) this.arena[this.used + k] = lower.charCodeAt(k);
    const at = slot * 4;
    this.table[at] = h;
    this.table[at + 1] = e;
    this.table[at + 2] = this.used;
    this.table[at + 3] = lower.length;
    this.used += lower.length;
    if (this.term.length * 2 > this.mask) this.grow();
    return e;
  }

  private grow(): void {
    const old = this.table;
    const size = (this.mask + 1) * 2;
    this.mask = size - 1;
    this.table = Lexicon.emptyTable(size);
    for (let i = 0; i < old.length; i += 4) {
      if (old[i + 1] === -1) continue;
      let s = (old[i] ^ (old[i] >>> 15)) & this.mask;
      while (this.table[s * 4 + 1] !== -1) s = (s + 1) & this.mask;
      this.table.set(old.subarray(i, i + 4), s * 4);
    }
  }
}

const encoder = new TextEncoder();

function fnv(s: string): number {
  let h = 0x811c9dc5 | 0;
  for (let i = 0; i < s.length; i++) h = Math.imul(h ^ s.charCodeAt(i), 0x01000193);
  return h;
}

/** Bins in a copy signature; each keeps the low 8 bits of its least hash. */
export const SIGNATURE_BINS = 128;
/** Bytes of a stored signature: a byte a bin, then a bit a bin saying whether it is filled. */
export const SIGNATURE_BYTES = SIGNATURE_BINS + SIGNATURE_BINS / 8;
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
 * Estimated Jaccard resemblance of two copy signatures (at byte offsets `i` and `j`): bins that agree over bins
 * filled in either. With 8 bits a bin, unrelated bins still agree 1 time in 256, so the share is corrected for that.
 */
export function resemblance(a: Uint8Array, i: number, b: Uint8Array, j: number): number {
  let same = 0;
  let filled = 0;
  for (let bin = 0; bin < SIGNATURE_BINS; bin++) {
    const bit = 1 << (bin & 7);
    const fa = (a[i + SIGNATURE_BINS + (bin >> 3)] & bit) !== 0;
    const fb = (b[j + SIGNATURE_BINS + (bin >> 3)] & bit) !== 0;
    if (!fa && !fb) continue;
    filled++;
    if (fa && fb && a[i + bin] === b[j + bin]) same++;
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
  /** Body terms (from the start) that count as the lead for the principal names. */
  principalSpan: number;
  /** Principal names kept per article. */
  principalNames: number;
  /** In a Title Case headline, capitals do not make names (the body decides). */
  titleCaseNames: boolean;
}

/**
 * Reads articles into `ArticleTerms` over one vocabulary. Holds the per-run word table and scratch arrays indexed
 * by term id, so reading an article allocates little beyond its result.
 */
export class ArticleReader {
  private readonly lexicon: Lexicon;
  private readonly body: Float64Array;
  // Doubles the reading loop reads or writes for every word live in typed arrays: a double kept in a field, or
  // mixed with one, can make the optimised code box it on the heap at each use (measured: one allocation a word).
  /** The title's weight, [0]. */
  private readonly titleWeight = new Float64Array(1);
  // Scratch, indexed by term id and reset after each article.
  private acc = new Float64Array(0);
  private lead = new Float64Array(0);
  private kinds = new Uint8Array(0);
  private shown = new Uint8Array(0);
  private seen = new Int32Array(4096);
  private distinct = 0;
  private display = new Map<number, string>();
  // The current copy sketch.
  private readonly min = new Uint32Array(SIGNATURE_BINS);
  // The name being read: its words' [start, end) in the line, their entries, and how many.
  private runStart = new Int32Array(64);
  private runEnd = new Int32Array(64);
  private runEntry = new Int32Array(64);
  private runLength = 0;
  // Where each character of a run of an unspaced script starts (see `unspacedRun`).
  private runChars = new Int32Array(256);
  // The line being read: next body position, previous term's hash, whether it is a body line; its bytes if ASCII.
  private position = 0;
  /** The previous term's sketch hash, [0] (0: none). */
  private readonly previous = new Uint32Array(1);
  private sketching = false;
  /** The title capitalises every word: its capitals say nothing about names (the body decides). */
  private titleCase = false;
  private bytes = new Uint8Array(4096);

  private readonly principalSpan: number;
  private readonly principalNames: number;
  private readonly titleCaseNames: boolean;

  constructor(readonly vocab: Vocabulary, w: TermWeighting) {
    this.lexicon = new Lexicon(vocab);
    this.titleWeight[0] = w.titleWeight;
    this.principalSpan = w.principalSpan;
    this.principalNames = w.principalNames;
    this.titleCaseNames = w.titleCaseNames;
    this.body = new Float64Array(Math.ceil(w.leadSpan * 12) + 1);
    for (let i = 0; i < this.body.length; i++) this.body[i] = 1 + w.leadWeight * Math.exp(-i / w.leadSpan);
  }

  /** Drops the lexicon and the scratch sized by the vocabulary, in place (see `Run.release`); not used again. */
  release(): void {
    this.lexicon.release();
    this.acc = new Float64Array(0);
    this.lead = new Float64Array(0);
    this.kinds = new Uint8Array(0);
    this.shown = new Uint8Array(0);
    this.display = new Map();
  }

  /**
   * Everything the engine needs from one article. The title counts `titleWeight` times; a body word counts
   * 1 + leadWeight·e^(−position/leadSpan), so the lead, which names the event, outweighs background paragraphs
   * (which often recall an earlier look-alike event).
   */
  read(article: Article): ArticleTerms {
    this.min.fill(EMPTY);
    this.display = new Map();
    this.titleCase = !this.titleCaseNames && isTitleCase(article.title);
    this.line(article.title, 0, false);
    let position = 0;
    for (const line of cleanBody(article)) position = this.line(line, position, true);
    const n = this.distinct;
    // The article's arrays share one buffer: a typed array with memory of its own costs ≈ 0.5 µs to make, a view
    // of a buffer a tenth of that. Float64 first, so each view is aligned; room for `most` principal names.
    const most = this.principalNames;
    const buffer = new ArrayBuffer(12 * (n + most) + n + SIGNATURE_BYTES);
    const tf = new Float64Array(buffer, 0, n);
    const ids = new Int32Array(buffer, 8 * (n + most), n);
    ids.set(this.seen.subarray(0, n));
    const kind = new Uint8Array(buffer, 12 * (n + most), n);
    const signature = new Uint8Array(buffer, 12 * (n + most) + n, SIGNATURE_BYTES);
    let detail = 0;
    // The principal names: the `most` names of the headline and lead with the highest lead weight (ties: by their
    // text), kept in order by insertion as they are met.
    const lead = this.lead;
    const ahead = (a: number, b: number) => lead[a] > lead[b] || (lead[a] === lead[b] && this.vocab.before(a, b));
    const top = new Int32Array(buffer, 8 * (n + most) + 4 * n, most);
    let named = 0;
    for (let i = 0; i < n; i++) {
      const id = ids[i];
      tf[i] = this.acc[id];
      kind[i] = this.kinds[id];
      if (kind[i] !== TermKind.Word) detail++;
      if (kind[i] !== TermKind.Name || lead[id] <= 0) continue;
      if (named === most && !ahead(id, top[most - 1])) continue;
      let j = named < most ? named++ : most - 1;
      for (; j > 0 && ahead(id, top[j - 1]); j--) top[j] = top[j - 1];
      top[j] = id;
    }
    const principal = top.subarray(0, named);
    const prominence = new Float64Array(buffer, 8 * n, named);
    for (let i = 0; i < named; i++) prominence[i] = lead[principal[i]];
    for (let i = 0; i < n; i++) {
      const id = ids[i];
      this.acc[id] = 0;
      this.lead[id] = 0;
      this.kinds[id] = 0;
      this.shown[id] = 0;
    }
    this.distinct = 0;
    for (let bin = 0; bin < SIGNATURE_BINS; bin++) {
      const v = this.min[bin];
      if (v === EMPTY) continue;
      signature[bin] = v & 0xff;
      signature[SIGNATURE_BINS + (bin >> 3)] |= 1 << (bin & 7);
    }
    const day = article.published_inferred ? null : dayOf(article.published);
    return {
      ids,
      tf,
      kind,
      display: this.display,
      day,
      floor: day === null ? textFloor(article.title + '\n' + article.text, yearOf(article.received)) : null,
      signature,
      detail,
      principal,
      prominence,
    };
  }

  /** Room in the scratch arrays for every id the vocabulary has given. */
  private fit(): void {
    const need = this.vocab.size;
    if (need <= this.acc.length) return;
    const size = Math.max(need, this.acc.length * 2, 1024);
    this.acc = grown(this.acc, size);
    this.lead = grown(this.lead, size);
    this.kinds = grown(this.kinds, size);
    this.shown = grown(this.shown, size);
  }

  private count(id: number, weight: number, kind: TermKind): void {
    if (id >= this.acc.length) this.fit();
    if (this.acc[id] === 0) {
      if (this.distinct === this.seen.length) {
        this.seen = grown(this.seen, this.seen.length * 2);
      }
      this.seen[this.distinct++] = id;
    }
    this.acc[id] += weight;
    if (kind !== TermKind.Word && this.kinds[id] === 0) this.kinds[id] = kind;
  }

  private addHash(h: number): void {
    const bin = h >>> 25; // top 7 bits: 128 bins
    const value = h & 0x1ffffff;
    if (value < this.min[bin]) this.min[bin] = value;
  }

  /**
   * Content terms of one line of text. A word starts a sentence when only punctuation that ends a sentence (or
   * nothing) stands before it; such a word is not taken as a name. Body lines (`sketch`) add every term and every
   * pair of neighbouring terms to the copy sketch. Returns the next body position.
   */
  private line(raw: string, start: number, sketch: boolean): number {
    this.position = start;
    this.previous[0] = 0;
    this.sketching = sketch;
    this.runLength = 0;
    if (this.encode(raw)) return this.asciiLine(raw);
    const folded = raw.replace(/[’‘“”]/g, (q) => (q === '’' || q === '‘' ? "'" : '"'));
    if (this.encode(folded)) return this.asciiLine(folded);
    return this.unicodeLine(folded.normalize('NFKC'));
  }

  /** Whether the text is all ASCII; if so, its bytes are in `this.bytes`. */
  private encode(text: string): boolean {
    if (this.bytes.length < text.length * 3) this.bytes = new Uint8Array(text.length * 3 + 1024);
    const r = encoder.encodeInto(text, this.bytes);
    return r.written === text.length && r.read === text.length;
  }

  /** The fast path: an ASCII line, scanned byte by byte; words are lower-cased and hashed as they are scanned. */
  private asciiLine(text: string): number {
    const bytes = this.bytes;
    const n = text.length;
    let allCaps = true;
    for (let i = 0; i < n; i++) {
      const c = bytes[i];
      if (c >= 97 && c <= 122) {
        allCaps = false;
        break;
      }
    }
    let sentenceStart = true;
    let i = 0;
    while (i < n) {
      // What stands between this word and the previous one: punctuation ends a name ("Russia, Iran"),
      // sentence-ending punctuation also starts a sentence.
      let punctuated = false;
      let c = 0;
      for (; i < n; i++) {
        c = bytes[i];
        if (unitClass[c] === 1) break;
        if (c === 32) continue;
        punctuated = true;
        if (c === 46 || c === 33 || c === 63 || c === 58 || c === 59 || c === 34) sentenceStart = true;
      }
      if (i >= n) break;
      // The token: letters and digits, joined by single apostrophes, hyphens, periods or commas.
      const tokenStart = i;
      let h = 0x811c9dc5 | 0;
      for (;;) {
        for (; i < n; i++) {
          c = bytes[i];
          if (unitClass[c] !== 1) break;
          h = Math.imul(h ^ (c >= 65 && c <= 90 ? c + 32 : c), 0x01000193);
        }
        if (i + 1 < n && (c === 39 || c === 45 || c === 46 || c === 44) && unitClass[bytes[i + 1]] === 1) {
          h = Math.imul(h ^ c, 0x01000193);
          i++;
          continue;
        }
        break;
      }
      const entry = this.lexicon.lookupBytes(bytes, text, tokenStart, i, h);
      if (punctuated) this.flushName(text);
      const capital = bytes[tokenStart] >= 65 && bytes[tokenStart] <= 90;
      this.token(text, tokenStart, i, entry, !sentenceStart && !allCaps && capital);
      sentenceStart = false;
    }
    this.flushName(text);
    return this.position;
  }

  /**
   * The general path: any Unicode line (after NFKC), letters and digits as Unicode defines them; a mark continues the
   * word it follows ("भूकंप" is one word, not three letters). A run of letters of a script written without spaces
   * (Chinese, Japanese, Korean, Thai…) is read as overlapping pairs of characters ("泸定县发生" → 泸定 定县 县发 发生): no
   * word list is needed, two reports of one event share most of their pairs, and two different events share few.
   */
  private unicodeLine(text: string): number {
    const allCaps = ALL_CAPS_LINE.test(text);
    let sentenceStart = true;
    let i = 0;
    const n = text.length;
    while (i < n) {
      let punctuated = false;
      let at = 0;
      for (; i < n; i++) {
        const c = text.charCodeAt(i);
        at = charAt(text, i);
        const kind = at >> 3;
        if (kind === WORD || kind >= HAN) break;
        if (c === 32 || kind === MARK) continue;
        punctuated = true;
        if (c === 46 || c === 33 || c === 63 || c === 58 || c === 59 || c === 34) sentenceStart = true;
      }
      if (i >= n) break;
      if (punctuated) this.flushName(text);
      const tokenStart = i;
      if (at >> 3 >= HAN) {
        i = this.unspacedRun(text, i);
        sentenceStart = false;
        continue;
      }
      i += at & 7;
      for (;;) {
        while (i < n) {
          const next = charAt(text, i);
          if (next >> 3 !== WORD && next >> 3 !== MARK) break;
          i += next & 7;
        }
        if (i + 1 < n && isJoiner(text.charCodeAt(i)) && charAt(text, i + 1) >> 3 === WORD) {
          i++;
          continue;
        }
        break;
      }
      const entry = this.lexicon.lookupString(text.slice(tokenStart, i).toLowerCase());
      this.token(text, tokenStart, i, entry, !sentenceStart && !allCaps && isCapitalised(text, tokenStart));
      sentenceStart = false;
    }
    this.flushName(text);
    return this.position;
  }

  /**
   * A run of letters of a script written without spaces, from `start`: each pair of neighbouring characters (a
   * character with the marks that follow it) of one script is a term. Japanese mixes three: a pair is taken inside
   * a run of kanji (石川県 → 石川 川県) or of katakana (マグニチュード), not across the hiragana of a particle or an
   * ending (県で, で震), nor of hiragana alone (した, には: grammar). Nor is a pair holding a Chinese function
   * character. A run of one character gives none. Returns the run's end.
   * The copy sketch takes four characters at a time (a pair and the pair after it), not the pairs themselves: two
   * independent reports of one event share many pairs of characters, as they share many words, but few runs of
   * four, as they share few pairs of words.
   */
  private unspacedRun(text: string, start: number): number {
    const n = text.length;
    let starts = this.runChars;
    let m = 0;
    let i = start;
    while (i < n) {
      const at = charAt(text, i);
      const kind = at >> 3;
      if (kind >= HAN) {
        if (m === starts.length) {
          this.runChars = starts = grown(starts, starts.length * 2);
        }
        starts[m++] = i;
      } else if (kind !== MARK) {
        break;
      }
      i += at & 7;
    }
    this.flushName(text);
    let before = 0;
    let last = 0;
    for (let j = 0; j + 1 < m; j++) {
      const script = charAt(text, starts[j]) >> 3;
      let th = 0;
      if (
        script !== HIRAGANA &&
        script === charAt(text, starts[j + 1]) >> 3 &&
        !CHINESE_FUNCTION.has(text[starts[j]]) &&
        !CHINESE_FUNCTION.has(text[starts[j + 1]])
      ) {
        const end = j + 2 < m ? starts[j + 2] : i;
        const entry = this.lexicon.lookupString(text.slice(starts[j], end).toLowerCase());
        this.token(text, starts[j], end, entry, false, false);
        const id = this.lexicon.term[entry];
        if (id >= 0) th = this.vocab.hash(id);
      }
      if (!this.sketching) continue;
      if (before !== 0 && th !== 0) this.addHash(mix32(Math.imul(before, 0x9e3779b1) ^ th));
      before = last;
      last = th;
    }
    this.previous[0] = 0;
    return i;
  }

  /**
   * One token of a line: its term counted as a word, a name (`nameLike`: capitalised mid-sentence) or a number; in a
   * body line, added to the copy sketch with the pair it makes with the term before (unless `sketch` is false).
   */
  private token(text: string, start: number, end: number, entry: number, nameLike: boolean, sketch = true): void {
    const lex = this.lexicon;
    const flags = lex.flags[entry];
    if (flags & SKIP) {
      if (this.runLength > 0 && flags & PARTICLE) this.pushRun(text, start, end, entry);
      else this.flushName(text);
      return;
    }
    const id = lex.term[entry];
    if (id >= this.acc.length) this.fit();
    let kind: TermKind;
    if (flags & DIGITS) {
      kind = TermKind.Number;
      this.flushName(text);
      if (this.shown[id] === 0) {
        this.shown[id] = 1;
        this.display.set(id, text.slice(start, end));
      }
    } else if (nameLike && !(flags & CALENDAR_WORD) && (this.sketching || !this.titleCase)) {
      kind = TermKind.Name;
      this.pushRun(text, start, end, entry);
    } else {
      kind = TermKind.Word;
      this.flushName(text);
    }
    const last = this.body.length - 1;
    const p = this.position++;
    if (!this.sketching) this.lead[id] += 2;
    else if (p < this.principalSpan) this.lead[id] += 1;
    this.count(id, this.sketching ? this.body[p < last ? p : last] : this.titleWeight[0], kind);
    if (this.sketching && sketch) {
      const th = this.vocab.hash(id);
      this.addHash(th);
      const previous = this.previous[0];
      if (previous !== 0) this.addHash(mix32(Math.imul(previous, 0x9e3779b1) ^ th));
      this.previous[0] = th;
    }
  }

  /** Add a word to the name being read, without a possessive "'s". */
  private pushRun(text: string, start: number, end: number, entry: number): void {
    if (this.runLength === this.runStart.length) {
      this.runStart = grown(this.runStart, this.runStart.length * 2);
      this.runEnd = grown(this.runEnd, this.runEnd.length * 2);
      this.runEntry = grown(this.runEntry, this.runEntry.length * 2);
    }
    if (end - start >= 2 && text.charCodeAt(end - 1) === 115 && text.charCodeAt(end - 2) === 39) end -= 2;
    this.runStart[this.runLength] = start;
    this.runEnd[this.runLength] = end;
    this.runEntry[this.runLength] = entry;
    this.runLength++;
  }

  /** End the name being read: each of its words not yet shown is shown as the whole name ("Mark Jay Heller"). */
  private flushName(text: string): void {
    let n = this.runLength;
    if (n === 0) return;
    this.runLength = 0;
    const lex = this.lexicon;
    while (n > 0 && lex.flags[this.runEntry[n - 1]] & PARTICLE) n--;
    let phrase: string | null = null;
    for (let k = 0; k < n; k++) {
      const entry = this.runEntry[k];
      if (lex.flags[entry] & SKIP) continue;
      const id = lex.term[entry];
      if (id >= this.shown.length) this.fit();
      if (this.shown[id] !== 0) continue;
      if (phrase === null) {
        phrase = text.slice(this.runStart[0], this.runEnd[0]);
        for (let j = 1; j < n; j++) phrase += ' ' + text.slice(this.runStart[j], this.runEnd[j]);
      }
      this.shown[id] = 1;
      this.display.set(id, phrase);
    }
  }
}

/**
 * Whether a headline is in Title Case ("Chargers Lineman Arrested For DUI"): three or more words of four letters or
 * more, at least three quarters of them capitalised. Sentence-case headlines capitalise only names.
 */
export function isTitleCase(title: string): boolean {
  let words = 0;
  let capitals = 0;
  // ASCII headlines (nearly all) are scanned by hand, as the pattern below reads them: in each run of letters,
  // apostrophes and hyphens, a word starts at its first letter and must reach four characters.
  let i = 0;
  const n = title.length;
  for (; i < n; i++) {
    const c = title.charCodeAt(i);
    if (c >= 128) break;
    const letter = (c >= 65 && c <= 90) || (c >= 97 && c <= 122);
    if (!letter) continue;
    let j = i + 1;
    for (; j < n; j++) {
      const d = title.charCodeAt(j);
      if (!((d >= 65 && d <= 90) || (d >= 97 && d <= 122) || d === 39 || d === 45)) break;
    }
    if (j < n && title.charCodeAt(j) >= 128) break;
    if (j - i >= 4) {
      words++;
      if (c <= 90) capitals++;
    }
    i = j - 1;
  }
  if (i >= n) return words >= 3 && capitals >= words * 0.75;
  words = 0;
  capitals = 0;
  for (const m of title.matchAll(/\p{L}[\p{L}'’-]{3,}/gu)) {
    words++;
    if (UPPER.test(m[0])) capitals++;
  }
  return words >= 3 && capitals >= words * 0.75;
}

/** Whether the word at `i` starts with a capital letter (ASCII fast path). */
function isCapitalised(text: string, i: number): boolean {
  const c = text.charCodeAt(i);
  if (c < 128) return c >= 65 && c <= 90;
  return UPPER.test(text.slice(i, i + 2));
}
