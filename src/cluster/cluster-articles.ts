/**
 * Cluster stage (pure): groups articles that report the same real-world event into stories, incrementally.
 *
 * Online clustering with candidate generation: each new article (in a fixed order: published time, then id) is
 * compared only with the stories that share one of its most distinctive terms (an inverted index over the stories'
 * heaviest centroid terms), joins the most similar one if the similarity reaches a threshold, or opens a new story.
 * After a batch, stories it touched are compared with their own candidates and merged when they agree (the older
 * story survives; the other's id becomes a redirect). History is never re-clustered: the index keeps per-story
 * centroids and per-member copy signatures, so a run reads only its new articles, and decodes only the stories it
 * touches. How it works, the signals and the figures: docs/clustering.md.
 */
import { hashString } from '../core/hash';
import type { Article } from '../model';
import { centroidHeads, decodeCentroid, decodeCounts, encodeCentroid, encodeCounts, fromBase64, toBase64 } from './codec';
import {
  ArticleReader,
  resemblance,
  SIGNATURE_BYTES,
  TermKind,
  Vocabulary,
  type ArticleTerms,
} from './features';
import { articleVector, dayGap, DEFAULT_PARAMS, floorGap, IdfTable, topK, withDates, type EngineParams, type SparseVector } from './scoring';
import type { ClusterIndex, ClusterStory, ClusterUpdate } from './types';

/** Shape version of the stored index; an index of another version is rebuilt by the caller. */
export const CLUSTER_INDEX_VERSION = 4;

/** A story's stored features. Member arrays follow the order of `ClusterStory.members`. */
export interface StoryFeatures {
  /**
   * Centroid: term ids (see `EngineFeatures.terms`), heaviest first, and their weights (the sum of the members'
   * unit vectors, to 4 decimals), as text (`encodeCentroid`).
   */
  c: string;
  /** Members counted into the centroid. */
  n: number;
  /** First and last day (days since 1970-01-01) of the dated members. */
  d?: [number, number];
  /** Creation rank: the lower, the older (the survivor of a merge). */
  o: number;
  /** Members' copy signatures, `SIGNATURE_BYTES` each, as one base64 text. */
  h: string;
  /** Members' publication times in ms; null when unknown. */
  p: (number | null)[];
  /** Members' counts of distinct names and numbers. */
  x: number[];
  /** Undated members' text floors (see `textFloor`), null for the others; absent when no member has one. */
  y?: (number | null)[];
  /** Principal names: term id → members giving it among theirs (`encodeCounts`; the most frequent kept). */
  l: string;
  /** Stories this one parted from (see `Run.partPass`): it never merges with them. */
  a?: string[];
  /** Its recent newcomers on probation (see `Probation`). */
  q?: Probation;
}

/**
 * A story's newcomers of its last few runs, kept so that a look-alike event whose reports come one run at a time
 * can still part (see `Run.partPass`). It begins when a story of an earlier run gains a member whose mean cosine
 * with its earlier members is below `recheckBelow` (a weak join), takes in every member the story gains after it,
 * and ends when its reports part, after `probationRuns` runs, or past `PART_MAX` members.
 */
export interface Probation {
  /** The story's centroid before the first of them joined (`encodeCentroid`), and its member count then. */
  c: string;
  n: number;
  /** The run it began in (`EngineFeatures.runs`). */
  r: number;
  /** The members on probation, in the order they joined. */
  m: string[];
  /** Each one's vector (`encodeCentroid`) and principal names (`encodeCounts`, each counted 1). */
  v: string[];
  l: string[];
}

/** What `ClusterIndex.features` holds for this engine. */
export interface EngineFeatures {
  /** Articles counted into `df`. */
  docs: number;
  /** Every term seen; a term's id is its position. */
  terms: string[];
  /** Document frequency of each term, by id. */
  df: number[];
  /** Stories created so far (next creation rank). */
  seq: number;
  /** Runs so far (`addArticles` calls); absent in an index of an engine before probation. */
  runs?: number;
  stories: Record<string, StoryFeatures>;
}

/** An index with no stories. */
export function emptyClusterIndex(): ClusterIndex {
  const features: EngineFeatures = { docs: 0, terms: [], df: [], seq: 0, stories: {} };
  return { version: CLUSTER_INDEX_VERSION, stories: [], redirects: {}, features };
}

/** Batch convenience: every article clustered into a fresh index. */
export function clusterArticles(articles: Article[], params: EngineParams = DEFAULT_PARAMS): ClusterIndex {
  return addArticles(emptyClusterIndex(), articles, params).index;
}

const DAY_MS = 86_400_000;
/** Principal names a story keeps (the most frequent among its members). */
const NAMES_KEPT = 24;
/** A story's core names: given by at least this share of its members. */
const CORE_SHARE = 0.5;
/** A story that gains more members than this in one run is not parted (see `Run.partPass`): a big event, not a weak link. */
const PART_MAX = 64;
/** A probation begins only in a story of this many reports or more: with fewer, their agreement is one or no pair. */
const PROBATION_MIN = 3;
/** Articles read and weighed together (see `addArticles`). */
const CHUNK = 1000;

function round(x: number): number {
  return Math.round(x * 10_000) / 10_000;
}

/** Publication time in ms, or null when the article's date is unknown. */
function knownTime(a: Article): number | null {
  if (a.published_inferred) return null;
  const t = Date.parse(a.published);
  return Number.isFinite(t) ? t : null;
}

/** Fixed processing order: by publication time (undated ones by time received), then id. */
function processingOrder(a: { t: number; article: Article }, b: { t: number; article: Article }): number {
  return a.t - b.t || (a.article.id < b.article.id ? -1 : a.article.id > b.article.id ? 1 : 0);
}

/** What the copy check needs of one member. */
interface MemberFacts {
  /** Publication time in ms, or null. */
  t: number | null;
  /** Distinct names and numbers. */
  x: number;
  /** Undated: the earliest day its text's years allow (`ArticleTerms.floor`), or null. */
  y: number | null;
}

/** An article placed in a run, with what it was read as. */
interface Placed {
  article: Article;
  terms: ArticleTerms;
  v: SparseVector & { kinds: Uint8Array };
}

/** A story's newcomer as the part test sees it: placed in this run, or on probation since an earlier one. */
interface Newcomer {
  id: string;
  v: SparseVector;
  principal: Int32Array;
  /** Null for a member on probation from an earlier run. */
  placed: Placed | null;
}

/** A centroid as the part test reads it. */
interface Centroid {
  t: Int32Array;
  w: Float64Array;
  n: number;
}

/**
 * The members' mean cosine with one another, from the centroid (the sum of their unit vectors): its squared norm is
 * n plus twice the sum of their pairwise cosines (a little less, as it keeps only its heaviest terms). 0 below two.
 */
function cohesion(c: Centroid): number {
  if (c.n < 2) return 0;
  let norm = 0;
  for (let j = 0; j < c.w.length; j++) norm += c.w[j] * c.w[j];
  return (norm - c.n) / (c.n * (c.n - 1));
}

/** One story while a run works on it. Its centroid and member data are decoded from the stored text when used. */
class Slot {
  n: number;
  d: [number, number] | undefined;
  /** Term ids this story is listed under in the postings: at load, then added during the run. */
  heads: Int32Array | null = null;
  posted: number[] = [];
  live = true;
  /** The stored features while nothing has changed (written back as they are). */
  stored: StoryFeatures | null;
  /** Stories this one parted from: never merged with it. */
  apart: string[];
  /** Its newcomers on probation, or null. */
  probation: Probation | null;
  private ids: Int32Array | null;
  private weights: Float64Array | null;
  private sigs: Uint8Array | null = null;
  private members: MemberFacts[] | null = null;
  private nameCounts: Map<number, number> | null = null;
  private nameArray: Int32Array | null = null;
  /** `floor()`, once worked out (undefined: not yet, or members changed). */
  private floorDay: number | null | undefined = undefined;

  constructor(readonly id: string, readonly o: number, t: Int32Array | null, w: Float64Array | null, n: number, d: [number, number] | undefined, stored: StoryFeatures | null) {
    this.ids = t;
    this.weights = w;
    this.n = n;
    this.d = d;
    this.stored = stored;
    this.apart = stored?.a ?? [];
    this.probation = stored?.q ?? null;
  }

  static fromStored(id: string, sf: StoryFeatures): Slot {
    return new Slot(id, sf.o, null, null, sf.n, sf.d, sf);
  }

  /** Centroid term ids, heaviest first. */
  get t(): Int32Array {
    if (!this.ids) this.decodeCentroid();
    return this.ids!;
  }

  /** Centroid weights. */
  get w(): Float64Array {
    if (!this.weights) this.decodeCentroid();
    return this.weights!;
  }

  private decodeCentroid(): void {
    const { ids, weights } = decodeCentroid(this.stored!.c);
    this.ids = ids;
    this.weights = weights;
  }

  /** A new centroid. */
  setCentroid(t: Int32Array, w: Float64Array, n: number, d: [number, number] | undefined): void {
    this.unstore();
    this.ids = t;
    this.weights = w;
    this.n = n;
    this.d = d;
  }

  /** Principal names: term id → members giving it. */
  get names(): Map<number, number> {
    this.nameCounts ??= this.stored ? decodeCounts(this.stored.l) : new Map();
    return this.nameCounts;
  }

