/**
 * Merge stage (pure): paraphrase alignment. For each sentence of each member article, which other articles say
 * the same thing — not by exact match, but by how much of the sentence's weighted content (rarer terms and
 * numbers weigh more) another article's sentence, or two adjacent sentences, carry; every number the sentence
 * gives must be there too, so "hundreds of detainees" is never credited to an outlet that says "2,500 prisoners".
 */
import type { Article } from '../model';
import { cleanSentences } from './clean-text';
import { claimOf, nameTerms, type Claim } from './claim';
import { ACTIONS, actionsOf, findAcronyms, sentenceTerms, type TermKind } from './terms';

/** A sentence of the story, with its comparable terms. */
export interface StorySentence {
  /** Member article index (in the story's source order). */
  article: number;
  index: number;
  rel: number;
  text: string;
  terms: Map<string, TermKind>;
  words: number;
  /** What the sentence reports happened (its actions), for matching claims. */
  actions: Set<string>;
  /** Its name terms (see claim.ts). */
  names: Set<string>;
  /** Its main clause's claim, when the clause reports an action. */
  claim?: Claim;
}

/** A sentence's support: the other articles that report it, and how well. */
export interface Support {
  /** Article index → coverage (0…1) of this sentence by that article's best match. */
  by: Map<number, number>;
  /** Article index → the position (`rel`) of that best match, for ordering. */
  at: Map<number, number>;
  /** The other articles' sentences that matched (one or two per article). */
  matched: StorySentence[];
  /** Article index → best coverage, even below the threshold (how close each article comes). */
  raw: Map<number, number>;
}

/** Coverage an article needs to count as reporting a sentence. */
export const SUPPORT_THRESHOLD = 0.5;
const NUMBER_WEIGHT = 2;

/** The story's sentences and the weights of their terms. */
export interface SentencePool {
  sentences: StorySentence[];
  byArticle: StorySentence[][];
  /** Term → weight (inverse sentence frequency in this story, numbers weighed up). */
  weight: Map<string, number>;
  /** Per article, every term it uses in any sentence. */
  articleTerms: Set<string>[];
}

