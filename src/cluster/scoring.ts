/**
 * Cluster stage (pure): the weights and the similarity between an article and a story.
 *
 * An article is a unit-length TF-IDF vector over its content terms, with names and numbers weighted up and the
 * title counted extra. A story is the sum of its members' vectors (its centroid, kept to its heaviest terms).
 * Similarity is the cosine between the two, lowered when both carry dates further apart than a tolerance window.
 */
import { TermKind, type ArticleTerms, type Vocabulary } from './features';

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
  /**
   * A story of one article merges with another from `joinThreshold` (not `mergeThreshold`): where that article
   * would have joined the other story had it arrived after it.
   */
  singleJoins: boolean;
  /**
   * Fragments (session 14): a story of this run with at most `fragmentMax` reports merges with a story of this run of
   * more reports, below the thresholds above, when that story is its clear best: a link of at least `fragmentFloor`,
   * and at least `fragmentMargin` times the link to the next best candidate (0 when there is none). 0: never.
   */
  fragmentMax: number;
  fragmentFloor: number;
  fragmentMargin: number;
  /** Days two dated reports of one event may lie apart without penalty. */
  dateWindow: number;
  /** Within the window, similarity is multiplied by 1 + dateBonus (reports days apart rarely share this much by chance). */
  dateBonus: number;
  /** Beyond the window, similarity is divided by 1 + (extra days / dateScale)²: weeks cost little, a year half. */
  dateScale: number;
  /**
   * Undated reports bounded by the years their texts name (see `textFloor`): a dated report that would come well
   * before them, or a story's dates well before an undated report's floor, count that gap as a date gap.
   */
  yearFloors: boolean;
  /** Body terms (from the start) that count as the lead for the principal names. */
  principalSpan: number;
  /** Principal names kept per article (see `ArticleTerms.principal`). */
  principalNames: number;
  /** In a Title Case headline, capitals make names as elsewhere (true) or only where the body agrees (false). */
  titleCaseNames: boolean;
  /**
   * Mismatched principal names: similarity × (1 − principalPenalty × mismatch), where mismatch (0–1) is how much of
   * the principal names each side gives the other side lacks in its leads (the smaller of the two shares).
   */
  principalPenalty: number;
  /** After a chunk, an article moves to another story that beats its own (without it) by this much; < 0: never. */
  moveMargin: number;
  /** Only articles that joined with a similarity below this take the second look (a clear join is not re-examined). */
  recheckBelow: number;
  /**
   * A story that had members before a run and gained two or more in it: when the newcomers' mean cosine with the
   * earlier members is below this share of their mean cosine with one another, they leave as a story of their own
   * (a look-alike event that came in through one weak link); 0: never. Two stories of the index before a run, of
   * three reports or more each, merge only when their mean cosine across is at least this share of their cohesion.
   */
  partRatio: number;
  /**
   * Before that test, a newcomer whose mean cosine with the earlier members is this many times its mean cosine with
   * the other newcomers is taken out of the group (it reports the story's event; the others may not).
   */
  partLean: number;
  /**
   * Runs a story's newcomers stay on probation (see `Probation` in cluster-articles.ts): a look-alike event whose
   * reports come one run at a time parts while they do; 0: newcomers part only within their own run.
   */
  probationRuns: number;
  /**
   * A story made in one run splits in two (see `Run.splitPass`) only where each side gives a principal name in at
   * least `splitShare` of its members that at most `splitRare` of the other side's members give (and the sides agree
   * across less than `partRatio` times within); `splitShare` > 1: never.
   */
  splitShare: number;
  splitRare: number;
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
  joinThreshold: 0.18,
  mergeThreshold: 0.22,
  singleJoins: true,
  fragmentMax: 3,
  fragmentFloor: 0.1,
  fragmentMargin: 3,
  dateWindow: 7,
  dateScale: 365,
  dateBonus: 0.15,
  yearFloors: true,
  copyThreshold: 0.2,
  principalSpan: 25,
  principalNames: 5,
  titleCaseNames: false,
  principalPenalty: 0.5,
  moveMargin: 0,
  recheckBelow: 0.45,
  partRatio: 0.7,
  partLean: 1.5,
  probationRuns: 8,
  splitShare: 0.7,
  splitRare: 0.1,
};

/** A sparse vector: parallel arrays of term ids and weights, heaviest first. */
export interface SparseVector {
  ids: Int32Array;
  weights: Float64Array;
}

/**
 * Inverse document frequency, smoothed with `prior` pseudo-articles that lack the term: while the index is small,
 * a term shared by all its few articles must not weigh nothing (five reports of one event share its key words).
 */
export function idf(df: number, docs: number, prior: number): number {
  return Math.log((docs + prior) / (df + 1)) + 1;
}

/** `idf` by document frequency, computed once per frequency while the article count stays the same. */
export class IdfTable {
  private docs = -1;
  private values = new Float64Array(0);

  constructor(private readonly prior: number) {}

  of(df: number, docs: number): number {
    if (docs !== this.docs) {
      this.docs = docs;
      this.values = new Float64Array(docs + 2);
    }
    if (df >= this.values.length) return idf(df, docs, this.prior);
    let v = this.values[df];
    if (v === 0) this.values[df] = v = idf(df, docs, this.prior);
    return v;
  }
}

// Reused working arrays: a typed array of its own costs ≈ 0.5 µs to make (its memory lies outside the JS heap) and
// more in garbage collection; an article's vector and a story's centroid make several each.
const scratch = { weight: new Float64Array(1024), cut: new Float64Array(1024), chosen: new Int32Array(1024) };