  /** Count one more member's principal names (or another story's counts). */
  addNames(ids: Iterable<[number, number]>): void {
    this.unstore();
    const names = this.names;
    for (const [id, count] of ids) names.set(id, (names.get(id) ?? 0) + count);
    if (names.size > NAMES_KEPT) {
      // The most frequent (ties: lower id, a fixed order), as stored: a run after a reload sees the same.
      const kept = [...names].sort((a, b) => b[1] - a[1] || a[0] - b[0]).slice(0, NAMES_KEPT);
      this.nameCounts = new Map(kept);
    }
    this.nameArray = null;
  }

  /** The principal names and their counts side by side ([id, count, id, count, …], in the map's order). */
  nameList(): Int32Array {
    if (!this.nameArray) {
      const names = this.names;
      const list = new Int32Array(names.size * 2);
      let i = 0;
      names.forEach((count, id) => {
        list[i++] = id;
        list[i++] = count;
      });
      this.nameArray = list;
    }
    return this.nameArray;
  }

  /** Never merge with these stories (as well as those already listed). */
  keepApart(ids: readonly string[]): void {
    const fresh = ids.filter((id) => id !== this.id && !this.apart.includes(id));
    if (fresh.length === 0) return;
    this.unstore();
    this.apart = [...this.apart, ...fresh];
  }

  /** Begin, extend or end (null) its probation. */
  setProbation(q: Probation | null): void {
    if (q === this.probation) return;
    this.unstore();
    this.probation = q;
  }

  /** Decode everything from the stored features before changing any of it. */
  private unstore(): void {
    if (!this.stored) return;
    if (!this.ids) this.decodeCentroid();
    void this.names;
    this.decode();
    this.stored = null;
  }

  /** Members' copy signatures, back to back. */
  signatures(): Uint8Array {
    this.decode();
    return this.sigs!;
  }

  facts(): MemberFacts[] {
    this.decode();
    return this.members!;
  }

  /**
   * The story's floor (used while it has no dated member): the latest of its members' text floors that at least half
   * of them reach, so one report's later year (a plan, a contract's end) does not move it; null when under half
   * have one.
   */
  floor(): number | null {
    if (this.floorDay === undefined) {
      // Read from the stored features while nothing has changed: no need to decode the members' signatures.
      const all = this.members ? this.members.map((m) => m.y) : (this.stored?.y ?? []);
      const n = this.members ? this.members.length : (this.stored?.p.length ?? 0);
      const ys = all.filter((y): y is number => y != null).sort((a, b) => b - a);
      // The latest floor that at least half the members reach (a member naming no year reaches none).
      const half = Math.ceil(n / 2);
      this.floorDay = half > 0 && ys.length >= half ? ys[half - 1] : null;
    }
    return this.floorDay;
  }

  private decode(): void {
    if (this.members) return;
    const sf = this.stored;
    if (!sf) {
      this.sigs = new Uint8Array(0);
      this.members = [];
      return;
    }
    this.sigs = fromBase64(sf.h);
    this.members = sf.p.map((t, i) => ({ t, x: sf.x[i], y: sf.y?.[i] ?? null }));
  }

  /** Append members (their signatures and facts), in member order. */
  append(sigs: Uint8Array, facts: MemberFacts[]): void {
    this.unstore();
    this.decode();
    const all = new Uint8Array(this.sigs!.length + sigs.length);
    all.set(this.sigs!);
    all.set(sigs, this.sigs!.length);
    this.sigs = all;
    this.members!.push(...facts);
    this.floorDay = undefined;
  }

  /** Remove member `k` (its signature, facts and principal names). */
  remove(k: number, principal: Int32Array): void {
    this.unstore();
    const sigs = new Uint8Array(this.sigs!.length - SIGNATURE_BYTES);
    sigs.set(this.sigs!.subarray(0, k * SIGNATURE_BYTES));
    sigs.set(this.sigs!.subarray((k + 1) * SIGNATURE_BYTES), k * SIGNATURE_BYTES);
    this.sigs = sigs;
    this.members!.splice(k, 1);
    this.floorDay = undefined;
    const names = this.names;
    for (const id of principal) {
      const count = names.get(id);
      if (count === undefined) continue;
      if (count <= 1) names.delete(id);
      else names.set(id, count - 1);
    }
    this.nameArray = null;
  }

  /** Replace member `k`'s signature and facts (a publisher's update). */
  replace(k: number, sig: Uint8Array, facts: MemberFacts): void {
    this.unstore();
    this.sigs!.set(sig, k * SIGNATURE_BYTES);
    this.members![k] = facts;
    this.floorDay = undefined;
  }

  /** The stored form. */
  toStored(): StoryFeatures {
    if (this.stored) return this.stored;
    const facts = this.facts();
    const sf: StoryFeatures = {
      c: encodeCentroid(this.t, this.w),
      n: this.n,
      o: this.o,
      h: toBase64(this.signatures()),
      p: facts.map((m) => m.t),
      x: facts.map((m) => m.x),
      l: '',
    };
    const names = [...this.names];
    sf.l = encodeCounts(names.map((e) => e[0]), names.map((e) => e[1]));
    if (this.d) sf.d = this.d;
    if (facts.some((m) => m.y != null)) sf.y = facts.map((m) => m.y ?? null);
    if (this.apart.length) sf.a = this.apart.slice();
    if (this.probation) sf.q = this.probation;
    return sf;
  }
}

/** The mutable working copy of one run; the input index is never written to. */
class Run {
  readonly vocab: Vocabulary;
  readonly reader: ArticleReader;
  private readonly idfs: IdfTable;
  docs: number;
  seq: number;
  /** This run's number (see `EngineFeatures.runs`). */
  readonly runs: number;
  readonly slots: Slot[] = [];
  readonly slotOf = new Map<string, number>();
  readonly stories = new Map<string, ClusterStory>();
  /** Articles already in the index → their story id (as stored). */
  readonly known = new Map<string, string>();
  readonly order: string[];
  readonly redirects: Record<string, string>;
  readonly touched = new Set<string>();
  private readonly copied = new Set<string>();
  /** Articles placed in this chunk (for `reassign`), and the story of each article placed in this run. */
  private readonly placed: Placed[] = [];
  private readonly storyOfPlaced = new Map<string, string>();
  /** Stories with a creation rank below this were in the index before the run. */
  private readonly o0: number;
  /**
   * Every article placed in this run (for `partPass`), when the index had stories before it and the batch is one
   * chunk (as a cron run's is): a larger batch would hold every article's terms to its end, so it parts nothing.
   */
  private readonly newcomers = new Map<string, Placed>();
  private readonly recordNewcomers: boolean;
  /** A story of the index before the run → its centroid then (for `partPass`). */
  private readonly before = new Map<number, Centroid>();
  /** Stories of the index before the run that absorbed another such story in it (their earlier members are mixed). */
  private readonly absorbedOld = new Set<number>();
  /**
   * term id → slots listing it among their heaviest terms (may be stale; candidates are re-checked). The stored
   * stories' postings are built once at load in one array (term t's slots: `baseSlots[baseStart[t] .. baseStart[t+1])`);
   * postings added during the run go to `extra`.
   */
  private baseStart = new Int32Array(1);
  private baseSlots = new Int32Array(0);
  private baseTerms = 0;
  private readonly extra: (number[] | undefined)[] = [];
  // Scratch: per-slot pre-scores and marks, a dense centroid by term id.
  private pre = new Float64Array(1024);
  private mark = new Int32Array(1024);
  /** 1 for a slot whose story merged into another (as `Slot.live`, read here without loading the slot). */
  private gone = new Uint8Array(1024);
  private found = new Int32Array(1024);
  private stamp = 0;
  private dense = new Float64Array(1024);
  private vdense = new Float64Array(1024);
  private present = new Int32Array(1024);
  // Working arrays of `setCentroid`: the union of a centroid's terms and a vector's, and their sums.
  private union = new Int32Array(256);
  private sums = new Float64Array(256);
  private spreadStamp = 0;

  constructor(index: ClusterIndex, readonly p: EngineParams, batch: ReadonlySet<string>) {
    const f = (index.features as EngineFeatures | undefined) ?? (emptyClusterIndex().features as EngineFeatures);
    this.vocab = new Vocabulary(f.terms, f.df);
    this.reader = new ArticleReader(this.vocab, p);
    this.idfs = new IdfTable(p.idfPrior);
    this.docs = f.docs;
    this.seq = f.seq;
    this.runs = (f.runs ?? 0) + 1;
    this.o0 = index.stories.length > 0 ? f.seq : 0;
    this.recordNewcomers = p.partRatio > 0 && batch.size <= CHUNK;
    this.redirects = { ...index.redirects };
    this.order = index.stories.map((s) => s.id);
    const h = this.p.queryTerms * 2;
    const heads = new Int32Array(index.stories.length * h);
    const counts = new Int32Array(index.stories.length);
    for (const s of index.stories) {
      this.stories.set(s.id, s);
      for (const m of s.members) if (batch.has(m)) this.known.set(m, s.id);
      const sf = Object.hasOwn(f.stories, s.id) ? f.stories[s.id] : undefined;
      if (!sf) continue;
      const k = this.addSlot(Slot.fromStored(s.id, sf), false);
      const n = centroidHeads(sf.c, h, heads, k * h);
      counts[k] = n;
      this.slots[k].heads = heads.subarray(k * h, k * h + n);
    }
    this.buildPostings(heads, h, counts);
  }

