/**
 * Cluster stage (pure): the weights and the similarity between an article and a story.
 *
 * An article is a unit-length TF-IDF vector over its content terms, with names and numbers weighted up and the
 * title counted extra. A story is the sum of its members' vectors (its centroid, kept to its heaviest terms).
 * Similarity is the cosine between the two, lowered when both carry dates further apart than a tolerance window.
 */
import { TermKind, type ArticleTerms } from './features';

/** Every tunable of the engine, in one place (tuned on ECB+ train only; see docs/clustering.md). */
export interface EngineParams {
  /** How many times the title counts. */
  titleWeight: number;
  /** Extra weight of the body's first words, decaying as e^(−position/leadSpan). */
  leadWeight: number;
  leadSpan: number;
  /** Pseudo-articles without the term added to the IDF (see `idf`). */
  idfPrior: number;
  /** Weight multiplier of a name term. */
  nameBoost: number;
  /** Weight multiplier of a number term. */
  numberBoost: number;
  /** Terms kept per article vector (heaviest first). */
  articleTerms: number;
  /** Terms kept per story centroid. */
  storyTerms: number;
  /** Heaviest article terms used to look up candidate stories. */
  queryTerms: number;
  /** A query term listed by more stories than this finds no candidates (it tells none apart). */
  maxPostings: number;
  /** Candidates scored exactly, after a cheap shared-term pre-score. */
  candidates: number;
  /** Score a story by average link (mean similarity to its members) rather than by cosine to its centroid. */
  averageLink: boolean;
  /** Join the best story when its similarity reaches this. */
  joinThreshold: number;
  /** Merge two stories when their centroids' similarity reaches this. */
  mergeThreshold: number;
  /** Days two dated reports of one event may lie apart without penalty. */
  dateWindow: number;
  /** Within the window, similarity is multiplied by 1 + dateBonus (reports days apart rarely share this much by chance). */
  dateBonus: number;
  /** Beyond the window, similarity is divided by 1 + (extra days / dateScale)²: weeks cost little, a year a lot. */
  dateScale: number;
  /** Estimated Jaccard resemblance (words + word pairs) from which a member counts as a copy/rewrite. */
  copyThreshold: number;
}

export const DEFAULT_PARAMS: EngineParams = {
  titleWeight: 2,
  leadWeight: 4,
  leadSpan: 100,
  idfPrior: 50,
  nameBoost: 3,
  numberBoost: 2.5,
  articleTerms: 60,
  storyTerms: 60,
  queryTerms: 12,
  maxPostings: 200,
  candidates: 8,
  averageLink: true,
  joinThreshold: 0.21,
  mergeThreshold: 0.25,
  dateWindow: 7,
  dateScale: 365,
  dateBonus: 0.15,
  copyThreshold: 0.2,
};

/** A sparse vector: parallel arrays of terms and weights, heaviest first. */
export interface SparseVector {
  terms: string[];
  weights: number[];
}

/**
 * Inverse document frequency, smoothed with `prior` pseudo-articles that lack the term: while the index is small,
 * a term shared by all its few articles must not weigh nothing (five reports of one event share its key words).
 */
export function idf(df: number, docs: number, prior: number): number {
  return Math.log((docs + prior) / (df + 1)) + 1;
}

/** The article's unit-length weighted vector, cut to its `articleTerms` heaviest terms. */
export function articleVector(
  terms: ArticleTerms,
  dfOf: (term: string) => number,
  docs: number,
  p: EngineParams,
): SparseVector {
  const entries: [string, number][] = [];
  for (const [term, tf] of terms.tf) {
    const k = terms.kind.get(term);
    const boost = k === TermKind.Name ? p.nameBoost : k === TermKind.Number ? p.numberBoost : 1;
    entries.push([term, (1 + Math.log(tf)) * idf(dfOf(term), docs, p.idfPrior) * boost]);
  }
  entries.sort((a, b) => b[1] - a[1] || (a[0] < b[0] ? -1 : 1));
  entries.length = Math.min(entries.length, p.articleTerms);
  let norm = 0;
  for (const [, w] of entries) norm += w * w;
  norm = Math.sqrt(norm) || 1;
  return { terms: entries.map((e) => e[0]), weights: entries.map((e) => e[1] / norm) };
}

/** Euclidean norm of a centroid. */
/** Days between a day and a span of days (0 inside the span); null when either is undated. */
export function dayGap(day: number | null, span: [number, number] | undefined): number | null {
  if (day === null || !span) return null;
  return Math.max(0, span[0] - day, day - span[1]);
}

/** Similarity after the date tolerance: unchanged within the window, then falling off with the extra days. */
export function withDates(similarity: number, gap: number | null, p: EngineParams): number {
  if (gap === null) return similarity;
  if (gap <= p.dateWindow) return similarity * (1 + p.dateBonus);
  const extra = (gap - p.dateWindow) / p.dateScale;
  return similarity / (1 + extra * extra);
}
