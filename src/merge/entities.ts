/**
 * Merge stage (pure): dates, times of day and named people, places and groups in a sentence. Names are runs of
 * capitalised words (with "al-", "bin", "of", "for" inside); what a name is comes from the words in it
 * ("Army", "River", "Airport") and around it ("President", "spokesperson", "in", "toward"), never from a list of
 * names.
 */

export type EntityKind = 'person' | 'place' | 'group';

export interface Mention {
  kind: EntityKind;
  /** As written, without a leading "The" or a title: "Omar al-Bashir". */
  name: string;
}

const MONTHS = ['january', 'february', 'march', 'april', 'may', 'june', 'july', 'august', 'september', 'october', 'november', 'december'];
const MONTH_RE = String.raw`(jan(?:uary)?|feb(?:ruary)?|mar(?:ch)?|apr(?:il)?|may|june?|july?|aug(?:ust)?|sep(?:t(?:ember)?)?|oct(?:ober)?|nov(?:ember)?|dec(?:ember)?)\.?`;
const DAY_FIRST = new RegExp(String.raw`\b(\d{1,2})(?:st|nd|rd|th)?\s+(?:of\s+)?${MONTH_RE}(?:,?\s+(\d{4}))?\b`, 'gi');
const MONTH_FIRST = new RegExp(String.raw`\b${MONTH_RE}\s+(\d{1,2})(?:st|nd|rd|th)?\b(?:,?\s+(\d{4}))?`, 'gi');
const TIME_OF_DAY = /\b((?:late |early |this |on \p{Lu}\p{Ll}+ )?(?:morning|afternoon|evening|night|midnight|noon|dawn)|\d{1,2}(?::\d{2})?\s?(?:a\.m\.|p\.m\.|am\b|pm\b)|\d{1,2}:\d{2}(?:\s?(?:GMT|UTC|local time))?)/giu;

function monthIndex(written: string): number {
  const w = written.toLowerCase().replace(/\.$/, '');
  return MONTHS.findIndex((m) => m.startsWith(w.slice(0, 3)));
}

/** Calendar dates in a sentence as { key "MM-DD", display "5 December [2024]" }. */
export function extractDates(sentence: string): { key: string; value: string; year?: number }[] {
  const out: { key: string; value: string; year?: number }[] = [];
  const add = (day: string, month: string, year: string | undefined) => {
    const mi = monthIndex(month);
    const d = Number(day);
    if (mi < 0 || d < 1 || d > 31) return;
    const name = MONTHS[mi][0].toUpperCase() + MONTHS[mi].slice(1);
    out.push({ key: `${String(mi + 1).padStart(2, '0')}-${String(d).padStart(2, '0')}`, value: `${d} ${name}${year ? ` ${year}` : ''}`, ...(year ? { year: Number(year) } : {}) });
  };
  for (const m of sentence.matchAll(DAY_FIRST)) add(m[1], m[2], m[3]);
  for (const m of sentence.matchAll(MONTH_FIRST)) add(m[2], m[1], m[3]);
  return out;
}

/** Times of day in a sentence, lower-cased: "late afternoon", "this evening", "10:30 a.m.". */
export function extractTimes(sentence: string): string[] {
  // Lower case, but a weekday keeps its capital: "Thursday morning".
  const lower = (w: string) => (CALENDAR.has(w.toLowerCase()) ? w[0].toUpperCase() + w.slice(1).toLowerCase() : w.toLowerCase());
  return [...sentence.matchAll(TIME_OF_DAY)].map((m) => m[1].replace(/^on /i, '').split(' ').map(lower).join(' '));
}

const GROUP_WORDS = new Set(
  `army forces force party brigade brigades front observatory nations council ministry command agency organization organisation
union court police committee academy group movement brotherhood press news company corporation inc bank university department
office assembly parliament congress senate government administration guard guards corps militia institute federation
association foundation team club league network television tv times post center centre operation operations service
services authority commission coalition alliance board bureau church`.split(/\s+/),
);
const PLACE_WORDS = new Set(
  `city province river mount mountain mountains airport prison square street road bridge valley lake island islands county
district region hospital stadium base citadel sea gulf bay coast desert park hotel mosque temple palace school camp
border strait canal port state states village town governorate`.split(/\s+/),
);
const TITLES = new Set(
  `president leader head chief director spokesperson spokesman spokeswoman researcher analyst specialist colonel col general
gen minister premier king queen prince princess sheikh dr mr mrs ms coach actor actress singer star judge attorney lawyer
ceo founder official commander governor mayor senator lt capt sgt rep sen gov professor prof officer manager chairman
secretary ambassador envoy captain player pastor bishop pope father mother wife husband son daughter brother sister`.split(/\s+/),
);
const PLACE_PREPS = /\b(in|at|from|to|toward|towards|near|outside|inside|into|across|of|around|through|across|entered|reached|captured|seized)\s+(the\s+)?$/i;
const CALENDAR = new Set(
  'monday tuesday wednesday thursday friday saturday sunday january february march april may june july august september october november december'.split(' '),
);
// A run of capitalised words; small particles may sit inside.
const NAME_RUN = /(?:[ae]l-)?\p{Lu}[\p{L}\p{M}'’.-]*(?:\s+(?:(?:of|for|the|de|del|da|van|von|bin|ibn)\s+)*(?:[ae][lnrsd]-)?\p{Lu}[\p{L}\p{M}'’.-]*)*/gu;
const ADJECTIVE_ENDINGS = /(ian|ean|ese|ish|ist|ic|an|i)$/;