  /**
   * The stored stories' postings, in one pass over their heads (slot k's: `heads[k·h ..]`, `counts[k]` of them):
   * count per term, then fill.
   */
  private buildPostings(heads: Int32Array, h: number, counts: Int32Array): void {
    const terms = this.vocab.size;
    const slotCount = this.slots.length;
    const start = new Int32Array(terms + 1);
    for (let k = 0; k < slotCount; k++) for (let i = k * h, end = i + counts[k]; i < end; i++) start[heads[i] + 1]++;
    for (let t = 0; t < terms; t++) start[t + 1] += start[t];
    const fill = start.slice(0, terms);
    const slots = new Int32Array(start[terms]);
    for (let k = 0; k < slotCount; k++) for (let i = k * h, end = i + counts[k]; i < end; i++) slots[fill[heads[i]]++] = k;
    this.baseStart = start;
    this.baseSlots = slots;
    this.baseTerms = terms;
  }

  private addSlot(slot: Slot, post = true): number {
    const k = this.slots.length;
    this.slots.push(slot);
    this.slotOf.set(slot.id, k);
    if (k >= this.pre.length) {
      const pre = new Float64Array(this.pre.length * 2);
      this.pre = pre;
      const mark = new Int32Array(this.mark.length * 2);
      mark.set(this.mark);
      this.mark = mark;
      const gone = new Uint8Array(this.gone.length * 2);
      gone.set(this.gone);
      this.gone = gone;
    }
    if (post) this.post(k);
    return k;
  }

  /** List a slot under its heaviest terms (once each). */
  private post(k: number): void {
    const slot = this.slots[k];
    const t = slot.t;
    const n = Math.min(t.length, this.p.queryTerms * 2);
    for (let i = 0; i < n; i++) {
      const term = t[i];
      if (slot.posted.includes(term) || (slot.heads !== null && slot.heads.includes(term))) continue;
      slot.posted.push(term);
      const list = this.extra[term];
      if (list) list.push(k);
      else this.extra[term] = [k];
    }
  }

  /** Spread a slot's centroid into the dense scratch (by term id); `clearDense` undoes it. */
  private spread(slot: Slot): Float64Array {
    if (this.dense.length < this.vocab.size) {
      this.dense = new Float64Array(Math.max(this.vocab.size, this.dense.length * 2));
      this.present = new Int32Array(this.dense.length);
    }
    const dense = this.dense;
    const present = this.present;
    const stamp = ++this.spreadStamp;
    for (let i = 0; i < slot.t.length; i++) {
      dense[slot.t[i]] = slot.w[i];
      present[slot.t[i]] = stamp;
    }
    return dense;
  }

  private clearDense(slot: Slot): void {
    for (let i = 0; i < slot.t.length; i++) this.dense[slot.t[i]] = 0;
  }

  /** A story, copied on first write so the input index stays as it was. */
  private writable(id: string): ClusterStory {
    const s = this.stories.get(id)!;
    if (this.copied.has(id)) return s;
    const copy: ClusterStory = { ...s, members: [...s.members], copy_of: { ...s.copy_of }, why: { ...s.why } };
    this.stories.set(id, copy);
    this.copied.add(id);
    return copy;
  }

  /** Slots sharing heavy terms with the vector, best pre-score first (ties: by story id). */
  candidates(v: SparseVector, exclude = -1): number[] {
    const stamp = ++this.stamp;
    const pre = this.pre;
    const mark = this.mark;
    const gone = this.gone;
    let found = this.found;
    let count = 0;
    const n = Math.min(v.ids.length, this.p.queryTerms);
    const base = this.baseSlots;
    for (let i = 0; i < n; i++) {
      const term = v.ids[i];
      const from = term < this.baseTerms ? this.baseStart[term] : 0;
      const to = term < this.baseTerms ? this.baseStart[term + 1] : 0;
      const list = this.extra[term];
      const size = to - from + (list ? list.length : 0);
      // A term listed by very many stories tells none of them apart: it finds no candidates.
      if (size === 0 || size > this.p.maxPostings) continue;
      for (let j = from; j < to + (list ? list.length : 0); j++) {
        const k = j < to ? base[j] : list![j - to];
        if (k === exclude || gone[k] === 1) continue;
        if (mark[k] !== stamp) {
          mark[k] = stamp;
          pre[k] = 0;
          if (count === found.length) {
            const more = new Int32Array(found.length * 2);
            more.set(found);
            this.found = found = more;
          }
          found[count++] = k;
        }
        pre[k] += v.weights[i];
      }
    }
    // The best few by insertion into a short sorted list.
    const max = this.p.candidates;
    const best: number[] = [];
    const ahead = (a: number, b: number) => pre[a] > pre[b] || (pre[a] === pre[b] && this.slots[a].id < this.slots[b].id);
    for (let f = 0; f < count; f++) {
      const k = found[f];
      if (best.length === max && !ahead(k, best[max - 1])) continue;
      let at = best.length < max ? best.length : max - 1;
      best[at] = k;
      while (at > 0 && ahead(best[at], best[at - 1])) {
        const t = best[at];
        best[at] = best[at - 1];
        best[at - 1] = t;
        at--;
      }
    }
    return best;
  }

  /** Average link: the mean cosine between the vector and the story's members (dot product with their sum / n). */
  /** Spread an article vector into `vdense` (by term id) for `similarity`; `unscatter` undoes it. */
  private scatter(v: SparseVector): void {
    if (this.vdense.length < this.vocab.size) this.vdense = new Float64Array(Math.max(this.vocab.size, this.vdense.length * 2));
    for (let i = 0; i < v.ids.length; i++) this.vdense[v.ids[i]] = v.weights[i];
  }

  private unscatter(v: SparseVector): void {
    for (let i = 0; i < v.ids.length; i++) this.vdense[v.ids[i]] = 0;
  }

  /**
   * Average link between the scattered article and a story: the mean cosine between the article and the story's
   * members (dot product with their sum / n), lowered for mismatched principal names and by the date gap.
   */
  similarity(day: number | null, slot: Slot, terms: ArticleTerms): number {
    const vd = this.vdense;
    const t = slot.t;
    const w = slot.w;
    let dot = 0;
    for (let j = 0; j < t.length; j++) dot += w[j] * vd[t[j]];
    let sim = dot / slot.n;
    if (!this.p.averageLink) {
      let norm = 0;
      for (let j = 0; j < w.length; j++) norm += w[j] * w[j];
      sim = dot / (Math.sqrt(norm) || 1);
    }
    if (this.p.principalPenalty > 0) sim *= 1 - this.p.principalPenalty * this.articleMismatch(terms, slot);
    return withDates(sim, this.gapTo(day, terms.floor, slot), this.p);
  }

  /**
   * Days between an article and a story: between its day and the story's dated members; failing those, how far a
   * dated side lies before the other's floor (the years an undated text names: a report cannot come before its event).
   */
  gapTo(day: number | null, floor: number | null, slot: Slot): number | null {
    if (slot.d) return day !== null ? dayGap(day, slot.d) : this.p.yearFloors ? floorGap(floor, slot.d[1], this.p) : null;
    return day !== null && this.p.yearFloors ? floorGap(slot.floor(), day, this.p) : null;
  }

  /** Days between two stories' dated members; failing those, as `gapTo` with a floor. */
  storyGap(a: Slot, b: Slot): number | null {
    if (a.d && b.d) return spanGap(a.d, b.d);
    if (!this.p.yearFloors) return null;
    if (a.d) return floorGap(b.floor(), a.d[1], this.p);
    if (b.d) return floorGap(a.floor(), b.d[1], this.p);
    return null;
  }

  private idfOf(id: number): number {
    return this.idfs.of(this.vocab.df[id], this.docs);
  }

  /**
   * Mismatched principal names between an article and a story (0–1): the share of the article's principal names
   * (by prominence × idf) that no member gives, and the share of the story's core names (by members × idf) that the
   * article does not give; the smaller of the two. Both must name someone or something the other does not.
   */
  articleMismatch(terms: ArticleTerms, slot: Slot): number {
    let total = 0;
    let lacking = 0;
    for (let i = 0; i < terms.principal.length; i++) {
      const w = terms.prominence[i] * this.idfOf(terms.principal[i]);
      total += w;
      if (!this.gives(slot, terms.principal[i])) lacking += w;
    }
    if (total === 0) return 0;
    const fromArticle = lacking / total;
    if (fromArticle === 0) return 0;
    return Math.min(fromArticle, this.coreMissing(slot, terms.principal, null));
  }

  /** Whether a story gives a principal name (one member at least gives it). */
  private gives(slot: Slot, id: number): boolean {
    return slot.names.has(id);
  }

  /**
   * Share of a story's core names (by members × idf) that the principal names `principal` lack — or, given another
   * story instead, that it does not give; 0 when the story has none.
   */
  private coreMissing(slot: Slot, principal: Int32Array | null, other: Slot | null): number {
    let total = 0;
    let lacking = 0;
    const core = CORE_SHARE * slot.n;
    const list = slot.nameList();
    for (let i = 0; i < list.length; i += 2) {
      const count = list[i + 1];
      if (count < core) continue;
      const id = list[i];
      const w = count * this.idfOf(id);
      total += w;
      if (principal !== null ? !principal.includes(id) : !this.gives(other!, id)) lacking += w;
    }
    return total === 0 ? 0 : lacking / total;
  }

  /** Mismatched principal names between two stories: the smaller share of either's core names the other lacks. */
  storyMismatch(a: Slot, b: Slot): number {
    const fromA = this.coreMissing(a, null, b);
    if (fromA === 0) return 0;
    return Math.min(fromA, this.coreMissing(b, null, a));
  }

