/**
 * Merge stage (pure): numbers with what they count. Reads "312 people … have been killed", "around 2,500
 * prisoners", "hundreds of political detainees", "80 kilometers", "a 12-percent raise" out of a sentence as
 * a value (with its qualifier, so "over 42,000" is a range, not a point) and a label saying what it measures.
 */
import { QUANTITY_WORDS, senseOf } from './terms';

/** One number as a sentence gives it. */
export interface Quantity {
  /** The value as written, with its qualifier: "over 42,000", "hundreds", "12%", "80 km". */
  value: string;
  /** The phrase it came from: "around 2,500 prisoners". */
  phrase: string;
  /** What it measures: "killed", "civilians killed", "prisoners released", "km", "% raise". */
  label: string;
  /** Grouping key for the label (senses, not spellings). */
  key: string;
  /** Grouping key for the value: "1,098" and "1098" are one value, "over 42,000" another than "42,000". */
  valueKey: string;
  /** True for counts of one event's outcome (killed, displaced…): one true value, so differing values conflict. */
  event: boolean;
  /** The range the value allows. */
  lo: number;
  hi: number;
}

// Outcome words: a number of people next to one of these counts that outcome.
const OUTCOMES: [RegExp, string][] = [
  [/\b(killed|killing|dead|died|deaths?|death toll|lives|fatalities|perished|slain)\b/gi, 'killed'],
  [/\b(injured|injuring|wounded|wounding|hurt|injuries)\b/gi, 'injured'],
  [/\b(displaced|fled|homeless|evacuated|uprooted)\b/gi, 'displaced'],
  [/\b(missing|unaccounted)\b/gi, 'missing'],
  [/\b(arrested|arrests|detained)\b/gi, 'arrested'],
  [/\b(release[ds]?|releasing|freed|freeing|liberat\w*)\b/gi, 'released'],
];
// Nouns that say only "people": the outcome word says what is counted.
const GENERIC = new Set(['people', 'persons', 'individuals', 'others', 'residents', 'victims', 'more']);
const UNITS: [RegExp, string][] = [
  [/^\s?(%|-?\s?percent\b|\s?per cent\b|\s?percentage points?\b)/i, '%'],
  [/^\s?(km|kilomet(?:er|re)s?)\b/i, 'km'],
  [/^\s?(mi|miles?)\b/i, 'miles'],
  [/^\s?(kg|kilograms?)\b/i, 'kg'],
  [/^\s?(m|met(?:er|re)s?)\b/i, 'm'],
  [/^\s?(ft|feet|foot)\b/i, 'ft'],
  [/^\s?(yards?|yds?)\b/i, 'yards'],
  [/^\s?(tons?|tonnes?)\b/i, 'tonnes'],
  [/^\s?-?\s?magnitude\b/i, 'magnitude'],
  [/^\s?-?\s?(years?[ -]old)\b/i, 'years old'],
];
// Units that measure one thing of one event: two different values of them conflict.
const EVENT_UNITS = new Set(['magnitude']);
const QUALIFIERS: [RegExp, (n: number) => [number, number]][] = [
  [/\b(about|around|approximately|roughly|some|an estimated|estimated|nearly|almost|close to|up to)\s+$/i, (n) => [0.8 * n, 1.1 * n]],
  [/\b(over|more than|at least|upwards of|in excess of|exceeding)\s+$/i, (n) => [n, 1.5 * n]],
  [/\b(under|fewer than|less than|below)\s+$/i, (n) => [0.5 * n, n]],
];
const MONTH = String.raw`(?:jan|feb|mar|apr|may|jun|jul|aug|sep|oct|nov|dec)[a-z]*\.?`;
const MULTIPLIER: Record<string, number> = { thousand: 1e3, million: 1e6, billion: 1e9, trillion: 1e12 };
// Words that end the noun phrase after a number.
const STOP = /^(from|in|on|at|to|and|or|but|by|for|with|since|of|after|before|during|had|have|has|were|was|are|is|been|be|the|a|an|who|which|that|as|than|across|into|near|over|under|this|these|their|its|his|her|will|would|could|may|have|had|each|per)$/i;
const SCALE = /\b(tens of thousands|hundreds of thousands|dozens|scores|hundreds|thousands|millions)\b/gi;
const NUMBER = /(?<![\p{L}\p{N}.,:])(\d{1,3}(?:,\d{3})+|\d+(?:\.\d+)?)(?:\s?(thousand|million|billion|trillion)\b)?(?![\p{N}]|[.,:]\d|(?!%)\p{L})/giu;
// Nouns that count people or things without a plural -s.
const IRREGULAR_PLURALS = new Set(['people', 'children', 'men', 'women', 'police', 'personnel', 'staff', 'crew', 'cattle', 'feet', 'troops', 'fish', 'aircraft', 'sheep', 'deer', 'livestock']);
/** A head noun that can be counted: a plural ("civilians", "prisoners") — not a verb, adverb or direction. */
function isCountNoun(word: string): boolean {
  if (IRREGULAR_PLURALS.has(word)) return true;
  return word.length > 3 && /[^su]s$/.test(word) && !/(ous|ness|less|ics)$/.test(word);
}

interface Found {
  start: number;
  end: number;
  n: number;
  written: string;
  range?: [number, number];
}

