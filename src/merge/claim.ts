/**
 * Merge stage (pure): the claim of a sentence — what it reports happened, without the detail around it. Outlets
 * report one happening in sentences of different shapes: "On Thursday, rebels announced their complete control
 * over the city, following fierce battles" and "Rebels seized control of the city" make one claim. The claim is
 * the sentence's main clause (an opening adverbial such as "On Thursday," or "In a statement," and a trailing
 * subordinate clause such as ", following …", ", which …", "… after …" are left out), its action (the sense of its
 * main verb: capture, withdraw, kill, release …) and its principal argument (the names after the action: where or
 * whom it happened to). An outlet reports the claim when one of its sentences has the same action, the same
 * principal argument and most of the clause's weighted terms; the left-out detail may be missing from it, unless the
 * detail carries a count (every count must be matched) or a name that outlet does not give at all.
 */
import { STOPWORDS } from '../core/text';
import { ACTION_PHRASES, actionsOf, sentenceTerms, senseOf, type TermKind } from './terms';

export interface Claim {
  /** The main clause's terms. */
  terms: Map<string, TermKind>;
  /**
   * Terms of the clause's subject (before its action): they count half, since outlets name the same actors in
   * their own framing ("opposition", "anti-regime", "revolutionary" forces).
   */
  subject: Set<string>;
  /** Name terms of the subject: the match must name one of them (or, naming nothing, its article's lead must). */
  subjectNames: Set<string>;
  /** The clause's actions (senses). */
  actions: Set<string>;
  /** Name terms after the first action word: the principal argument, required in the match. */
  principal: Set<string>;
  /** Name terms of the left-out detail: the matching article must give them somewhere. */
  detailNames: Set<string>;
  /** The action is in the passive ("was struck by"): its subject is what was acted on, not who acted. */
  passive: boolean;
}