  /** Add one new article: join the most similar story or open one. */
  add(article: Article, terms: ArticleTerms): void {
    const v = articleVector(terms, this.vocab, this.docs, this.p, this.idfs);
    const [best, bestSim] = this.bestStory(v, terms);
    if (best >= 0 && bestSim >= this.p.joinThreshold && bestSim < this.p.recheckBelow) this.placed.push({ article, terms, v });
    if (this.recordNewcomers) this.newcomers.set(article.id, { article, terms, v });
    const facts: MemberFacts = { t: knownTime(article), x: terms.detail, y: terms.floor };
    if (best >= 0 && bestSim >= this.p.joinThreshold) {
      this.join(best, article.id, terms.signature, facts, v, terms.day, this.why(v, terms, best, bestSim), terms.principal);
    } else {
      this.open(article.id, terms.signature, facts, v, terms.day, terms.principal);
    }
  }

  /** Why an article joins a story (before it joins). */
  private why(v: SparseVector & { kinds: Uint8Array }, terms: ArticleTerms, k: number, sim: number): string {
    const slot = this.slots[k];
    const c = this.spread(slot);
    const stamp = this.spreadStamp;
    const centroid = (id: number) => (this.present[id] === stamp ? c[id] : undefined);
    // A gap that is not between two dates comes from a floor: the years an undated text names.
    const bound = terms.day === null || !slot.d;
    const why = explain(v, terms, this.vocab, centroid, sim, this.gapTo(terms.day, terms.floor, slot), bound);
    this.clearDense(slot);
    return why;
  }

  /**
   * After a chunk is placed, each of its articles that joined a story looks again at its candidates, now that the
   * whole chunk is in: an article placed early (before the story of its own event existed) moves to a story it fits
   * better by `moveMargin`, compared with its own story without itself. Founding members, copies and originals of
   * copies stay. Only articles of this run move: history is never re-clustered.
   */
  reassign(): void {
    if (this.p.moveMargin < 0) return;
    for (const { article, terms, v } of this.placed) {
      const storyId = this.storyOfPlaced.get(article.id);
      const k = storyId === undefined ? undefined : this.slotOf.get(storyId);
      if (k === undefined) continue;
      const slot = this.slots[k];
      const story = this.stories.get(slot.id)!;
      if (slot.n < 2 || story.members[0] === article.id || Object.hasOwn(story.copy_of, article.id)) continue;
      if (Object.values(story.copy_of).includes(article.id)) continue;
      this.scatter(v);
      const own = this.similarityWithout(terms, slot);
      this.unscatter(v);
      const [best, bestSim] = this.bestStory(v, terms, k);
      if (best < 0 || bestSim < this.p.joinThreshold || bestSim < own + this.p.moveMargin) continue;
      this.leave(k, article.id, v, terms.principal);
      const facts: MemberFacts = { t: knownTime(article), x: terms.detail, y: terms.floor };
      this.join(best, article.id, terms.signature, facts, v, terms.day, this.why(v, terms, best, bestSim), terms.principal);
    }
    this.placed.length = 0;
  }

  /** The most similar candidate story (-1 if none) and the similarity; ties go to the older story. */
  private bestStory(v: SparseVector, terms: ArticleTerms, exclude = -1): [number, number] {
    let best = -1;
    let bestSim = -1;
    this.scatter(v);
    for (const k of this.candidates(v, exclude)) {
      const sim = this.similarity(terms.day, this.slots[k], terms);
      if (sim > bestSim || (sim === bestSim && this.slots[k].o < this.slots[best].o)) {
        best = k;
        bestSim = sim;
      }
    }
    this.unscatter(v);
    return [best, bestSim];
  }

  /** The scattered article's similarity with its own story as if it were not in it (its vector out of the sum). */
  private similarityWithout(terms: ArticleTerms, slot: Slot): number {
    const vd = this.vdense;
    const t = slot.t;
    const w = slot.w;
    let dot = 0;
    for (let j = 0; j < t.length; j++) {
      const x = vd[t[j]];
      if (x !== 0) dot += x * Math.max(0, w[j] - x);
    }
    let sim = dot / (slot.n - 1);
    if (this.p.principalPenalty > 0) sim *= 1 - this.p.principalPenalty * this.articleMismatch(terms, slot);
    return withDates(sim, this.gapTo(terms.day, terms.floor, slot), this.p);
  }

  /** Take an article out of its story: membership, explanation, member data, names and centroid. */
  private leave(k: number, articleId: string, v: SparseVector, principal: Int32Array): void {
    const slot = this.slots[k];
    this.keepBefore(k);
    const story = this.writable(slot.id);
    const m = story.members.indexOf(articleId);
    story.members.splice(m, 1);
    delete story.why[articleId];
    slot.remove(m, principal);
    // The centroid without the article's vector, heaviest first again.
    const dense = this.spread(slot);
    for (let i = 0; i < v.ids.length; i++) if (this.present[v.ids[i]] === this.spreadStamp) dense[v.ids[i]] -= v.weights[i];
    const ids: number[] = [];
    const sums: number[] = [];
    for (let i = 0; i < slot.t.length; i++) {
      const w = round(dense[slot.t[i]]);
      if (w > 0) {
        ids.push(slot.t[i]);
        sums.push(w);
      }
    }
    this.clearDense(slot);
    const idArray = Int32Array.from(ids);
    const sumArray = Float64Array.from(sums);
    const top = topK(idArray, sumArray, idArray.length, this.vocab);
    const days = slot.facts().filter((f) => f.t !== null).map((f) => Math.floor(f.t! / DAY_MS));
    slot.setCentroid(
      Int32Array.from(top, (j) => idArray[j]),
      Float64Array.from(top, (j) => sumArray[j]),
      slot.n - 1,
      days.length ? [Math.min(...days), Math.max(...days)] : undefined,
    );
    this.touched.add(slot.id);
  }

  private open(articleId: string, sig: Uint8Array, facts: MemberFacts, v: SparseVector, day: number | null, principal: Int32Array): void {
    const id = hashString('story:' + articleId);
    const w = new Float64Array(v.weights.length);
    for (let i = 0; i < w.length; i++) w[i] = round(v.weights[i]);
    const slot = new Slot(id, this.seq++, v.ids, w, 1, day === null ? undefined : [day, day], null);
    slot.append(sig, [facts]);
    slot.addNames(principalCounts(principal));
    this.stories.set(id, { id, members: [articleId], copy_of: {}, why: { [articleId]: 'first report' } });
    this.storyOfPlaced.set(articleId, id);
    this.copied.add(id);
    this.order.push(id);
    this.addSlot(slot);
    this.touched.add(id);
  }

  private join(
    k: number,
    articleId: string,
    sig: Uint8Array,
    facts: MemberFacts,
    v: SparseVector,
    day: number | null,
    why: string,
    principal: Int32Array,
  ) {
    const slot = this.slots[k];
    const story = this.writable(slot.id);
    // Copy check against the members already in the story (only this story: the one the article joins).
    const sigs = slot.signatures();
    const members = slot.facts();
    let copyOf = -1;
    let bestRes = 0;
    for (let m = 0; m < members.length; m++) {
      const r = resemblance(sig, 0, sigs, m * SIGNATURE_BYTES);
      if (r > bestRes) {
        bestRes = r;
        copyOf = m;
      }
    }
    this.setCentroid(k, slot, v.ids, v.weights, slot.n + 1, spanWith(slot.d, day));
    story.members.push(articleId);
    story.why[articleId] = why;
    this.storyOfPlaced.set(articleId, slot.id);
    if (copyOf >= 0 && bestRes >= this.p.copyThreshold) {
      const original = story.members[copyOf];
      const rewrite = rewriteNote(bestRes);
      if (isOriginal(members[copyOf], facts)) {
        story.copy_of[articleId] = story.copy_of[original] ?? original;
        story.why[articleId] += rewrite;
      } else {
        // The newcomer is the original: the member and whatever copied it now point to it.
        for (const [a, o] of Object.entries(story.copy_of)) if (o === original) story.copy_of[a] = articleId;
        const root = story.copy_of[original];
        if (root === undefined) story.copy_of[original] = articleId;
        else story.copy_of[articleId] = root;
      }
    }
    slot.append(sig, [facts]);
    slot.addNames(principalCounts(principal));
    this.touched.add(slot.id);
  }

  /** The slot's centroid plus another sparse vector, cut to its `storyTerms` heaviest terms. */
  private setCentroid(k: number, slot: Slot, ids: Int32Array, weights: Float64Array, n: number, d: [number, number] | undefined) {
    this.keepBefore(k);
    const dense = this.spread(slot);
    const present = this.present;
    const stamp = this.spreadStamp;
    const own = slot.t;
    if (this.union.length < own.length + ids.length) {
      this.union = new Int32Array(Math.max(own.length + ids.length, this.union.length * 2));
      this.sums = new Float64Array(this.union.length);
    }
    const all = this.union;
    all.set(own);
    let u = own.length;
    for (let i = 0; i < ids.length; i++) {
      if (present[ids[i]] !== stamp) {
        present[ids[i]] = stamp;
        all[u++] = ids[i];
      }
      dense[ids[i]] += weights[i];
    }
    const unionIds = all.subarray(0, u);
    const sums = this.sums.subarray(0, u);
    for (let i = 0; i < unionIds.length; i++) {
      sums[i] = dense[unionIds[i]];
      dense[unionIds[i]] = 0;
    }
    const top = topK(unionIds, sums, Math.min(unionIds.length, this.p.storyTerms), this.vocab);
    const t = new Int32Array(top.length);
    const w = new Float64Array(top.length);
    for (let j = 0; j < top.length; j++) {
      t[j] = unionIds[top[j]];
      w[j] = round(sums[top[j]]);
    }
    slot.setCentroid(t, w, n, d);
    this.post(k);
  }

  /** A story of the index before the run: its centroid as it was, before the run first changes it. */
  private keepBefore(k: number): void {
    const slot = this.slots[k];
    if (slot.o < this.o0 && !this.before.has(k)) this.before.set(k, { t: slot.t, w: slot.w, n: slot.n });
  }

