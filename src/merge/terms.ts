/**
 * Merge stage (pure): what a sentence says, as comparable terms — content words reduced to a stem and, for a
 * few families of news words that outlets use interchangeably ("seized"/"captured", "inmates"/"prisoners",
 * "withdrew"/"redeployed"), to one shared sense; numbers in one written form; acronyms tied to the names they
 * abbreviate. Two sentences from different outlets are paraphrases when they share most of these.
 */
import { STOPWORDS, tokenize } from '../core/text';

/** A term's kind: numbers weigh more than words when deciding whether two sentences say the same thing. */
export type TermKind = 'word' | 'number' | 'date';

// Numbers that are part of a date ("Dec. 5", "5th of December", "2024"): evidence of the same report, but two
// outlets may date an event differently without saying different things, so a date is never required to match.
const DATE_NUMBER = new RegExp(
  String.raw`\b(?:jan|feb|mar|apr|may|jun|jul|aug|sep|oct|nov|dec)[a-z]*\.?\s+(\d{1,2})(?:st|nd|rd|th)?\b|\b(\d{1,2})(?:st|nd|rd|th)?\s+(?:of\s+)?(?:jan|feb|mar|apr|may|jun|jul|aug|sep|oct|nov|dec)|\b((?:1[89]|20)\d\d)s?\b(?!\s*(?:people|[a-z]+s)\b)`,
  'gi',
);

// Words outlets use for the same thing in news prose. Each line is one sense; the first stem names it and is the
// commonest, most general word of the family (a label written two ways takes it). A word on two lines takes the
// first as its term, and both as its actions ("ousted" troops from a city, an "ousted" minister).
// General vocabulary of reports (conflict, disaster, crime, politics, business), not any one story's.
const SENSES = `
captur seiz took tak take taken overran overrun oust takeover
withdraw withdrew withdrawn withdrawal redeploy reposition retreat
kill dead death died die fatalit
prisoner inmat detaine detain captiv
releas fre freed liberat liberation
displac fled flee
rebel insurgent opposition
announc announcement confirm acknowledg admitt admission declar
injur wound hurt
earthquak quak tremor
arrest apprehend
clash fight fought battl
resign quit
dismiss sack oust
attack assault raid strik airstrik bomb bombard struck shoot shot gunfir
acquir acquisition buy bought purchas
crucial vital critical pivotal
protect defen defend safeguard
central centrally
`;
const SENSE = new Map<string, string>();
const SENSES_OF = new Map<string, string[]>();
for (const line of SENSES.trim().split('\n')) {
  const stems = line.trim().split(/\s+/);
  for (const s of stems) {
    if (!SENSE.has(s)) SENSE.set(s, stems[0]);
    SENSES_OF.set(s, [...(SENSES_OF.get(s) ?? []), stems[0]]);
  }
}

// Senses (and plain stems) that name what happened — the action of a claim: taking or leaving a place, killing,
// freeing, fleeing, fighting, striking, arresting, buying. Saying, announcing and confirming are not actions:
// "the army said it withdrew" reports a withdrawal.
export const ACTIONS = new Set(
  `captur withdraw kill releas displac injur arrest clash resign dismiss attack acquir launch evacuat rescu
convict sentenc protest erupt collaps flood`.split(/\s+/),
);

// Actions written as phrases: taking control ("took full control of", "announced their complete control over"),
// deaths ("claimed 312 lives"), pulling out ("pulled out of", "pulled back"), setting free.
export const ACTION_PHRASES: readonly [RegExp, string][] = [
  [
    /\b(?:took|take[ns]?|taking|gain(?:ed|s|ing)?|seiz(?:ed|es|ing)?|assum(?:ed|es|ing)?|claim(?:ed|s|ing)?|confirm(?:ed|s|ing)?|announc(?:ed|es|ing)?|establish(?:ed|es|ing)?|wrest(?:ed|s|ing)?|full|complete|total|effective)\s+(?:(?:their|its|his|her|full|complete|total|effective)\s+){0,2}control\b/i,
    'captur',
  ],
  [/\b(?:claim(?:ed|s|ing)?|cost|took|taken?)\s+(?:(?:the|some|about|around|over|more|than|at|least|[\d,.]+)\s+){0,4}lives\b/i, 'kill'],
  [/\b(?:death toll|toll)\b/i, 'kill'],
  [/\bpull(?:ed|s|ing)?\s+(?:out|back)\b/i, 'withdraw'],
  [/\bset(?:s|ting)?\s+free\b/i, 'releas'],
];