// An opening adverbial phrase ending in a comma: time, place, source, manner — "On Thursday,", "In a statement,",
// "Late afternoon on December 5th,", "Strategically located in central X,", "After a day of clashes,".
const OPENING =
  /^(?:(?:on|in|at|by|after|before|since|following|during|late|early|earlier|later|last|this|amid|despite|meanwhile|according to|as of|within|over|throughout|shortly|hours|days)\b|\p{L}+ly\b|\p{L}+(?:ed|ing)\b)[^,;:"“”]{0,80},\s+/iu;
// A date piece left at the start after the opening: "December 5, 2024," / "2024,".
const DATE_PIECE = /^(?:\p{L}+\.?\s+\d{1,2}(?:st|nd|rd|th)?|\d{1,2}(?:st|nd|rd|th)?\s+(?:of\s+)?\p{L}+|(?:1[89]|20)\d\d),\s+/u;
// A trailing subordinate clause after a comma: participles and relatives that add circumstance, not the claim.
const TRAILING =
  /,\s+(?:following|after|before|bringing|dealing|leaving|forcing|including|which|who|whose|where|while|whereas|amid|as|according to|marking|making|adding|saying|underscoring|signall?ing|raising|prompting|sparking|despite|framing|ending|citing|with|the|a|an)\b/iu;
// The same without a comma, only when it runs to the sentence's end (no further clause joined by "and").
const TRAILING_BARE = /\s+(?:following|after|amid|despite|according to)\s+(?![^.]*\band\b)/iu;
// A speaker and a verb of saying opening a sentence, before what was said.
const SPEAKER = /^[^,;:"“”]{1,60}?\b(?:said|says|say|allege[sd]?|reported|stated|added|told\s+[\p{L}. ]{1,30}?)\s+(?:that\s+)?(?=\S)/iu;
// A speaker after what was said: "…, witnesses said.", "…, the army told reporters".
const SAID_AFTER = /,?\s*["”’']?,?\s+(?:[^,"“”]{0,50}\s)?(?:said|says|told\s[^,]{1,30}|added|reported|stated)(?:\s+on\s+\p{L}+)?$/iu;
// Demonyms and other adjectives of names ("French", "Italian"): framing, not an argument.
const ADJECTIVE = /(?:ian|ean|ese|ish|i)$/u;
const CALENDAR = /^(?:monday|tuesday|wednesday|thursday|friday|saturday|sunday|january|february|march|april|may|june|july|august|september|october|november|december|jan|feb|mar|apr|jun|jul|aug|sep|sept|oct|nov|dec)$/;

/** The main clause of a sentence: the sentence without its opening adverbial and trailing subordinate clause. */
export function mainClause(text: string): string {
  let core = text.replace(/[.!?]+["'”’]*$/u, '');
  const opening = OPENING.exec(core);
  if (opening && opening[0].trim().split(/\s+/).length <= 14) {
    core = core.slice(opening[0].length);
    for (let m = DATE_PIECE.exec(core); m; m = DATE_PIECE.exec(core)) core = core.slice(m[0].length);
  }
  // A speaker before what is reported: "Police said (that) …", "The spokesman told reporters …".
  const speaker = SPEAKER.exec(core);
  if (speaker && core.slice(speaker[0].length).split(/\s+/).length >= 4) core = core.slice(speaker[0].length);
  // The first trailing clause that leaves a clause of at least four words.
  for (const re of [SAID_AFTER, TRAILING, TRAILING_BARE]) {
    const m = re.exec(core);
    if (m && core.slice(0, m.index).split(/\s+/).length >= 4) core = core.slice(0, m.index);
  }
  return core.trim();
}

/**
 * Name terms of a text: capitalised words away from the sentence start (or at it, when `capitalised` holds them),
 * not calendar words, not adjectives of names, and not words the story also writes in lower case ("Army" / "army"
 * is a common noun). In text order.
 */
export function nameTerms(text: string, capitalised: ReadonlySet<string>, lowercase: ReadonlySet<string>): string[] {
  const out: string[] = [];
  for (const m of text.matchAll(/(?<![\p{L}\p{N}'’-])\p{Lu}[\p{L}\p{M}]*(?:['’]s)?/gu)) {
    const word = m[0].replace(/['’]s$/, '');
    const lower = word.toLowerCase();
    const atStart = /^\W*$/u.test(text.slice(0, m.index));
    if (atStart && !capitalised.has(lower)) continue;
    if (CALENDAR.test(lower) || lowercase.has(lower) || STOPWORDS.has(lower) || word.length < 2) continue;
    // "French opposition", "French Army" (the story writes "army" too): an adjective before a common noun.
    const next = /^\s+([\p{L}]+)/u.exec(text.slice(m.index! + m[0].length))?.[1] ?? '';
    if (/^\p{Lu}\p{Ll}/u.test(word) && ADJECTIVE.test(lower) && next && (/^\p{Ll}/u.test(next) || lowercase.has(next.toLowerCase()))) continue;
    out.push(senseOf(lower));
  }
  return out;
}

// Words before a noun: an action word after one of them is a noun ("the capture of", "its withdrawal"), not the
// clause's verb — "The capture of the city has raised hopes" claims hopes, not a capture.
const DETERMINER = /^(?:the|a|an|its|their|his|her|this|that|these|those|our|whose|any|no|\p{L}+['’]s?)$/iu;

// Before an "-ing" form, words that make it a verb ("was seizing", "by capturing", "began evacuating"); after
// anything else it is a noun or a modifier ("the night shooting", "forces entering the city").
const BEFORE_ING = /^(?:is|was|were|are|am|be|been|being|by|after|before|while|when|since|began|begin|begins|started|start|starts|continued|kept|without)$/i;
// Pronouns before a verb in "-s" ("he seizes"); after anything else an "-s" form is taken for a plural ("intense
// clashes", "many shots", "airstrikes").
const BEFORE_S = /^(?:he|she|it|who|which|that|this)$/i;

/**
 * The clause's verbal actions, and where the first one is written (`at` … `end`): a verb ("seized") or a phrase
 * ("announced their complete control").
 */
function verbalActions(core: string): { actions: Set<string>; at: number; end: number; primary: string } {
  const actions = new Set<string>();
  let at = -1;
  let end = -1;
  let primary = '';
  for (const [re, sense] of ACTION_PHRASES) {
    const m = re.exec(core);
    if (!m) continue;
    actions.add(sense);
    if (at < 0 || m.index < at) [at, end, primary] = [m.index, m.index + m[0].length, sense];
  }
  let prev = '';
  let prevEnd = 0;
  for (const m of core.matchAll(/[\p{L}'’-]+/gu)) {
    const word = m[0].toLowerCase();
    const found = actionsOf(word);
    const afterComma = /[,;:]/.test(core.slice(prevEnd, m.index));
    const verbal =
      !DETERMINER.test(prev) &&
      (!word.endsWith('ing') || prev === '' || afterComma || BEFORE_ING.test(prev)) &&
      (!/[^s]s$/.test(word) || BEFORE_S.test(prev));
    if (found.size && verbal) {
      for (const a of found) actions.add(a);
      if (at < 0 || m.index! < at) [at, end, primary] = [m.index!, m.index! + m[0].length, found.has(senseOf(word)) ? senseOf(word) : [...found][0]];
    }
    prev = word;
    prevEnd = m.index! + m[0].length;
  }
  return { actions, at, end, primary };
}

// A clause that denies or doubts ("could not say how many shots were fired") claims no happening.
const NEGATION = /\b(?:not|no|never|cannot|n['’]t|den(?:y|ied|ies)|unclear|whether)\b/i;

/** The claim of a sentence, or undefined when its main clause reports no action (then only the whole sentence counts). */
export function claimOf(
  text: string,
  acronyms: ReadonlyMap<string, string>,
  capitalised: ReadonlySet<string>,
  lowercase: ReadonlySet<string>,
): Claim | undefined {
  const core = mainClause(text);
  if (NEGATION.test(core)) return undefined;
  const { actions, at, end, primary } = verbalActions(core);
  if (actions.size === 0) return undefined;
  // Subject, action, arguments: the action counts by its sense, not by the words it is written in.
  const before = core.slice(0, at);
  const after = core.slice(end);
  const subjectTerms = sentenceTerms(before, acronyms);
  const predicate = sentenceTerms(after, acronyms);
  const terms = new Map<string, TermKind>([...subjectTerms, ...predicate]);
  terms.set(primary, 'word');
  if ([...terms.values()].filter((k) => k === 'word').length < 3) return undefined;
  const principal = new Set(nameTerms(after, capitalised, lowercase));
  const subject = new Set([...subjectTerms.keys()].filter((t) => !predicate.has(t)));
  const subjectNames = new Set(nameTerms(before, capitalised, lowercase));
  const coreNames = new Set(nameTerms(core, capitalised, lowercase));
  const detailNames = new Set(nameTerms(text, capitalised, lowercase).filter((n) => !coreNames.has(n)));
  const passive = /\b(?:is|was|were|are|been|being|be|get|got)\s+(?:\p{L}+ly\s+)?$/iu.test(before) || /\bby\b/i.test(after.split(/[,;]/)[0]);
  return { terms, subject, subjectNames, actions, principal, detailNames, passive };
}