  /**
   * How strongly a story (with `v`, its unit vector) would merge with another: the link, lowered for mismatched
   * principal names and by the date gap; NaN when the two are kept apart. A method of its own, called for every
   * candidate, so it is optimised early: the merge pass runs its loop only twice a run, and code not yet optimised
   * boxes every double it computes on the heap.
   */
  private storyLink(slot: Slot, v: SparseVector, os: Slot): number {
    if (this.parted(slot, os)) return NaN;
    const c = this.spread(os);
    let dot = 0;
    for (let i = 0; i < slot.t.length; i++) dot += (this.p.averageLink ? slot.w[i] : v.weights[i]) * c[slot.t[i]];
    this.clearDense(os);
    let link: number;
    if (this.p.averageLink) {
      link = dot / (slot.n * os.n);
      if (this.heldApart(slot, os, link)) return NaN;
    } else {
      let norm = 0;
      for (let i = 0; i < os.w.length; i++) norm += os.w[i] * os.w[i];
      link = dot / (Math.sqrt(norm) || 1);
    }
    if (this.p.principalPenalty > 0) link *= 1 - this.p.principalPenalty * this.storyMismatch(slot, os);
    return withDates(link, this.storyGap(slot, os), this.p);
  }

  /** Whether two stories parted (either lists the other, or a story merged into it). */
  private parted(a: Slot, b: Slot): boolean {
    if (a.apart.length === 0 && b.apart.length === 0) return false;
    const lists = (x: Slot, y: Slot) => x.apart.some((id) => this.living(id) === y.id);
    return lists(a, b) || lists(b, a);
  }

  /** A story id, followed through the redirects of merges. */
  private living(id: string): string {
    for (let hops = 0; !this.stories.has(id) && Object.hasOwn(this.redirects, id) && hops < 1000; hops++) id = this.redirects[id];
    return id;
  }

  /**
   * Merge touched stories into older ones that agree, until none do; then the same letting fragments merge on a clear
   * margin (`clearBest`), so a fragment first merges where the thresholds alone send it (an earlier story of its event).
   */
  mergePass(): void {
    this.mergeUntilStable(false);
    if (this.p.fragmentMax > 0) this.mergeUntilStable(true);
  }

  /** The merge loop over the touched stories (with `fragments`, only those of `fragmentMax` reports or fewer). */
  private mergeUntilStable(fragments: boolean): void {
    const queue = [...this.touched]
      .map((id) => this.slotOf.get(id)!)
      .filter((k) => !fragments || this.slots[k].n <= this.p.fragmentMax)
      .sort((a, b) => this.slots[a].o - this.slots[b].o);
    for (let q = 0; q < queue.length; q++) {
      const k = queue[q];
      const slot = this.slots[k];
      if (!slot.live) continue;
      const v = unit(slot);
      let best = -1;
      let bestSim = -1;
      let next = 0;
      for (const other of this.candidates(v, k)) {
        const os = this.slots[other];
        const sim = this.storyLink(slot, v, os);
        if (Number.isNaN(sim)) continue;
        if (sim > bestSim || (sim === bestSim && os.o < this.slots[best].o)) {
          next = Math.max(next, bestSim);
          best = other;
          bestSim = sim;
        } else {
          next = Math.max(next, sim);
        }
      }
      if (best < 0) continue;
      // A story of one article merges where that article would have joined, as it would had it come last.
      const single = this.p.singleJoins && (slot.n === 1 || this.slots[best].n === 1);
      const fragment = bestSim < (single ? this.p.joinThreshold : this.p.mergeThreshold);
      if (fragment && !(fragments && this.clearBest(slot, this.slots[best], bestSim, next))) continue;
      const [survivor, gone] = this.slots[best].o < slot.o ? [best, k] : [k, best];
      const margin = !fragment ? '' : next > 0 ? `, ${(bestSim / next).toFixed(1)} times the next best` : ', no other candidate';
      this.merge(survivor, gone, bestSim, margin);
      queue.push(survivor);
    }
  }

  /**
   * Fragments (session 14): in one run, reports that share less with their event's other reports than the join
   * asks (a one-line item, a law firm's blog post on a crash, another framing) are left as stories of one to three
   * reports beside their event's story. Such a fragment (`fragmentMax` reports or fewer) merges with its best
   * candidate when:
   * - that one is an established story (more than `fragmentMax` reports): two fragments do not glue each other, and
   *   a fragment whose link to an earlier story fell short stays for the join and merge of later runs;
   * - both are stories of this run: against a story of the index the fragment may be the first report of a
   *   look-alike whose own story has not arrived yet, and nothing stands beside it to show that (the join and parting
   *   decide there, as before);
   * - and it is the clear best: a link of at least `fragmentFloor`, and `fragmentMargin` times the next best
   *   candidate's. Two look-alike events' stories both stand near a fragment of either, so the margin is small.
   */
  private clearBest(a: Slot, b: Slot, link: number, next: number): boolean {
    const p = this.p;
    if (Math.min(a.n, b.n) > p.fragmentMax || Math.max(a.n, b.n) <= p.fragmentMax || a.o < this.o0 || b.o < this.o0) return false;
    return link >= p.fragmentFloor && link >= p.fragmentMargin * next;
  }

  /**
   * Two stories of the index before the run, of `PROBATION_MIN` reports or more each, merge only where their members
   * agree across the two (`link`, the mean cosine) at least `partRatio` times as much as within each (the geometric
   * mean of their cohesions): the part test's ratio (see `partPass`), which would part such a merge again. Readers
   * have seen them as two stories, and each has grown tight: two look-alike events' stories that a bridging report
   * or a run of shared background words brings near each other stay apart. Stories of this run merge as before —
   * they are young, and a merge there mends an early split of one event.
   */
  private heldApart(a: Slot, b: Slot, link: number): boolean {
    if (this.p.partRatio <= 0 || a.o >= this.o0 || b.o >= this.o0) return false;
    if (a.n < PROBATION_MIN || b.n < PROBATION_MIN) return false;
    return link < this.p.partRatio * Math.sqrt(Math.max(0, cohesion(a)) * Math.max(0, cohesion(b)));
  }

  private merge(survivorK: number, goneK: number, sim: number, margin = ''): void {
    const a = this.slots[survivorK];
    const b = this.slots[goneK];
    const survivor = this.writable(a.id);
    const gone = this.stories.get(b.id)!;
    if (a.o < this.o0 && b.o < this.o0) this.absorbedOld.add(survivorK);
    this.setCentroid(survivorK, a, b.t, b.w, a.n + b.n, spanUnion(a.d, b.d));
    a.append(b.signatures(), b.facts());
    a.addNames(b.names);
    a.keepApart(b.apart);
    for (const m of gone.members) {
      if (this.storyOfPlaced.has(m)) this.storyOfPlaced.set(m, a.id);
      survivor.members.push(m);
      survivor.why[m] = gone.why[m] ?? '';
    }
    survivor.why[gone.members[0]] += `; its story merged into this one (similarity ${sim.toFixed(2)}${margin})`;
    Object.assign(survivor.copy_of, gone.copy_of);
    b.live = false;
    this.gone[goneK] = 1;
    this.stories.delete(b.id);
    this.slotOf.delete(b.id);
    this.touched.delete(b.id);
    this.touched.add(a.id);
    this.redirects[b.id] = a.id;
  }

  /**
   * Splitting (session 10), after the merge pass: a story made in this run that holds two look-alike events — two
   * men's deaths, two players' arrests — splits in two. In one batch both events' reports arrive together; reports
   * of the second that recall the first bridge them, and joins and merges make one story of the two. So each such
   * story (every member placed in this run; `2 · PROBATION_MIN` to `PART_MAX` members) is cut in two by its
   * members' own cosines (`bisect`); a copy then goes where its original goes. The two sides part when all hold:
   * - each has `PROBATION_MIN` members or more, and two independent reports or more (not one wire story and its
   *   copies);
   * - they agree across less than `partRatio` times the geometric mean of their agreement within (the part test's
   *   ratio);
   * - each side gives a principal name (its headlines and leads) in `splitShare` of its members or more that at
   *   most `splitRare` of the other side's members give: two protagonists. As in the mismatch of the join, both
   *   sides must name someone the other does not: one event told with two framings keeps its core name in both.
   * The side holding the story's first report keeps the story; the other leaves as parting's newcomers do
   * (`moveOut`), and its first report's explanation names both sides' names. Each part is examined again (a story
   * of three look-alike events). A run of more than one chunk splits nothing: it keeps no vectors to its end.
   */
  splitPass(): void {
    if (!this.recordNewcomers || this.p.splitShare > 1) return;
    const queue: number[] = [];
    for (const id of this.touched) {
      const k = this.slotOf.get(id);
      if (k !== undefined && this.slots[k].o >= this.o0) queue.push(k);
    }
    queue.sort((a, b) => this.slots[a].o - this.slots[b].o);
    for (let q = 0; q < queue.length; q++) {
      const k = queue[q];
      const before = this.slots.length;
      if (this.split(k)) queue.push(k, before);
    }
  }