// Words of a family too general to name an action by themselves ("taken to hospital"), and words that name an
// action without being interchangeable with its family's words in a bag of words ("entered" a city).
const NOT_ACTION = new Set(['took', 'tak', 'take', 'taken']);
const ACTION_ONLY = new Map([['enter', 'captur']]);

/** The actions a text reports (senses of ACTIONS): "seized", "took control of", "ousted … from" → capture. */
export function actionsOf(text: string): Set<string> {
  const out = new Set<string>();
  for (const [re, sense] of ACTION_PHRASES) if (re.test(text)) out.add(sense);
  for (const token of tokenize(text)) {
    for (const part of token.includes('-') ? token.split('-') : [token]) {
      const stem = stemWord(part);
      if (NOT_ACTION.has(stem) || NOT_ACTION.has(part)) continue;
      const extra = ACTION_ONLY.get(stem);
      if (extra) out.add(extra);
      for (const sense of SENSES_OF.get(stem) ?? SENSES_OF.get(part) ?? [stem]) if (ACTIONS.has(sense)) out.add(sense);
    }
  }
  return out;
}

/** The rank of a word within its sense family: 0 for the family's commonest word, higher for rarer ones. */
export function senseRank(word: string): number {
  const stem = stemWord(word);
  const sense = SENSE.get(stem) ?? SENSE.get(word);
  if (!sense) return 0;
  const line = SENSES.split('\n').find((l) => l.trim().split(/\s+/)[0] === sense)!;
  const i = line.trim().split(/\s+/).indexOf(SENSE.has(stem) ? stem : word);
  return i < 0 ? 0 : i;
}

/** Light English suffix stripping: "captured", "captures", "capturing" and "capture" all give "captur". */
export function stemWord(word: string): string {
  let w = word;
  if (w.length > 5 && w.endsWith('ies')) return w.slice(0, -3) + 'y';
  if (w.length > 5 && w.endsWith('ing')) w = w.slice(0, -3);
  else if (w.length > 4 && w.endsWith('ed')) w = w.slice(0, -2);
  else if (w.length > 4 && w.endsWith('es') && !w.endsWith('ses')) w = w.slice(0, -2);
  else if (w.length > 3 && w.endsWith('s') && !w.endsWith('ss') && !w.endsWith('us') && !w.endsWith('is')) w = w.slice(0, -1);
  if (w.length > 4 && w.endsWith('e')) w = w.slice(0, -1);
  return w;
}

/** A word's sense: its stem, or the shared sense of its family. */
export function senseOf(word: string): string {
  const stem = stemWord(word);
  return SENSE.get(stem) ?? SENSE.get(word) ?? stem;
}

// Quantity words that stand for a number ("hundreds of detainees").
export const QUANTITY_WORDS: ReadonlyMap<string, [number, number]> = new Map([
  ['dozens', [24, 99]],
  ['scores', [40, 200]],
  ['hundreds', [200, 999]],
  ['thousands', [2000, 9999]],
  ['tens of thousands', [20000, 99999]],
  ['hundreds of thousands', [200000, 999999]],
  ['millions', [2000000, 9999999]],
]);

const WORD_NUMBERS: Record<string, number> = {
  two: 2, three: 3, four: 4, five: 5, six: 6, seven: 7, eight: 8, nine: 9, ten: 10, eleven: 11, twelve: 12,
  fifteen: 15, twenty: 20, thirty: 30, forty: 40, fifty: 50, hundred: 100, dozen: 12,
};