/**
 * Named people, places and groups in one sentence. A capitalised word opening the sentence is a name only
 * when `capitalised` (words the story writes capitalised mid-sentence) holds it.
 */
export function extractNames(sentence: string, capitalised: ReadonlySet<string>, acronyms: ReadonlySet<string> = new Set()): Mention[] {
  return nameMentions(sentence, capitalised, acronyms).filter((m): m is Mention => m.kind !== undefined);
}

/**
 * Every name of a sentence, with its kind when the sentence shows it (a mention without a cue — "linking X with
 * the coast" — has none; the story may tell its kind elsewhere).
 */
export function nameMentions(sentence: string, capitalised: ReadonlySet<string>, acronyms: ReadonlySet<string> = new Set()): { kind?: EntityKind; name: string }[] {
  const out: { kind?: EntityKind; name: string }[] = [];
  for (const m of sentence.matchAll(NAME_RUN)) {
    let words = m[0]
      .replace(/-\p{Ll}+$/u, '') // "Brotherhood-led"
      .replace(/[’']s?$/, '')
      .replace(/[.,]$/, '')
      .split(/\s+/);
    let start = m.index!;
    const atStart = sentence.slice(0, start).trim() === '' || /[.!?:"“]\s*$/.test(sentence.slice(0, start));
    if (atStart && !capitalised.has(words[0].toLowerCase())) {
      start += words[0].length + 1;
      words = words.slice(1);
    }
    while (words.length && /^(the|and|of|for)$/i.test(words[0])) words = words.slice(1);
    while (words.length && /^(of|for|the|and|al|el)$/i.test(words[words.length - 1])) words = words.slice(0, -1);
    let title = false;
    while (words.length > 1 && TITLES.has(words[0].toLowerCase().replace(/\.$/, ''))) {
      words = words.slice(1);
      title = true;
    }
    if (words.length === 0) continue;
    const lower = words.map((w) => w.toLowerCase().replace(/[.]$/, ''));
    if (lower.every((w) => CALENDAR.has(w))) continue;
    const name = words.join(' ');
    const before = sentence.slice(Math.max(0, start - 40), m.index!).toLowerCase();
    const prevWord = (before.match(/([\p{L}.]+)[\s,]*$/u)?.[1] ?? '').replace(/\.$/, '');
    const acronym = /^\p{Lu}{2,6}$/u.test(name);
    const initials = words.flatMap((w) => w.split('-')).filter((w) => /^\p{Lu}/u.test(w)).map((w) => w[0]).join('');
    let kind: EntityKind | undefined;
    if (lower.some((w) => GROUP_WORDS.has(w)) || (words.length > 1 && acronyms.has(initials)) || (acronym && name.length > 2)) kind = 'group';
    else if (lower.some((w) => PLACE_WORDS.has(w))) kind = 'place';
    else if (title || TITLES.has(prevWord) || /^\s*,\s+(a|an|the)\s+\p{L}+/u.test(sentence.slice(m.index! + m[0].length)) || /^\s+(said|says|told|added|explained|noted|wrote)\b/.test(sentence.slice(m.index! + m[0].length))) kind = words.length > 1 || title || TITLES.has(prevWord) ? 'person' : undefined;
    else if (PLACE_PREPS.test(sentence.slice(0, m.index!)) && (words.length === 1 || !ADJECTIVE_ENDINGS.test(lower[0]))) kind = acronym || words.length === 1 ? 'place' : undefined;
    else if (acronym) kind = 'group';
    else if (words.length > 1 && !/\bthe\s+$/i.test(sentence.slice(0, m.index!)) && !lower.some((w) => ADJECTIVE_ENDINGS.test(w) && w.length > 5 && words.length === 2 && w === lower[0])) kind = 'person';
    if (kind === 'place' && words.length === 1 && ADJECTIVE_ENDINGS.test(lower[0]) && /^\s+\p{Ll}/u.test(sentence.slice(m.index! + m[0].length))) kind = undefined;
    out.push({ kind, name });
  }
  return out;
}

/** Lower-cased words the texts write capitalised away from the start of a sentence. */
/** All-capital words of the texts (possible acronyms: "HTS", "UN"). */
export function capitalAcronyms(sentences: readonly string[]): Set<string> {
  return new Set(sentences.flatMap((s) => s.match(/\b\p{Lu}{2,6}\b/gu) ?? []));
}

export function capitalisedWords(sentences: readonly string[]): Set<string> {
  const out = new Set<string>();
  for (const s of sentences) {
    for (const m of s.matchAll(/(?<=[\p{L}\p{N},;]\s+)\p{Lu}[\p{L}'’-]*/gu)) out.add(m[0].toLowerCase().replace(/[’']s$/, ''));
  }
  return out;
}