  /** The split test for one story made in this run (see `splitPass`); whether it split. */
  private split(k: number): boolean {
    const slot = this.slots[k];
    const story = this.stories.get(slot.id)!;
    if (!slot.live || slot.n < 2 * PROBATION_MIN || slot.n > PART_MAX) return false;
    const members: Placed[] = [];
    for (const id of story.members) {
      const placed = this.newcomers.get(id);
      if (!placed) return false;
      members.push(placed);
    }
    const r = members.length;
    const cos = this.pairwise(members.map((x) => x.v));
    const side = bisect(cos, r);
    // A copy goes where its original goes.
    const at = new Map(members.map((x, i) => [x.article.id, i]));
    const rootOf = (id: string) => {
      for (let hops = 0; Object.hasOwn(story.copy_of, id) && hops < r; hops++) id = story.copy_of[id];
      return at.get(id) ?? -1;
    };
    const size = [0, 0];
    const reports = [0, 0];
    for (let i = 0; i < r; i++) {
      const root = rootOf(members[i].article.id);
      if (root >= 0) side[i] = side[root];
      size[side[i]]++;
      if (root === i) reports[side[i]]++;
    }
    // Two sides of PROBATION_MIN articles or more, not one wire story and its copies.
    if (size[0] < PROBATION_MIN || size[1] < PROBATION_MIN || reports[0] < 2 || reports[1] < 2) return false;
    const sum = [0, 0, 0];
    const pairs = [0, 0, 0];
    for (let i = 0; i < r; i++) {
      for (let j = i + 1; j < r; j++) {
        const where = side[i] === side[j] ? side[i] : 2;
        sum[where] += cos[i * r + j];
        pairs[where]++;
      }
    }
    const within = [sum[0] / pairs[0], sum[1] / pairs[1]];
    const across = sum[2] / pairs[2];
    if (within[0] <= 0 || within[1] <= 0 || !(across < this.p.partRatio * Math.sqrt(within[0] * within[1]))) return false;
    // Each side's own principal name.
    const given = [new Map<number, number>(), new Map<number, number>()];
    for (let i = 0; i < r; i++) {
      const counts = given[side[i]];
      for (const name of new Set(members[i].terms.principal)) counts.set(name, (counts.get(name) ?? 0) + 1);
    }
    const own = (a: number): number => {
      let best = -1;
      let bestShare = 0;
      for (const [name, count] of given[a]) {
        const share = count / size[a];
        if (share < this.p.splitShare || (given[1 - a].get(name) ?? 0) / size[1 - a] > this.p.splitRare) continue;
        if (share > bestShare || (share === bestShare && this.vocab.before(name, best))) {
          best = name;
          bestShare = share;
        }
      }
      return best;
    };
    const names = [own(0), own(1)];
    if (names[0] < 0 || names[1] < 0) return false;
    // The side without the story's first report leaves.
    const leaving = 1 - side[0];
    const group: Newcomer[] = members
      .filter((_, i) => side[i] === leaving)
      .map((placed) => ({ id: placed.article.id, v: placed.v, principal: placed.terms.principal, placed }));
    const display = (name: number) => {
      for (const x of members) {
        const shown = x.terms.display.get(name);
        if (shown) return shown;
      }
      return this.vocab.terms[name];
    };
    const stays = size[1 - leaving];
    this.moveOut(
      k,
      group,
      `; left story ${slot.id} with ${group.length - 1} more report${group.length === 2 ? '' : 's'} of this run:` +
        ` their leads name ${display(names[leaving])}, which those of its other ${stays} report${stays === 1 ? '' : 's'} do not` +
        ` (theirs name ${display(names[1 - leaving])}), and they agree with one another` +
        ` (${within[leaving].toFixed(2)}) far more than with them (${across.toFixed(2)})`,
    );
    return true;
  }

  /**
   * A look-alike event that came in through one weak link leaves the story it joined. Its first report joins an
   * established story just above the threshold (its lead recalls the earlier event), and its other reports follow
   * it there, closer to it than to anything else. So, for each story of the index before the run that gained members
   * in it (and absorbed no other such story), its newcomers — this run's, and those still on probation from its last
   * runs (see `Probation`), two or more in all — are tested: their mean cosine with the earlier members (through the
   * centroid as it was before the first of them joined) against their mean cosine with one another, a copy and its
   * original counted as one report. While the ratio is `partRatio` or more, the newcomer leaning most to the earlier
   * members leaves the group if it leans `partLean` times more to them than to the other newcomers (with its
   * copies), else nothing parts. Below it, the group leaves as a story of its own (its id from its first report, as
   * any story's), which never merges back — but for a newcomer that is a copy or the original of an earlier member
   * (counted in the test, it stays, with its copies). When nothing parts, the newcomers stay on probation (or begin
   * it, if one of them joined weakly) for the next runs.
   */
  partPass(): void {
    if (!this.recordNewcomers) {
      // Its newcomers were not kept: a probation would no longer hold all that joined after it began.
      for (const k of this.before.keys()) this.slots[k].setProbation(null);
      return;
    }
    const groups = new Map<number, Newcomer[]>();
    for (const placed of this.newcomers.values()) {
      const storyId = this.storyOfPlaced.get(placed.article.id);
      const k = storyId === undefined ? undefined : this.slotOf.get(storyId);
      if (k === undefined || !this.before.has(k) || !this.slots[k].live) continue;
      const x: Newcomer = { id: placed.article.id, v: placed.v, principal: placed.terms.principal, placed };
      const list = groups.get(k);
      if (list) list.push(x);
      else groups.set(k, [x]);
    }
    for (const k of this.absorbedOld) this.slots[k].setProbation(null);
    for (const [k, list] of groups) {
      if (this.absorbedOld.has(k)) continue;
      const slot = this.slots[k];
      const q = this.p.probationRuns > 0 && slot.probation && this.runs - slot.probation.r < this.p.probationRuns ? slot.probation : null;
      // This run's newcomers first, on their own; then with those on probation.
      if (list.length >= 2 && list.length <= PART_MAX && this.part(k, list, this.before.get(k)!, 1)) {
        slot.setProbation(null);
        continue;
      }
      const earlier = q ? this.onProbation(slot, q) : [];
      let before = this.before.get(k)!;
      if (q) {
        const { ids, weights } = decodeCentroid(q.c);
        before = { t: ids, w: weights, n: q.n };
      }
      const all = [...earlier, ...list];
      if (earlier.length > 0 && all.length <= PART_MAX && this.part(k, all, before, this.runs - q!.r + 1)) {
        slot.setProbation(null);
        continue;
      }
      slot.setProbation(this.probationAfter(q, all, before));
    }
  }

  /** A story's members on probation (those still in it), as newcomers. */
  private onProbation(slot: Slot, q: Probation): Newcomer[] {
    const members = new Set(this.stories.get(slot.id)!.members);
    const out: Newcomer[] = [];
    for (let i = 0; i < q.m.length; i++) {
      if (!members.has(q.m[i]) || this.newcomers.has(q.m[i])) continue;
      const { ids, weights } = decodeCentroid(q.v[i]);
      out.push({ id: q.m[i], v: { ids, weights }, principal: Int32Array.from(decodeCounts(q.l[i]).keys()), placed: null });
    }
    return out;
  }

  /**
   * The probation a story's newcomers leave when nothing parted: the one running, with this run's newcomers added;
   * or, if one of them joined weakly (mean cosine with the earlier members below `recheckBelow`), a new one.
   */
  private probationAfter(q: Probation | null, all: Newcomer[], before: Centroid): Probation | null {
    if (this.p.probationRuns <= 0 || all.length > PART_MAX || before.n < PROBATION_MIN) return null;
    if (!q && !all.some((x) => this.meanCosine(x.v, before) < this.p.recheckBelow)) return null;
    return {
      c: q ? q.c : encodeCentroid(before.t, before.w),
      n: before.n,
      r: q ? q.r : this.runs,
      m: all.map((x) => x.id),
      v: all.map((x) => encodeCentroid(x.v.ids, x.v.weights)),
      l: all.map((x) => encodeCounts(x.principal, new Int32Array(x.principal.length).fill(1))),
    };
  }

  /** A vector's mean cosine with the members summed in a centroid. */
  private meanCosine(v: SparseVector, c: Centroid): number {
    this.scatter(v);
    let dot = 0;
    for (let j = 0; j < c.t.length; j++) dot += c.w[j] * this.vdense[c.t[j]];
    this.unscatter(v);
    return c.n > 0 ? dot / c.n : 0;
  }

  /** The cosines between every two of these vectors, as an n × n matrix (row-major; the diagonal 0). */
  private pairwise(vs: SparseVector[]): Float64Array {
    const n = vs.length;
    const cos = new Float64Array(n * n);
    for (let i = 0; i < n; i++) {
      this.scatter(vs[i]);
      for (let j = i + 1; j < n; j++) {
        const u = vs[j];
        let d = 0;
        for (let x = 0; x < u.ids.length; x++) d += u.weights[x] * this.vdense[u.ids[x]];
        cos[i * n + j] = cos[j * n + i] = d;
      }
      this.unscatter(vs[i]);
    }
    return cos;
  }