/**
 * The article's unit-length weighted vector, cut to its `articleTerms` heaviest terms (ties: by the term's text).
 * The heaviest are chosen with a bounded heap, so only they are sorted.
 */
export function articleVector(
  terms: ArticleTerms,
  vocab: Vocabulary,
  docs: number,
  p: EngineParams,
  idfs: IdfTable = new IdfTable(p.idfPrior),
): SparseVector & { kinds: Uint8Array } {
  const n = terms.ids.length;
  if (scratch.weight.length < n) scratch.weight = new Float64Array(Math.max(n, scratch.weight.length * 2));
  const weight = scratch.weight.subarray(0, n);
  for (let i = 0; i < n; i++) {
    const k = terms.kind[i];
    const boost = k === TermKind.Name ? p.nameBoost : k === TermKind.Number ? p.numberBoost : 1;
    weight[i] = (1 + Math.log(terms.tf[i])) * idfs.of(vocab.df[terms.ids[i]], docs) * boost;
  }
  const order = topK(terms.ids, weight, Math.min(n, p.articleTerms), vocab);
  // One buffer for the three arrays (weights first, so each view is aligned).
  const m = order.length;
  const buffer = new ArrayBuffer(13 * m);
  const weights = new Float64Array(buffer, 0, m);
  const ids = new Int32Array(buffer, 8 * m, m);
  const kinds = new Uint8Array(buffer, 12 * m, m);
  let norm = 0;
  for (let j = 0; j < order.length; j++) {
    const w = weight[order[j]];
    norm += w * w;
  }
  norm = Math.sqrt(norm) || 1;
  for (let j = 0; j < order.length; j++) {
    ids[j] = terms.ids[order[j]];
    weights[j] = weight[order[j]] / norm;
    kinds[j] = terms.kind[order[j]];
  }
  return { ids, weights, kinds };
}

/**
 * Positions of the `k` heaviest entries, heaviest first; equal weights in the order of their terms' text.
 * The k-th heaviest weight is found by quickselect on the bare weights; only the entries at or above it are sorted.
 * The result is a view of a reused array: valid until the next call.
 */
export function topK(ids: Int32Array, weight: Float64Array, k: number, vocab: Vocabulary): Int32Array {
  const n = ids.length;
  if (k <= 0) return scratch.chosen.subarray(0, 0);
  if (scratch.cut.length < n) {
    scratch.cut = new Float64Array(Math.max(n, scratch.cut.length * 2));
    scratch.chosen = new Int32Array(scratch.cut.length);
  }
  let cut = -Infinity;
  if (k < n) {
    const copy = scratch.cut.subarray(0, n);
    copy.set(weight.subarray(0, n));
    cut = kthLargest(copy, k);
  }
  let m = 0;
  for (let e = 0; e < n; e++) if (weight[e] >= cut) m++;
  const chosen = scratch.chosen.subarray(0, m);
  m = 0;
  for (let e = 0; e < n; e++) if (weight[e] >= cut) chosen[m++] = e;
  // Above the cut all are in; at the cut, the first by term text fill the places left. Insertion sort: the chosen
  // are few (k and the ties at the cut), and an inline comparison is cheaper than a sort callback.
  for (let i = 1; i < m; i++) {
    const e = chosen[i];
    const we = weight[e];
    let j = i - 1;
    for (; j >= 0; j--) {
      const f = chosen[j];
      const wf = weight[f];
      if (wf > we || (wf === we && vocab.before(ids[f], ids[e]))) break;
      chosen[j + 1] = f;
    }
    chosen[j + 1] = e;
  }
  return m > k ? chosen.subarray(0, k) : chosen;
}

/** The k-th largest value of `xs` (1-based), by quickselect; `xs` is reordered. */
function kthLargest(xs: Float64Array, k: number): number {
  const target = xs.length - k; // its index in ascending order
  let lo = 0;
  let hi = xs.length - 1;
  while (lo < hi) {
    const pivot = xs[(lo + hi) >> 1];
    let i = lo;
    let j = hi;
    while (i <= j) {
      while (xs[i] < pivot) i++;
      while (xs[j] > pivot) j--;
      if (i <= j) {
        const t = xs[i];
        xs[i] = xs[j];
        xs[j] = t;
        i++;
        j--;
      }
    }
    if (target <= j) hi = j;
    else if (target >= i) lo = i;
    else return xs[target];
  }
  return xs[target];
}

/** Days between a day and a span of days (0 inside the span); null when either is undated. */
export function dayGap(day: number | null, span: [number, number] | undefined): number | null {
  if (day === null || !span) return null;
  return Math.max(0, span[0] - day, day - span[1]);
}

/**
 * Days an undated side's floor (the earliest day its texts' years allow, see `textFloor`) lies after a dated side's
 * last day, when beyond the window; null otherwise. A floor bounds a date without giving one, so agreeing with it earns
 * no same-week bonus, and only a report that would have to come well before its event's texts is kept away.
 */
export function floorGap(floor: number | null, last: number, p: EngineParams): number | null {
  return floor !== null && floor - last > p.dateWindow ? floor - last : null;
}

/** Similarity after the date tolerance: unchanged within the window, then falling off with the extra days. */
export function withDates(similarity: number, gap: number | null, p: EngineParams): number {
  if (gap === null) return similarity;
  if (gap <= p.dateWindow) return similarity * (1 + p.dateBonus);
  const extra = (gap - p.dateWindow) / p.dateScale;
  return similarity / (1 + extra * extra);
}