/** Number mentions of a sentence that can be counts: not dates, years, ordinals, times of day or scores. */
function findNumbers(sentence: string): Found[] {
  const found: Found[] = [];
  for (const m of sentence.matchAll(NUMBER)) {
    const start = m.index!;
    const end = start + m[0].length;
    const before = sentence.slice(Math.max(0, start - 16), start);
    const after = sentence.slice(end, end + 16);
    if (/^(st|nd|rd|th)\b/i.test(after) || /^\s?(a\.?m\b|p\.?m\b|gmt|utc|hours? gmt)/i.test(after)) continue;
    if (new RegExp(`\\b${MONTH}\\s*$`, 'i').test(before) || new RegExp(`^\\s*(of\\s+)?${MONTH}(\\s|$|,)`, 'i').test(after)) continue;
    if (/^\s?[-–]\s?\d/.test(after) || /\d\s?[-–]\s?$/.test(before)) continue; // a score or range, "43-39"
    if (/\p{Lu}\s?[-–]?\s?$/u.test(before)) continue; // a model or a code: "AK-47", "MH17"
    if (/^0\d/.test(m[1])) continue; // a fragment of a number split by spacing ("10, 000")
    const isYear = !m[2] && /^(1[89]|20)\d\d$/.test(m[1]);
    if (isYear && (/\b(in|since|until|from|by|of|before|after|year|early|late|mid|the|and)\s*$/i.test(before) || !/^\s*\p{L}/u.test(after))) continue;
    const n = Number(m[1].replace(/,/g, '')) * (MULTIPLIER[(m[2] ?? '').toLowerCase()] ?? 1);
    found.push({ start, end, n, written: m[0] });
  }
  for (const m of sentence.matchAll(SCALE)) {
    const range = QUANTITY_WORDS.get(m[0].toLowerCase());
    if (range) found.push({ start: m.index!, end: m.index! + m[0].length, n: range[0], written: m[0].toLowerCase(), range });
  }
  return found;
}

/** The outcome word nearest to a position in the sentence, if any. */
function nearestOutcome(sentence: string, at: number): string | undefined {
  let best: string | undefined;
  let distance = Infinity;
  for (const [re, what] of OUTCOMES) {
    for (const m of sentence.matchAll(re)) {
      const d = Math.abs(m.index! - at);
      if (d < distance) {
        distance = d;
        best = what;
      }
    }
  }
  return best;
}

/** The numbers of one sentence with what they count. */
export function extractQuantities(sentence: string): Quantity[] {
  const out: Quantity[] = [];
  for (const f of findNumbers(sentence)) {
    let pos = f.end;
    let unit = '';
    for (const [re, u] of UNITS) {
      const um = re.exec(sentence.slice(pos));
      if (um) {
        unit = u;
        pos += um[0].length;
        break;
      }
    }
    const lead = sentence.slice(Math.max(0, f.start - 24), f.start);
    if (!unit && /\bmagnitude( of)?\s+$/i.test(lead)) unit = 'magnitude';
    const currency = /([$€£¥])\s?$/.exec(lead)?.[1] ?? '';
    // The noun phrase that follows: up to three words, through "of", until a function word or punctuation.
    const ofMatch = /^\s+of\s+/i.exec(sentence.slice(pos));
    if (ofMatch && (f.range || !unit)) pos += ofMatch[0].length;
    const words: string[] = [];
    let phraseEnd = pos;
    const wordRe = /\s*(["'“‘(]*)([\p{L}][\p{L}\p{N}'’-]*)([.,;:!?"'”’)]*)/uy;
    wordRe.lastIndex = pos;
    for (let m = wordRe.exec(sentence); m && words.length < 3; m = wordRe.exec(sentence)) {
      if (STOP.test(m[2]) || (unit && unit !== '%')) break;
      words.push(m[2]);
      phraseEnd = m.index + m[0].length - m[3].length;
      if (m[3]) break;
    }
    if (!unit && /^\p{Lu}/u.test(words[0] ?? '')) continue; // "Route 66 Highway", "5 December": a name, not a count
    const head = (words[words.length - 1] ?? '').toLowerCase().replace(/[’']s?$/, '');
    const qualifier = QUALIFIERS.find(([re]) => re.test(lead));
    const qualText = qualifier ? lead.match(qualifier[0])![1].toLowerCase() : '';
    const [lo, hi] = f.range ?? (qualifier ? qualifier[1](f.n) : [f.n, f.n]);
    const number = currency ? `${currency}${f.written}` : unit === '%' ? `${f.written}%` : unit === 'magnitude' ? f.written : unit ? `${f.written} ${unit}` : f.written;
    const value = [qualText, number].filter(Boolean).join(' ');
    const phrase = [qualText, (currency ? currency : '') + sentence.slice(f.start, Math.max(phraseEnd, pos)).trim()].filter(Boolean).join(' ');
    const outcome = nearestOutcome(sentence, f.start);
    let label: string;
    let key: string;
    let event = false;
    if (currency) {
      label = `amount (${currency})`;
      key = `money${currency}`;
    } else if (unit) {
      label = unit === '%' && head ? `% ${head}` : unit;
      key = unit === '%' && head ? `%${senseOf(head)}` : unit;
      event = EVENT_UNITS.has(unit);
    } else if (!isCountNoun(head)) {
      continue;
    } else if (head === 'lives' || GENERIC.has(head)) {
      const what = head === 'lives' ? 'killed' : outcome;
      if (!what) continue;
      label = what;
      key = what;
      event = true;
    } else {
      label = outcome ? `${head} ${outcome}` : head;
      key = outcome ? `${senseOf(head)} ${outcome}` : senseOf(head);
      event = outcome !== undefined;
    }
    out.push({ value, phrase, label, key, valueKey: `${qualText} ${currency}${f.n}${unit}`, event, lo, hi });
  }
  return out;
}