  /** The part test for one story's newcomers (of its last `runs` runs); whether they parted. */
  private part(k: number, list: Newcomer[], old: Centroid, runs: number): boolean {
    const slot = this.slots[k];
    if (old.n < 1 || slot.n - list.length < 1) return false;
    const m = list.length;
    const cross = Float64Array.from(list, (x) => this.meanCosine(x.v, old));
    const pair = this.pairwise(list.map((x) => x.v));
    const story = this.stories.get(slot.id)!;
    const at = new Map(list.map((x, i) => [x.id, i]));
    // A copy and its original count as one report: their pair is not a sign of agreement between reports.
    const root = list.map((x) => story.copy_of[x.id] ?? x.id);
    const inGroup = new Uint8Array(m).fill(1);
    // A newcomer that is a copy or the original of an earlier member reports the story's event: it stays.
    const tied = new Uint8Array(m);
    for (const [copy, original] of Object.entries(story.copy_of)) {
      const a = at.get(copy);
      const b = at.get(original);
      if (a !== undefined && b === undefined) tied[a] = 1;
      if (b !== undefined && a === undefined) tied[b] = 1;
    }
    // A copy goes where its original goes: what holds for one report holds for all its copies.
    for (let i = 0; i < m; i++) if (tied[i]) for (let j = 0; j < m; j++) if (root[j] === root[i]) tied[j] = 1;
    const spansRuns = runs > 1;
    const withinOld = spansRuns ? cohesion(old) : 0;
    let ratio = Infinity;
    let within = 0;
    let across = 0;
    for (;;) {
      let size = 0;
      let crossSum = 0;
      let pairSum = 0;
      let pairs = 0;
      for (let i = 0; i < m; i++) {
        if (!inGroup[i]) continue;
        size++;
        crossSum += cross[i];
        for (let j = i + 1; j < m; j++) {
          if (!inGroup[j] || root[i] === root[j]) continue;
          pairSum += pair[i * m + j];
          pairs++;
        }
      }
      if (pairs === 0) return false;
      across = crossSum / size;
      within = pairSum / pairs;
      ratio = within > 0 ? across / within : Infinity;
      // Newcomers of several runs, tested at each as they came, part only if they also agree with the earlier members
      // less than those agree with one another (the same share): a story's later reports may agree more among
      // themselves than with its first ones (the news moved on), but not less with them than the first ones do.
      if (spansRuns && !(across < this.p.partRatio * withinOld)) return false;
      if (ratio < this.p.partRatio) break;
      // Drop the newcomer leaning most to the earlier members, if it is closer to them than to the other newcomers.
      let worst = -1;
      let worstLean = -Infinity;
      for (let i = 0; i < m; i++) {
        if (!inGroup[i]) continue;
        let sum = 0;
        let count = 0;
        for (let j = 0; j < m; j++) {
          if (j === i || !inGroup[j] || root[i] === root[j]) continue;
          sum += pair[i * m + j];
          count++;
        }
        const lean = count > 0 && sum > 0 ? cross[i] / (sum / count) : Infinity;
        if (lean > worstLean) {
          worstLean = lean;
          worst = i;
        }
      }
      if (worstLean < this.p.partLean) return false;
      for (let j = 0; j < m; j++) if (root[j] === root[worst]) inGroup[j] = 0;
    }
    const group = list.filter((_, i) => inGroup[i] === 1 && tied[i] === 0);
    if (group.length < 2) return false;
    this.moveOut(
      k,
      group,
      `; left story ${slot.id} with ${group.length - 1} more report${group.length === 2 ? '' : 's'} ${runs === 1 ? 'of this run' : `of its last ${runs} runs`}:` +
        ` they agree with one another (${within.toFixed(2)}) far more than with its earlier reports (${across.toFixed(2)})`,
    );
    return true;
  }

  /**
   * Moves `group` (two or more of story k's newcomers; a copy with its original) out into a story of its own: its
   * id from its first report, as any story's, and `note` ends that report's explanation. The new story lists the one
   * it left, so the two never merge again. The story left keeps its id and its other members.
   */
  private moveOut(k: number, group: Newcomer[], note: string): void {
    const slot = this.slots[k];
    const story = this.stories.get(slot.id)!;
    // What a member on probation brings along is in the story: its copy signature, facts and explanation.
    const carried = new Map<string, { sig: Uint8Array; facts: MemberFacts; why: string }>();
    for (const x of group) {
      if (x.placed) continue;
      const i = story.members.indexOf(x.id);
      const sig = slot.signatures().slice(i * SIGNATURE_BYTES, (i + 1) * SIGNATURE_BYTES);
      // Its copy check is made again in the story it moves to.
      carried.set(x.id, { sig, facts: slot.facts()[i], why: (story.why[x.id] ?? '').replace(REWRITE_NOTE, '') });
    }
    const from = this.writable(slot.id);
    for (const x of group) {
      delete from.copy_of[x.id];
      this.leave(k, x.id, x.v, x.principal);
    }
    const [first, ...rest] = group;
    const factsOf = (x: Newcomer): MemberFacts =>
      x.placed ? { t: knownTime(x.placed.article), x: x.placed.terms.detail, y: x.placed.terms.floor } : carried.get(x.id)!.facts;
    const sigOf = (x: Newcomer) => (x.placed ? x.placed.terms.signature : carried.get(x.id)!.sig);
    const dayOfFacts = (f: MemberFacts) => (f.t === null ? null : Math.floor(f.t / DAY_MS));
    const dayOfNewcomer = (x: Newcomer) => (x.placed ? x.placed.terms.day : dayOfFacts(carried.get(x.id)!.facts));
    // Its first report may have opened a story earlier (in this run or, on probation, an earlier one) that then
    // merged into this one: that id is taken up again, as a story, not a redirect.
    const reopened = hashString('story:' + first.id);
    if (Object.hasOwn(this.redirects, reopened)) {
      delete this.redirects[reopened];
      const at = this.order.indexOf(reopened);
      if (at >= 0) this.order.splice(at, 1);
    }
    this.open(first.id, sigOf(first), factsOf(first), first.v, dayOfNewcomer(first), first.principal);
    const id = this.storyOfPlaced.get(first.id)!;
    const nk = this.slotOf.get(id)!;
    const created = this.stories.get(id)!;
    created.why[first.id] += note;
    this.slots[nk].keepApart([slot.id]);
    for (const x of rest) {
      const facts = factsOf(x);
      if (x.placed) {
        const { article, terms, v } = x.placed;
        this.scatter(v);
        const sim = this.similarity(terms.day, this.slots[nk], terms);
        this.unscatter(v);
        this.join(nk, article.id, terms.signature, facts, v, terms.day, this.why(v, terms, nk, sim), terms.principal);
      } else {
        const s = this.slots[nk];
        const sim = this.meanCosine(x.v, { t: s.t, w: s.w, n: s.n });
        const why = `${carried.get(x.id)!.why}; left story ${slot.id} with ${first.id} (similarity ${sim.toFixed(2)})`;
        this.join(nk, x.id, sigOf(x), facts, x.v, dayOfFacts(facts), why, x.principal);
      }
    }
  }

  /** An article already in the index (updated by its publisher): it stays in its story; its features refresh. */
  refresh(article: Article, terms: ArticleTerms): void {
    const storyId = this.known.get(article.id)!;
    const k = this.slotOf.get(storyId);
    const story = this.stories.get(storyId);
    if (k === undefined || !story) return;
    const m = story.members.indexOf(article.id);
    if (m >= 0) this.slots[k].replace(m, terms.signature, { t: knownTime(article), x: terms.detail, y: terms.floor });
    this.touched.add(storyId);
  }

  result(): ClusterUpdate {
    // Redirects point straight at a living story, even after a chain of merges.
    for (const from of Object.keys(this.redirects)) this.redirects[from] = this.living(this.redirects[from]);
    const stories: ClusterStory[] = [];
    const storyFeatures: Record<string, StoryFeatures> = {};
    for (const id of this.order) {
      const s = this.stories.get(id);
      if (!s) continue;
      stories.push(s);
      const k = this.slotOf.get(id);
      if (k === undefined) continue;
      const sf = this.slots[k].toStored();
      // A probation that would be over by the next run is dropped (the stored features are not written to).
      if (sf.q && this.runs + 1 - sf.q.r >= this.p.probationRuns) {
        const { q: _over, ...rest } = sf;
        storyFeatures[id] = rest;
      } else storyFeatures[id] = sf;
    }
    const features: EngineFeatures = {
      docs: this.docs,
      terms: this.vocab.terms.slice(),
      df: Array.from(this.vocab.df.subarray(0, this.vocab.size)),
      seq: this.seq,
      runs: this.runs,
      stories: storyFeatures,
    };
    const touched = stories.filter((s) => this.touched.has(s.id)).map((s) => s.id);
    return {
      index: { version: CLUSTER_INDEX_VERSION, stories, redirects: { ...this.redirects }, features },
      touched,
    };
  }

  /**
   * Empties this run in place once its result is taken: it keeps its objects — so their hidden classes stay alive
   * (see `lastRun`) — but drops what grows with the index or the batch. Only one story's slot is kept. The run is
   * not used again.
   */
  release(): void {
    this.vocab.release();
    this.reader.release();
    this.slots.length = Math.min(this.slots.length, 1);
    this.slotOf.clear();
    this.stories.clear();
    this.known.clear();
    this.order.length = 0;
    for (const from of Object.keys(this.redirects)) delete this.redirects[from];
    this.touched.clear();
    this.copied.clear();
    this.placed.length = 0;
    this.storyOfPlaced.clear();
    this.newcomers.clear();
    this.before.clear();
    this.absorbedOld.clear();
    this.extra.length = 0;
    this.baseStart = new Int32Array(1);
    this.baseSlots = new Int32Array(0);
    this.pre = new Float64Array(0);
    this.mark = new Int32Array(0);
    this.gone = new Uint8Array(0);
    this.found = new Int32Array(0);
    this.dense = new Float64Array(0);
    this.vdense = new Float64Array(0);
    this.present = new Int32Array(0);
    this.union = new Int32Array(0);
    this.sums = new Float64Array(0);
  }
}

/**
 * The last run, emptied (`Run.release`). V8's optimised code for the engine refers to the hidden classes of its
 * objects (`Run`, `Slot`, `ArticleReader`, `Lexicon`, `Vocabulary`) weakly: when every object of a class has died,
 * the next garbage collection drops the class and throws that code away ("weak objects" in `--trace-deopt`), and the
 * next run — a Worker isolate's next cron run — starts optimising from scratch. One emptied object of each keeps
 * them; it holds a few kilobytes, not the run's data. Measured in docs/clustering.md ("warm").
 */