/** A number token in one written form: "42,000" → "42000", "21st" → "21", "6.1" stays; else null. */
export function normalizeNumber(token: string): string | null {
  const m = /^(\d[\d,]*(?:\.\d+)?)(?:st|nd|rd|th|s|%|km|m|bn|k)?$/i.exec(token);
  if (m) {
    const plain = m[1].replace(/,(?=\d{3}\b)/g, '');
    return /^\d+(\.\d+)?$/.test(plain) ? plain : null;
  }
  if (token in WORD_NUMBERS) return String(WORD_NUMBERS[token]);
  if (QUANTITY_WORDS.has(token)) return token;
  return null;
}

/** The comparable terms of a text: term → kind. Hyphenated words count by their parts too. */
export function sentenceTerms(text: string, acronyms: ReadonlyMap<string, string> = new Map()): Map<string, TermKind> {
  const terms = new Map<string, TermKind>();
  const dates = new Set<string>();
  for (const m of text.matchAll(DATE_NUMBER)) dates.add(m[1] ?? m[2] ?? m[3]);
  for (const token of tokenize(text)) {
    const parts = token.includes('-') ? token.split('-') : [token];
    for (const part of parts) {
      const num = normalizeNumber(part);
      if (num !== null) {
        terms.set(`#${num}`, dates.has(num) && terms.get(`#${num}`) !== 'number' ? 'date' : 'number');
        continue;
      }
      if (part.length < 2 || STOPWORDS.has(part) || part === 'al' || /^\p{N}/u.test(part)) continue;
      terms.set(senseOf(part), 'word');
    }
  }
  for (const [re, sense] of ACTION_PHRASES) if (re.test(text)) terms.set(sense, 'word');
  // A sentence that spells out an abbreviated name also carries the abbreviation, and the other way round.
  for (const [acronym, expansionKey] of acronyms) {
    const hasAcronym = terms.has(acronym);
    const hasExpansion = expansionKey.split(' ').every((w) => terms.has(w));
    if (hasAcronym && !hasExpansion) for (const w of expansionKey.split(' ')) terms.set(w, 'word');
    if (hasExpansion && !hasAcronym) terms.set(acronym, 'word');
  }
  return terms;
}

/**
 * Acronyms of a story tied to the names they stand for: an all-capitals word ("WMO") whose letters are the
 * initials of a capitalised name written somewhere in the story ("World Meteorological Organization").
 * Returns acronym sense → the senses of the name's capitalised words, space-separated.
 */
export function findAcronyms(texts: readonly string[]): Map<string, string> {
  const all = texts.join('\n');
  const candidates = new Set(all.match(/\b\p{Lu}{2,6}\b/gu) ?? []);
  const out = new Map<string, string>();
  if (candidates.size === 0) return out;
  // Capitalised names of two or more words, allowing "of", "for", "the", "and" and "al-" particles inside.
  const nameRe = /\p{Lu}[\p{L}'’]*(?:[ -](?:(?:of|for|the|and|al|el|de) )?(?:al-|el-)?\p{Lu}[\p{L}'’]*)+/gu;
  for (const name of all.match(nameRe) ?? []) {
    const words = name.split(/[ -]/).filter((w) => /^\p{Lu}/u.test(w));
    // Any run of the name's words may be the abbreviated part ("the United Nations" → "UN").
    for (let i = 0; i < words.length; i++) {
      for (let j = i + 2; j <= words.length; j++) {
        const run = words.slice(i, j);
        const initials = run.map((w) => w[0]).join('');
        const acronym = initials.toLowerCase();
        if (!candidates.has(initials) || out.has(acronym)) continue;
        out.set(acronym, run.map((w) => senseOf(w.toLowerCase().replace(/[’']s$/, ''))).join(' '));
      }
    }
  }
  return out;
}