/** Clean and index the sentences of a story's articles. */
export function buildPool(articles: readonly Article[]): SentencePool {
  // A body that is nothing but its title (or furniture) still says what its title says.
  const clean = articles.map((a) => {
    const sentences = cleanSentences(a);
    return sentences.length || !a.title.trim() ? sentences : [{ text: a.title.trim(), index: 0, rel: 0 }];
  });
  const texts = clean.flatMap((c) => c.map((s) => s.text));
  const acronyms = findAcronyms(texts);
  // Words the story writes capitalised mid-sentence (names) and in lower case (common nouns, "army").
  const capitalised = new Set<string>();
  const lowercase = new Set<string>();
  for (const t of texts) {
    for (const m of t.matchAll(/(?<=[\p{L}\p{N},;]\s+)\p{Lu}[\p{L}\p{M}]*/gu)) capitalised.add(m[0].toLowerCase());
    for (const m of t.matchAll(/(?<![\p{L}\p{N}'’-])\p{Ll}[\p{L}\p{M}]*/gu)) lowercase.add(m[0]);
  }
  const byArticle = clean.map((sentences, article) =>
    sentences.map((s) => ({
      article,
      index: s.index,
      rel: s.rel,
      text: s.text,
      terms: sentenceTerms(s.text, acronyms),
      words: s.text.split(/\s+/).length,
      actions: actionsOf(s.text),
      names: new Set(nameTerms(s.text, capitalised, lowercase)),
      claim: claimOf(s.text, acronyms, capitalised, lowercase),
    })),
  );
  const sentences = byArticle.flat();
  const df = new Map<string, number>();
  const counted = new Set<string>();
  for (const s of sentences) {
    for (const [t, kind] of s.terms) {
      df.set(t, (df.get(t) ?? 0) + 1);
      if (kind === 'number') counted.add(t);
    }
  }
  const n = sentences.length;
  const weight = new Map<string, number>();
  for (const [t, d] of df) {
    const idf = Math.log(1 + n / d);
    weight.set(t, counted.has(t) ? idf * NUMBER_WEIGHT : idf);
  }
  const articleTerms = byArticle.map((list) => new Set(list.flatMap((s) => [...s.terms.keys()])));
  return { sentences, byArticle, weight, articleTerms };
}

/** Share of `a`'s weighted terms that `b` (a set of terms) holds; 0 when `b` lacks one of `a`'s numbers. */
export function coverage(pool: SentencePool, a: StorySentence, b: ReadonlySet<string> | Map<string, unknown>): number {
  let total = 0;
  let shared = 0;
  let sharedWords = 0;
  for (const [t, kind] of a.terms) {
    const w = pool.weight.get(t) ?? 0;
    total += w;
    if (b.has(t)) {
      shared += w;
      if (kind === 'word') sharedWords++;
    } else if (kind === 'number') return 0;
  }
  if (total === 0 || sharedWords < 2) return 0;
  return shared / total;
}

/** Symmetric similarity of two sentences (the lower of the two coverages, numbers not required). */
export function similarity(pool: SentencePool, a: StorySentence, b: StorySentence): number {
  const loose = (x: StorySentence, y: StorySentence) => {
    let total = 0;
    let shared = 0;
    for (const t of x.terms.keys()) {
      const w = pool.weight.get(t) ?? 0;
      total += w;
      if (y.terms.has(t)) shared += w;
    }
    return total ? shared / total : 0;
  };
  return Math.min(loose(a, b), loose(b, a));
}

/** Coverage at which a sentence's claim counts as reported (of the claim's weighted terms). */
export const CLAIM_THRESHOLD = 0.5;
const SUBJECT_WEIGHT = 0.5;

/** The sentences (one, or two adjacent) an article's match is made of. */
type Match = readonly StorySentence[];

/**
 * Share of `s`'s claim that sentence `m` of another article carries: 0 unless `m` has one of the claim's actions,
 * the names of its principal argument, the rarest name of its subject when `m` names its own actor, every count of the whole sentence, two
 * words besides the action, and its article gives every name of the left-out detail somewhere. A name `m` leaves
 * to its context ("the city") is looked for in the sentence before it and in its article's lead — unless `m` names
 * a principal argument of its own (then it speaks of another place). See claim.ts.
 */
export function claimCoverage(pool: SentencePool, s: StorySentence, m: StorySentence): number {
  const c = s.claim;
  if (!c || ![...c.actions].some((a) => m.actions.has(a))) return 0;
  const sentences = pool.byArticle[m.article];
  const context = (m.claim?.principal.size ?? 0) === 0 ? [sentences[m.index - 1], sentences[0]].filter(Boolean) : [];
  const named = (n: string) => m.terms.has(n) || context.some((x) => x.terms.has(n));
  for (const n of c.principal) if (!named(n)) return 0;
  const actor = actorOf(pool, c);
  // The actor: a match that names only other actors tells of another's deed (a match saying "forces" names nobody).
  if (actor && !named(actor) && m.claim && otherActors(s, m.claim)) return 0;
  for (const [t, kind] of s.terms) if (kind === 'number' && !m.terms.has(t)) return 0;
  const everywhere = pool.articleTerms[m.article];
  for (const n of c.detailNames) if (!everywhere.has(n)) return 0;
  let total = 0;
  let shared = 0;
  let sharedWords = 0;
  for (const [t, kind] of c.terms) {
    const w = (pool.weight.get(t) ?? 0) * (c.subject.has(t) ? SUBJECT_WEIGHT : 1);
    total += w;
    if (m.terms.has(t)) {
      shared += w;
      // Besides the action, at least two words of what it was done to, where, by whom.
      if (kind === 'word' && !ACTIONS.has(t)) sharedWords++;
    } else if (c.principal.has(t) || t === actor) {
      // Found in the context: the match speaks of it as "the city".
      shared += w;
      sharedWords++;
    }
  }
  return total === 0 || sharedWords < 2 ? 0 : shared / total;
}

/** The best share of `s`'s claim that one sentence of `article` carries (0 when none has its action and arguments). */
export function bestClaimCoverage(pool: SentencePool, s: StorySentence, article: number): number {
  let best = 0;
  for (const m of pool.byArticle[article]) best = Math.max(best, claimCoverage(pool, s, m));
  return best;
}

/**
 * True when the match tells another happening than the sentence's claim, however many words they share: its main
 * clause reports an action and it has none of the claim's ("withdrew from the town" is no report of "seized the
 * town"); or both say in the active voice who acted, and the match names another actor. Places are checked on the
 * claim's own path only (see claimCoverage): around a verb in the passive ("she was struck by the car") the words do
 * not say who acted on what.
 */
function conflicts(pool: SentencePool, s: StorySentence, match: Match): boolean {
  const c = s.claim;
  const claims = match.flatMap((m) => (m.claim ? [m.claim] : []));
  if (!c || claims.length === 0) return false;
  if (!match.some((m) => [...c.actions].some((a) => m.actions.has(a)))) return true;
  const actor = actorOf(pool, c);
  const named = (t: string) => match.some((m) => m.terms.has(t));
  return !!actor && !c.passive && !named(actor) && claims.some((x) => !x.passive && otherActors(s, x));
}

/** True when a claim names who acted, and none of them is named in sentence `s`. */
function otherActors(s: StorySentence, x: Claim): boolean {
  return x.subjectNames.size > 0 && ![...x.subjectNames].some((n) => s.terms.has(n));
}

/** The rarest name of a claim's subject: who acted. */
function actorOf(pool: SentencePool, c: Claim): string | undefined {
  return [...c.subjectNames].sort((x, y) => (pool.weight.get(y) ?? 0) - (pool.weight.get(x) ?? 0) || (x < y ? -1 : 1))[0];
}

/**
 * The main verb of a sentence without an action claim and the first word after it ("has raised hopes" → raise,
 * hope), as terms; undefined when no verb shows (after an auxiliary). Two sentences of another outlet joined to
 * match it must carry both: pieces that share its other words while one "raised concerns" are not its report.
 */
function verbAndObject(s: StorySentence): string[] | undefined {
  const m = /\b(?:has|have|had|will|would|could|can|did|does|do)\s+(?:not\s+|also\s+|now\s+|been\s+)?(\p{L}+ed)\s+(?:(?:the|a|an|their|its|his|her)\s+)?(\p{L}+)/iu.exec(s.text);
  if (!m) return undefined;
  const terms = [...sentenceTerms(`${m[1]} ${m[2]}`).keys()];
  return terms.length === 2 ? terms : undefined;
}

/**
 * Which other articles report sentence `s`: per article, its best single sentence or pair of adjacent ones —
 * covering the whole sentence, or its claim (see claim.ts). A sentence reporting a different action never matches.
 */
export function supportOf(pool: SentencePool, s: StorySentence): Support {
  const by = new Map<number, number>();
  const at = new Map<number, number>();
  const matched: StorySentence[] = [];
  const raw = new Map<number, number>();
  const predicate = s.claim ? undefined : verbAndObject(s);
  const score = (match: Match) => {
    if (conflicts(pool, s, match)) return 0;
    if (predicate && match.length > 1 && !predicate.every((t) => match.some((m) => m.terms.has(t)))) return 0;
    const whole = coverage(pool, s, match.length === 1 ? match[0].terms : new Set(match.flatMap((m) => [...m.terms.keys()])));
    // A claim is matched by one sentence: two would join pieces of different happenings.
    const claim = match.length === 1 ? claimCoverage(pool, s, match[0]) : 0;
    return Math.max(whole, claim >= CLAIM_THRESHOLD ? claim : 0);
  };
  pool.byArticle.forEach((others, article) => {
    if (article === s.article) return;
    let best = 0;
    let bestAt: StorySentence[] = [];
    for (let i = 0; i < others.length; i++) {
      const one = score([others[i]]);
      // Two adjacent sentences may split what one outlet wrote in one; a small discount keeps single matches first.
      const next = others[i + 1];
      const pair = next ? 0.9 * score([others[i], next]) : 0;
      const c = Math.max(one, pair);
      if (c > best) {
        best = c;
        bestAt = one >= pair ? [others[i]] : [others[i], next];
      }
    }
    raw.set(article, best);
    if (best >= SUPPORT_THRESHOLD) {
      by.set(article, best);
      at.set(article, bestAt[0].rel);
      // A sentence that reports the claim with figures of its own says more than `s`: it is no paraphrase of it.
      const more = bestAt.some((m) => [...m.terms].some(([t, kind]) => kind === 'number' && !s.terms.has(t)));
      if (!(more && coverage(pool, s, new Set(bestAt.flatMap((m) => [...m.terms.keys()]))) < SUPPORT_THRESHOLD)) matched.push(...bestAt);
    }
  });
  return { by, at, matched, raw };
}