const lastRun: { run: Run | null } = { run: null };

/**
 * Two groups of `r` items from their pairwise similarities (`cos`, r × r, the diagonal unused), each item 0 or 1:
 * average-link agglomeration down to two groups (the closest pair of groups first; ties to the earlier), then each
 * item moves to the group it agrees with more on average (leaving none empty), until none moves.
 */
function bisect(cos: Float64Array, r: number): Uint8Array {
  return refine(cos, r, agglomerate(cos, r));
}

/** Average-link agglomeration of `r` items down to two groups: the group of item 0 is 0, the other 1. */
function agglomerate(cos: Float64Array, r: number): Uint8Array {
  const group = new Int32Array(r).map((_, i) => i);
  const size = new Int32Array(r).fill(1);
  const link = Float64Array.from(cos);
  const alive = new Uint8Array(r).fill(1);
  for (let groups = r; groups > 2; groups--) {
    let a = -1;
    let b = -1;
    let best = -Infinity;
    for (let i = 0; i < r; i++) {
      if (!alive[i]) continue;
      for (let j = i + 1; j < r; j++) {
        if (!alive[j]) continue;
        const mean = link[i * r + j] / (size[i] * size[j]);
        if (mean > best) {
          best = mean;
          a = i;
          b = j;
        }
      }
    }
    // b joins a: sums of similarities add up.
    for (let x = 0; x < r; x++) {
      if (!alive[x] || x === a || x === b) continue;
      link[a * r + x] = link[x * r + a] = link[a * r + x] + link[b * r + x];
    }
    size[a] += size[b];
    alive[b] = 0;
    for (let x = 0; x < r; x++) if (group[x] === b) group[x] = a;
  }
  const first = group[0];
  return Uint8Array.from(group, (g) => (g === first ? 0 : 1));
}

/** Moves each item to the group it agrees with more on average (leaving none empty), until none moves. */
function refine(cos: Float64Array, r: number, start: Uint8Array): Uint8Array {
  const side = Uint8Array.from(start);
  const count = [0, 0];
  for (let i = 0; i < r; i++) count[side[i]]++;
  for (let round = 0; round < 4 * r; round++) {
    let moved = false;
    for (let i = 0; i < r; i++) {
      if (count[side[i]] < 2) continue;
      const s = [0, 0];
      const n = [0, 0];
      for (let j = 0; j < r; j++) {
        if (j === i) continue;
        s[side[j]] += cos[i * r + j];
        n[side[j]]++;
      }
      const other = 1 - side[i];
      if (n[other] > 0 && s[other] / n[other] > s[side[i]] / Math.max(1, n[side[i]])) {
        count[side[i]]--;
        count[other]++;
        side[i] = other;
        moved = true;
      }
    }
    if (!moved) break;
  }
  return side;
}

/** What a member's explanation says when it is a copy or rewrite (`REWRITE_NOTE` finds it again). */
function rewriteNote(resemblance: number): string {
  return `; rewrite of an earlier member (word overlap ${resemblance.toFixed(2)})`;
}
const REWRITE_NOTE = /; rewrite of an earlier member \(word overlap [\d.]+\)/g;

function spanWith(span: [number, number] | undefined, day: number | null): [number, number] | undefined {
  if (day === null) return span;
  return span ? [Math.min(span[0], day), Math.max(span[1], day)] : [day, day];
}

function spanUnion(a?: [number, number], b?: [number, number]): [number, number] | undefined {
  if (!a) return b;
  if (!b) return a;
  return [Math.min(a[0], b[0]), Math.max(a[1], b[1])];
}

function spanGap(a?: [number, number], b?: [number, number]): number | null {
  if (!a || !b) return null;
  return Math.max(0, a[0] - b[1], b[0] - a[1]);
}

/** One member's principal names, each counted once. */
function principalCounts(principal: Int32Array): [number, number][] {
  return Array.from(principal, (id) => [id, 1]);
}

/** A story's centroid as a unit vector. */
function unit(slot: Slot): SparseVector {
  let n = 0;
  for (let i = 0; i < slot.w.length; i++) n += slot.w[i] * slot.w[i];
  n = Math.sqrt(n) || 1;
  const weights = new Float64Array(slot.w.length);
  for (let i = 0; i < weights.length; i++) weights[i] = slot.w[i] / n;
  return { ids: slot.t, weights };
}

/**
 * Which of a copy pair is the original: the earlier one when their times tell them apart. A time at exactly midnight
 * UTC is read as a date without a time of day: it ties with any time that day, and then the article with an exact
 * time counts as earlier (publishing systems stamp exact times; day-only stamps come from archive URLs, typical of
 * re-publishers). Still tied: the one giving more names and numbers (a rewrite drops details), then the one that was
 * in the story first.
 */
function isOriginal(member: MemberFacts, newcomer: MemberFacts): boolean {
  const a = member.t;
  const b = newcomer.t;
  if (a !== null && b !== null) {
    const aDay = a % DAY_MS === 0;
    const bDay = b % DAY_MS === 0;
    if (!aDay && !bDay && a !== b) return a < b;
    if (Math.floor(a / DAY_MS) !== Math.floor(b / DAY_MS)) return a < b;
    if (aDay !== bDay) return bDay;
  } else if (a !== null || b !== null) {
    return a !== null;
  }
  if (member.x !== newcomer.x) return member.x > newcomer.x;
  return true;
}

// `explain`'s working arrays, reused (a typed array of its own costs ≈ 0.5 µs to make).
const explainScratch = { order: new Int32Array(64), score: new Float64Array(64) };

/** Why an article joined a story: the names and numbers it shares with the story, the similarity, the date gap. */
function explain(
  v: SparseVector & { kinds: Uint8Array },
  terms: ArticleTerms,
  vocab: Vocabulary,
  centroid: (id: number) => number | undefined,
  similarity: number,
  gap: number | null,
  bound = false,
): string {
  // The shared terms (positions in `v`), best first by score, ties by term text: an insertion sort of a few dozen.
  const n = v.ids.length;
  if (explainScratch.order.length < n) explainScratch.order = new Int32Array(n);
  if (explainScratch.score.length < n) explainScratch.score = new Float64Array(n);
  const { order, score } = explainScratch;
  let m = 0;
  for (let i = 0; i < n; i++) {
    const w = centroid(v.ids[i]);
    if (w === undefined) continue;
    score[i] = w * v.weights[i];
    let j = m - 1;
    for (; j >= 0; j--) {
      const o = order[j];
      if (score[o] > score[i] || (score[o] === score[i] && vocab.terms[v.ids[o]] < vocab.terms[v.ids[i]])) break;
      order[j + 1] = o;
    }
    order[j + 1] = i;
    m++;
  }
  const pick = (k: TermKind, most: number) => {
    const out: string[] = [];
    for (let j = 0; j < m; j++) {
      const i = order[j];
      if (v.kinds[i] !== k) continue;
      const label = terms.display.get(v.ids[i]) ?? vocab.terms[v.ids[i]];
      if (!out.includes(label)) out.push(label);
      if (out.length === most) break;
    }
    return out;
  };
  const parts: string[] = [];
  const names = pick(TermKind.Name, 4);
  const numbers = pick(TermKind.Number, 3);
  const words = pick(TermKind.Word, 3);
  if (names.length) parts.push(`shared: ${names.join(', ')}`);
  if (numbers.length) parts.push(`numbers: ${numbers.join(', ')}`);
  if (words.length) parts.push(`words: ${words.join(', ')}`);
  parts.push(`similarity ${similarity.toFixed(2)}`);
  if (gap !== null && bound) parts.push(`at least ${gap} days from the story's dates, by the years the texts name`);
  else if (gap !== null) parts.push(gap === 0 ? 'same dates' : `${gap} day${gap === 1 ? '' : 's'} from the story's dates`);
  return parts.join('; ');
}

/**
 * Incremental: add new (or re-add updated) articles. Returns the new index and the ids of the stories created or
 * changed (survivors of merges included). The input index is not modified.
 */
export function addArticles(
  index: ClusterIndex,
  articles: Article[],
  params: EngineParams = DEFAULT_PARAMS,
): ClusterUpdate {
  const byId = new Map<string, Article>();
  for (const a of articles) byId.set(a.id, a);
  const run = new Run(index, params, new Set(byId.keys()));
  const batch = [...byId.values()].map((article) => ({ t: Date.parse(article.published) || 0, article })).sort(processingOrder);
  // In order, a chunk at a time: the chunk's new articles count into the document frequencies first, so all of a
  // chunk is weighed alike whatever its internal order; then each is placed. Chunks bound the memory a large batch
  // needs (only compact features outlive a chunk); a cron run's batch is usually one chunk.
  const df = () => run.vocab.df;
  for (let start = 0; start < batch.length; start += CHUNK) {
    const chunk = batch.slice(start, start + CHUNK).map(({ article }) => ({ article, terms: run.reader.read(article) }));
    for (const { article, terms } of chunk) {
      if (run.known.has(article.id)) continue;
      run.docs++;
      const counts = df();
      for (let i = 0; i < terms.ids.length; i++) counts[terms.ids[i]]++;
    }
    for (const { article, terms } of chunk) {
      if (run.known.has(article.id)) run.refresh(article, terms);
      else run.add(article, terms);
    }
    run.reassign();
  }
  run.mergePass();
  run.splitPass();
  run.partPass();
  const update = run.result();
  run.release();
  lastRun.run = run;
  return update;
}
