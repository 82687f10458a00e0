/**
 * Merge stage (pure): the extractive summary and the single-source details. Every candidate is a sentence an
 * outlet wrote; its score is mostly how many independent reports carry it (a copy adds nothing), then how much of
 * it the other reports cover, then where it stands (leads first) and whether it reads as a report (not a question,
 * not a bare quote). The best sentences that do not repeat one another are kept and put in the order the
 * reports tell them; each lists every article that reports it.
 */
import type { SummarySentence } from '../model';
import { bestClaimCoverage, similarity, supportOf, type SentencePool, type StorySentence, type Support } from './align';

export interface Scored {
  sentence: StorySentence;
  support: Support;
  /** Article indexes reporting it, its own first. */
  articles: number[];
  /** Independent reports among them. */
  reports: number;
  score: number;
}

const MIN_SUMMARY = 4;
const MAX_SUMMARY = 7;
const MAX_SINGLE = 10;
const MAX_SINGLE_PER_ARTICLE = 3;
/** Above this similarity two sentences say the same thing: only one of them is kept. */
const REDUNDANT = 0.4;

/** Penalties for sentences that do not read as a report on their own. */
function readability(s: StorySentence): number {
  let p = 0;
  if (s.words < 8) p -= 1;
  if (s.words > 45) p -= 0.5 + (s.words - 45) / 20;
  if (/\?["'”’]?$/.test(s.text)) p -= 2;
  if (/^["“‘]/.test(s.text)) p -= 0.7;
  // Starts by pointing back ("This", "It", "He", "However") — it leans on a sentence we may not show.
  if (/^(this|that|these|those|it|he|she|they|however|but|also|meanwhile|still)\b/i.test(s.text)) p -= 0.4;
  return p;
}

/** Score every sentence of the story. `root[i]` is the independent report article i belongs to. */
export function scoreSentences(pool: SentencePool, root: readonly number[], copies: ReadonlySet<number>): Scored[] {
  return pool.sentences.map((sentence) => {
    const support = supportOf(pool, sentence);
    const articles = [sentence.article, ...[...support.by.keys()].sort((a, b) => a - b)];
    const reports = new Set(articles.map((a) => root[a])).size;
    const cover = centrality(support, root, sentence.article);
    const numbers = [...sentence.terms.values()].filter((k) => k === 'number').length;
    // A copy adds no corroboration, but a sentence carried by a copy too is at least not one outlet's aside.
    const score =
      reports * 2 +
      0.5 * (articles.length - reports) +
      cover +
      0.6 * (1 - sentence.rel) +
      Math.min(numbers, 2) * 0.3 +
      readability(sentence) -
      (sentence.terms.size < 6 ? 0.5 : 0) -
      (copies.has(sentence.article) ? 0.3 : 0);
    return { sentence, support, articles, reports, score };
  });
}

/** How close the other independent reports come to saying a sentence: the sum of their best coverages. */
function centrality(support: Support, root: readonly number[], own: number): number {
  const bestByRoot = new Map<number, number>();
  for (const [a, c] of support.raw) if (root[a] !== root[own]) bestByRoot.set(root[a], Math.max(bestByRoot.get(root[a]) ?? 0, c));
  let sum = 0;
  for (const c of bestByRoot.values()) sum += c;
  return sum;
}

/** True when two scored sentences say the same thing: similar, or one was matched as the other's paraphrase. */
function redundant(pool: SentencePool, a: Scored, b: Scored): boolean {
  if (a.support.matched.includes(b.sentence) || b.support.matched.includes(a.sentence)) return true;
  // Two paraphrases of one third sentence are paraphrases of each other — unless they report different actions
  // (one sentence of an outlet may carry two claims: "rebels entered the city and the army withdrew").
  if (a.support.matched.some((m) => b.support.matched.includes(m)) && !differentActions(a.sentence, b.sentence)) return true;
  return similarity(pool, a.sentence, b.sentence) >= REDUNDANT;
}

/** True when both sentences' claims report actions and none is shared. */
function differentActions(a: StorySentence, b: StorySentence): boolean {
  const x = a.claim?.actions;
  const y = b.claim?.actions;
  return !!x && !!y && ![...x].some((t) => y.has(t));
}

function byScore(a: Scored, b: Scored): number {
  return b.score - a.score || a.sentence.article - b.sentence.article || a.sentence.index - b.sentence.index;
}

/**
 * The summary: first the lead that the other reports come closest to (what happened, as one outlet put it),
 * then the best non-redundant sentences, in reading order.
 */
export function selectSummary(pool: SentencePool, scored: Scored[], reports: number, root: readonly number[], copies: ReadonlySet<number>): Scored[] {
  const target = Math.min(MAX_SUMMARY, Math.max(MIN_SUMMARY, reports + 2));
  const leads = scored.filter((s) => s.sentence.index === 0 && !copies.has(s.sentence.article) && s.sentence.words >= 8 && readability(s.sentence) > -1);
  const lead = leads
    .map((s) => ({ s, c: centrality(s.support, root, s.sentence.article) + s.reports }))
    .sort((a, b) => b.c - a.c || byScore(a.s, b.s))[0]?.s;
  const chosen: Scored[] = lead ? [lead] : [];
  for (const c of [...scored].sort(byScore)) {
    if (chosen.length >= target) break;
    if (c.sentence.terms.size < 6 || chosen.includes(c) || chosen.some((x) => redundant(pool, x, c))) continue;
    // Past the minimum, only sentences that more than one outlet carries are worth adding.
    if (chosen.length >= MIN_SUMMARY && c.articles.length < 2) continue;
    chosen.push(c);
  }
  const attributed = chosen.map((x) => widenAttribution(pool, x, scored));
  const [first, ...rest] = attributed;
  return first ? [first, ...rest.sort((a, b) => readingPosition(a) - readingPosition(b) || byScore(a, b))] : [];
}

/** Coverage at which an article that has its own paraphrase of a chosen sentence is credited with it. */
const PARAPHRASE_CREDIT = 0.4;

/**
 * Credit a chosen sentence to the articles that have their own paraphrase of it (a sentence left out as
 * redundant with it) and come close to covering it — the same claim in other words, which the strict
 * threshold alone would miss.
 */
function widenAttribution(pool: SentencePool, x: Scored, scored: Scored[]): Scored {
  const extra = new Set<number>();
  for (const c of scored) {
    const a = c.sentence.article;
    if (x.articles.includes(a) || extra.has(a) || (x.support.raw.get(a) ?? 0) < PARAPHRASE_CREDIT) continue;
    const direct = c.support.matched.includes(x.sentence) || x.support.matched.some((m) => c.support.matched.includes(m));
    if (direct && similarity(pool, x.sentence, c.sentence) > 0) extra.add(a);
  }
  return extra.size ? { ...x, articles: [...x.articles, ...[...extra].sort((p, q) => p - q)] } : x;
}

/** Where a sentence stands in the reports that carry it, on average (0 = lead). */
function readingPosition(s: Scored): number {
  const rels = [s.sentence.rel, ...s.support.at.values()];
  return rels.reduce((x, y) => x + y, 0) / rels.length;
}

/** Notable details that one outlet alone reports: sentences with numbers and names nobody else gives. */
export function selectSingleSource(pool: SentencePool, scored: Scored[], summary: Scored[], outletOf: readonly string[], root: readonly number[]): Scored[] {
  const inSummary = new Set(summary.map((s) => s.sentence));
  // A sentence that another outlet's sentence was matched to is reported elsewhere, even if it says more.
  const sharedWith = new Map<StorySentence, Set<string>>();
  for (const x of scored) {
    for (const m of x.support.matched) {
      const set = sharedWith.get(m) ?? new Set<string>();
      set.add(outletOf[x.sentence.article]);
      sharedWith.set(m, set);
    }
  }
  const notability = (s: Scored): number => {
    let n = 0;
    for (const [t, kind] of s.sentence.terms) if (kind === 'number') n += /^#\d+[\d.]*$/.test(t) && t.length > 2 ? 1.5 : 0.5;
    n += (s.sentence.text.match(/(?<=[\p{L}\p{N},;]\s+)\p{Lu}\p{L}+/gu) ?? []).length * 0.3;
    if (/["“”]/.test(s.sentence.text)) n -= 1; // a quotation is a voice, not a detail
    return n + readability(s.sentence);
  };
  const outletsOf = (s: Scored) => new Set([...s.articles.map((a) => outletOf[a]), ...(sharedWith.get(s.sentence) ?? [])]);
  const candidates = scored
    .filter((s) => !inSummary.has(s.sentence) && outletsOf(s).size === 1 && !nearlyReported(s, root) && !claimReported(pool, s, root))
    .filter((s) => !summary.some((x) => redundant(pool, x, s)))
    .map((s) => ({ s, n: notability(s) }))
    .filter((x) => x.n >= 1.5)
    .sort((a, b) => b.n - a.n || a.s.sentence.article - b.s.sentence.article || a.s.sentence.index - b.s.sentence.index);
  const perArticle = new Map<number, number>();
  const out: Scored[] = [];
  for (const { s } of candidates) {
    const k = perArticle.get(s.sentence.article) ?? 0;
    if (k >= MAX_SINGLE_PER_ARTICLE || out.length >= MAX_SINGLE) continue;
    if (out.some((x) => redundant(pool, x, s))) continue;
    perArticle.set(s.sentence.article, k + 1);
    out.push(s);
  }
  return out.sort((a, b) => a.sentence.article - b.sentence.article || a.sentence.index - b.sentence.index);
}

/**
 * True when another article comes close to saying the sentence: a third of it or more, or — for an article with
 * a copy or an original in the story, which repeats it in other words — a quarter.
 */
function nearlyReported(s: Scored, root: readonly number[]): boolean {
  for (const [a, c] of s.support.raw) if (c >= (root[a] === root[s.sentence.article] ? 0.25 : 0.35)) return true;
  return false;
}

/** Claim coverage at which another report is taken to tell the same happening, in words of its own. */
const NEARLY_CLAIM = 0.3;

/**
 * True when another independent report tells the sentence's claim — the same action on the same named place or
 * people, with every count — even if in other words and without its detail: the happening is not one outlet's.
 */
function claimReported(pool: SentencePool, s: Scored, root: readonly number[]): boolean {
  if (!s.sentence.claim) return false;
  for (let a = 0; a < pool.byArticle.length; a++) {
    if (root[a] !== root[s.sentence.article] && bestClaimCoverage(pool, s.sentence, a) >= NEARLY_CLAIM) return true;
  }
  return false;
}

/** As the story shows it: the sentence and its articles' ids, in source order. */
export function toSummarySentence(s: Scored, ids: readonly string[]): SummarySentence {
  return { text: s.sentence.text, article_ids: [...s.articles].sort((a, b) => a - b).map((a) => ids[a]) };
}
