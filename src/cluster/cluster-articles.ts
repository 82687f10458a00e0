/**
 * Cluster stage (pure): groups articles that report the same real-world event into stories, incrementally.
 *
 * Online centroid clustering with candidate generation: each new article (in a fixed order: published time, then
 * id) is compared only with the stories that share one of its most distinctive terms (an inverted index over the
 * stories' heaviest centroid terms), joins the most similar one if the similarity reaches a threshold, or opens a new
 * story. After a batch, stories it touched are compared with their own candidates and merged when their centroids
 * agree (the older story survives; the other's id becomes a redirect). History is never re-clustered: the index keeps
 * per-story centroids and per-article copy signatures, so a run reads only its new articles.
 * How it works, the signals and the figures: docs/clustering.md.
 */
import { hashString } from '../core/hash';
import type { Article } from '../model';
import { readArticle, resemblance, TermKind, type ArticleTerms } from './features';
import {
  articleVector,
  dayGap,
  DEFAULT_PARAMS,
  withDates,
  type EngineParams,
  type SparseVector,
} from './scoring';
import type { ClusterIndex, ClusterStory, ClusterUpdate } from './types';

/** Shape version of the stored index; an index of another version is rebuilt by the caller. */
export const CLUSTER_INDEX_VERSION = 1;

/** A story's compact features: centroid (heaviest terms first), member count, date span, creation rank. */
export interface StoryFeatures {
  /** Centroid terms, heaviest first, and their weights (sum of the members' unit vectors). */
  t: string[];
  w: number[];
  /** Members counted into the centroid. */
  n: number;
  /** First and last day (days since 1970-01-01) of the dated members. */
  d?: [number, number];
  /** Creation rank: the lower, the older (the survivor of a merge). */
  o: number;
}

/** An article's compact features. */
export interface ArticleFeatures {
  /** Story id. */
  s: string;
  /** Publication time in ms, absent when the date is unknown. */
  t?: number;
  /** Copy signature. */
  h: string;
  /** Distinct names and numbers it gives. */
  x: number;
}

/** What `ClusterIndex.features` holds for this engine. */
export interface EngineFeatures {
  /** Articles counted into `df`. */
  docs: number;
  /** Document frequency of every term seen. */
  df: Record<string, number>;
  /** Stories created so far (next creation rank). */
  seq: number;
  stories: Record<string, StoryFeatures>;
  articles: Record<string, ArticleFeatures>;
}

/** An index with no stories. */
export function emptyClusterIndex(): ClusterIndex {
  const features: EngineFeatures = { docs: 0, df: {}, seq: 0, stories: {}, articles: {} };
  return { version: CLUSTER_INDEX_VERSION, stories: [], redirects: {}, features };
}

/** Batch convenience: every article clustered into a fresh index. */
export function clusterArticles(articles: Article[], params: EngineParams = DEFAULT_PARAMS): ClusterIndex {
  return addArticles(emptyClusterIndex(), articles, params).index;
}

const DAY_MS = 86_400_000;
/** Articles read and weighed together (see `addArticles`). */
const CHUNK = 1000;

function own<T>(record: Record<string, T>, key: string): T | undefined {
  return Object.hasOwn(record, key) ? record[key] : undefined;
}

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
function processingOrder(a: Article, b: Article): number {
  const ta = Date.parse(a.published) || 0;
  const tb = Date.parse(b.published) || 0;
  return ta - tb || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0);
}

/** The mutable working copy of one run; the input index is never written to. */
class Run {
  readonly df: Map<string, number>;
  docs: number;
  seq: number;
  readonly storyFeatures: Record<string, StoryFeatures>;
  readonly articleFeatures: Record<string, ArticleFeatures>;
  readonly stories = new Map<string, ClusterStory>();
  readonly order: string[];
  readonly redirects: Record<string, string>;
  readonly touched = new Set<string>();
  private readonly copied = new Set<string>();
  /** term → stories listing it among their heaviest terms (may be stale; candidates are re-checked). */
  private readonly postings = new Map<string, Set<string>>();
  private readonly centroids = new Map<string, Map<string, number>>();

  constructor(index: ClusterIndex, readonly p: EngineParams) {
    const f = (index.features as EngineFeatures | undefined) ?? (emptyClusterIndex().features as EngineFeatures);
    this.df = new Map(Object.entries(f.df));
    this.docs = f.docs;
    this.seq = f.seq;
    this.storyFeatures = { ...f.stories };
    this.articleFeatures = { ...f.articles };
    this.redirects = { ...index.redirects };
    this.order = index.stories.map((s) => s.id);
    for (const s of index.stories) {
      this.stories.set(s.id, s);
      const sf = own(this.storyFeatures, s.id);
      if (sf) this.post(s.id, sf);
    }
  }

  dfOf = (term: string): number => this.df.get(term) ?? 0;

  private post(id: string, sf: StoryFeatures): void {
    const n = Math.min(sf.t.length, this.p.queryTerms * 2);
    for (let i = 0; i < n; i++) {
      let set = this.postings.get(sf.t[i]);
      if (!set) this.postings.set(sf.t[i], (set = new Set()));
      set.add(id);
    }
  }

  private centroid(id: string): Map<string, number> {
    let c = this.centroids.get(id);
    if (!c) {
      const sf = this.storyFeatures[id];
      c = new Map();
      for (let i = 0; i < sf.t.length; i++) c.set(sf.t[i], sf.w[i]);
      this.centroids.set(id, c);
    }
    return c;
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

  /** Stories sharing heavy terms with the vector, best pre-score first. */
  candidates(v: SparseVector, exclude?: string): string[] {
    const pre = new Map<string, number>();
    const n = Math.min(v.terms.length, this.p.queryTerms);
    for (let i = 0; i < n; i++) {
      const set = this.postings.get(v.terms[i]);
      // A term listed by very many stories tells none of them apart: it finds no candidates.
      if (!set || set.size > this.p.maxPostings) continue;
      for (const id of set) {
        if (id === exclude || !this.stories.has(id)) continue;
        pre.set(id, (pre.get(id) ?? 0) + v.weights[i]);
      }
    }
    return [...pre.entries()]
      .sort((a, b) => b[1] - a[1] || (a[0] < b[0] ? -1 : 1))
      .slice(0, this.p.candidates)
      .map((e) => e[0]);
  }

  similarity(v: SparseVector, day: number | null, id: string): number {
    const sf = this.storyFeatures[id];
    const c = this.centroid(id);
    let dot = 0;
    for (let i = 0; i < v.terms.length; i++) dot += v.weights[i] * (c.get(v.terms[i]) ?? 0);
    let sim = dot / sf.n;
    if (!this.p.averageLink) {
      let norm = 0;
      for (const w of sf.w) norm += w * w;
      sim = dot / (Math.sqrt(norm) || 1);
    }
    return withDates(sim, dayGap(day, sf.d), this.p);
  }

  /** Add one new article: join the most similar story or open one. */
  add(article: Article, terms: ArticleTerms): void {
    const v = articleVector(terms, this.dfOf, this.docs, this.p);
    let best: string | null = null;
    let bestSim = -1;
    for (const id of this.candidates(v)) {
      const sim = this.similarity(v, terms.day, id);
      if (sim > bestSim || (sim === bestSim && this.storyFeatures[id].o < this.storyFeatures[best!].o)) {
        best = id;
        bestSim = sim;
      }
    }
    const time = knownTime(article);
    const af: ArticleFeatures = { s: '', h: terms.signature, x: terms.detail };
    if (time !== null) af.t = time;
    if (best !== null && bestSim >= this.p.joinThreshold) {
      const why = explain(v, terms, this.centroid(best), bestSim, dayGap(terms.day, this.storyFeatures[best].d));
      this.join(best, article.id, af, v, terms.day, why);
    } else {
      this.open(article.id, af, v, terms.day);
    }
  }

  private open(articleId: string, af: ArticleFeatures, v: SparseVector, day: number | null): void {
    const id = hashString('story:' + articleId);
    const sf: StoryFeatures = { t: v.terms, w: v.weights.map(round), n: 1, o: this.seq++ };
    if (day !== null) sf.d = [day, day];
    this.storyFeatures[id] = sf;
    this.stories.set(id, { id, members: [articleId], copy_of: {}, why: { [articleId]: 'first report' } });
    this.copied.add(id);
    this.order.push(id);
    this.articleFeatures[articleId] = { ...af, s: id };
    this.post(id, sf);
    this.touched.add(id);
  }

  private join(id: string, articleId: string, af: ArticleFeatures, v: SparseVector, day: number | null, why: string) {
    const story = this.writable(id);
    const c = new Map(this.centroid(id));
    for (let i = 0; i < v.terms.length; i++) c.set(v.terms[i], (c.get(v.terms[i]) ?? 0) + v.weights[i]);
    const old = this.storyFeatures[id];
    this.setCentroid(id, c, old.n + 1, spanWith(old.d, day), old.o);
    // Copy check against the members already in the story.
    let copyOf: string | null = null;
    let bestRes = 0;
    for (const m of story.members) {
      const mf = own(this.articleFeatures, m);
      if (!mf) continue;
      const r = resemblance(af.h, mf.h);
      if (r > bestRes) {
        bestRes = r;
        copyOf = m;
      }
    }
    story.members.push(articleId);
    this.articleFeatures[articleId] = { ...af, s: id };
    story.why[articleId] = why;
    if (copyOf !== null && bestRes >= this.p.copyThreshold) {
      const rewrite = `; rewrite of an earlier member (word overlap ${bestRes.toFixed(2)})`;
      if (isOriginal(this.articleFeatures[copyOf], af)) {
        story.copy_of[articleId] = story.copy_of[copyOf] ?? copyOf;
        story.why[articleId] += rewrite;
      } else {
        // The newcomer is the original: the member and whatever copied it now point to it.
        for (const [a, o] of Object.entries(story.copy_of)) if (o === copyOf) story.copy_of[a] = articleId;
        const root = story.copy_of[copyOf];
        if (root === undefined) story.copy_of[copyOf] = articleId;
        else story.copy_of[articleId] = root;
      }
    }
    this.touched.add(id);
  }

  private setCentroid(id: string, c: Map<string, number>, n: number, d: [number, number] | undefined, o: number) {
    const entries = [...c.entries()].sort((a, b) => b[1] - a[1] || (a[0] < b[0] ? -1 : 1));
    entries.length = Math.min(entries.length, this.p.storyTerms);
    const sf: StoryFeatures = { t: entries.map((e) => e[0]), w: entries.map((e) => round(e[1])), n, o };
    if (d) sf.d = d;
    this.storyFeatures[id] = sf;
    this.centroids.delete(id);
    this.post(id, sf);
  }

  /** Merge touched stories into older ones whose centroids agree, until none do. */
  mergePass(): void {
    const queue = [...this.touched].sort((a, b) => this.storyFeatures[a].o - this.storyFeatures[b].o);
    for (let q = 0; q < queue.length; q++) {
      const id = queue[q];
      if (!this.stories.has(id)) continue;
      const sf = this.storyFeatures[id];
      const v = unit(sf);
      let best: string | null = null;
      let bestSim = -1;
      for (const other of this.candidates(v, id)) {
        const of = this.storyFeatures[other];
        const link = this.p.averageLink ? averageLink(sf, this.centroid(other), of) : cosineCentroids(v, this.centroid(other), of);
        const sim = withDates(link, spanGap(sf.d, of.d), this.p);
        if (sim > bestSim || (sim === bestSim && of.o < this.storyFeatures[best!].o)) {
          best = other;
          bestSim = sim;
        }
      }
      if (best === null || bestSim < this.p.mergeThreshold) continue;
      const [survivor, gone] = this.storyFeatures[best].o < sf.o ? [best, id] : [id, best];
      this.merge(survivor, gone, bestSim);
      queue.push(survivor);
    }
  }

  private merge(survivorId: string, goneId: string, sim: number): void {
    const survivor = this.writable(survivorId);
    const gone = this.stories.get(goneId)!;
    const a = this.storyFeatures[survivorId];
    const b = this.storyFeatures[goneId];
    const c = new Map(this.centroid(survivorId));
    for (const [t, w] of this.centroid(goneId)) c.set(t, (c.get(t) ?? 0) + w);
    this.setCentroid(survivorId, c, a.n + b.n, spanUnion(a.d, b.d), a.o);
    for (const m of gone.members) {
      survivor.members.push(m);
      survivor.why[m] = gone.why[m] ?? '';
      const mf = own(this.articleFeatures, m);
      if (mf) this.articleFeatures[m] = { ...mf, s: survivorId };
    }
    survivor.why[gone.members[0]] += `; its story merged into this one (similarity ${sim.toFixed(2)})`;
    Object.assign(survivor.copy_of, gone.copy_of);
    this.stories.delete(goneId);
    delete this.storyFeatures[goneId];
    this.centroids.delete(goneId);
    this.touched.delete(goneId);
    this.touched.add(survivorId);
    this.redirects[goneId] = survivorId;
  }

  /** An article already in the index (updated by its publisher): it stays in its story; its features refresh. */
  refresh(article: Article, terms: ArticleTerms): void {
    const prev = this.articleFeatures[article.id];
    const af: ArticleFeatures = { s: prev.s, h: terms.signature, x: terms.detail };
    const time = knownTime(article);
    if (time !== null) af.t = time;
    this.articleFeatures[article.id] = af;
    if (this.stories.has(prev.s)) this.touched.add(prev.s);
  }

  result(): ClusterUpdate {
    // Redirects point straight at a living story, even after a chain of merges.
    for (const from of Object.keys(this.redirects)) {
      let to = this.redirects[from];
      for (let hops = 0; !this.stories.has(to) && Object.hasOwn(this.redirects, to) && hops < 1000; hops++) {
        to = this.redirects[to];
      }
      this.redirects[from] = to;
    }
    const stories: ClusterStory[] = [];
    for (const id of this.order) {
      const s = this.stories.get(id);
      if (s) stories.push(s);
    }
    const features: EngineFeatures = {
      docs: this.docs,
      df: Object.fromEntries(this.df),
      seq: this.seq,
      stories: this.storyFeatures,
      articles: this.articleFeatures,
    };
    const touched = stories.filter((s) => this.touched.has(s.id)).map((s) => s.id);
    return {
      index: { version: CLUSTER_INDEX_VERSION, stories, redirects: this.redirects, features },
      touched,
    };
  }
}

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

/** A story's centroid as a unit vector. */
function unit(sf: StoryFeatures): SparseVector {
  let n = 0;
  for (const w of sf.w) n += w * w;
  n = Math.sqrt(n) || 1;
  return { terms: sf.t, weights: sf.w.map((w) => w / n) };
}

function cosineCentroids(v: SparseVector, c: Map<string, number>, cf: StoryFeatures): number {
  let n = 0;
  for (const w of cf.w) n += w * w;
  let dot = 0;
  for (let i = 0; i < v.terms.length; i++) dot += v.weights[i] * (c.get(v.terms[i]) ?? 0);
  return dot / (Math.sqrt(n) || 1);
}

/** Mean similarity between the members of two stories: dot product of their centroid sums over nA·nB. */
function averageLink(a: StoryFeatures, c: Map<string, number>, b: StoryFeatures): number {
  let dot = 0;
  for (let i = 0; i < a.t.length; i++) dot += a.w[i] * (c.get(a.t[i]) ?? 0);
  return dot / (a.n * b.n);
}

/**
 * Which of a copy pair is the original: the earlier one when their times tell them apart. A time at exactly midnight
 * UTC is read as a date without a time of day: it ties with any time that day, and then the article with an exact
 * time counts as earlier (publishing systems stamp exact times; day-only stamps come from archive URLs, typical of
 * re-publishers). Still tied: the one giving more names and numbers (a rewrite drops details), then the one that was
 * in the story first.
 */
function isOriginal(member: ArticleFeatures, newcomer: ArticleFeatures): boolean {
  const a = member.t;
  const b = newcomer.t;
  if (a !== undefined && b !== undefined) {
    const aDay = a % DAY_MS === 0;
    const bDay = b % DAY_MS === 0;
    if (!aDay && !bDay && a !== b) return a < b;
    if (Math.floor(a / DAY_MS) !== Math.floor(b / DAY_MS)) return a < b;
    if (aDay !== bDay) return bDay;
  } else if (a !== undefined || b !== undefined) {
    return a !== undefined;
  }
  if (member.x !== newcomer.x) return member.x > newcomer.x;
  return true;
}

/** Why an article joined a story: the names and numbers it shares with the story, the similarity, the date gap. */
function explain(
  v: SparseVector,
  terms: ArticleTerms,
  centroid: Map<string, number>,
  similarity: number,
  gap: number | null,
): string {
  const shared: { term: string; kind: TermKind; score: number }[] = [];
  for (let i = 0; i < v.terms.length; i++) {
    const w = centroid.get(v.terms[i]);
    if (w === undefined) continue;
    shared.push({ term: v.terms[i], kind: terms.kind.get(v.terms[i]) ?? TermKind.Word, score: w * v.weights[i] });
  }
  shared.sort((a, b) => b.score - a.score || (a.term < b.term ? -1 : 1));
  const pick = (k: TermKind, n: number) => {
    const out: string[] = [];
    for (const s of shared) {
      if (s.kind !== k) continue;
      const label = terms.display.get(s.term) ?? s.term;
      if (!out.includes(label)) out.push(label);
      if (out.length === n) break;
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
  if (gap !== null) parts.push(gap === 0 ? 'same dates' : `${gap} day${gap === 1 ? '' : 's'} from the story's dates`);
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
  const run = new Run(index, params);
  const byId = new Map<string, Article>();
  for (const a of articles) byId.set(a.id, a);
  const batch = [...byId.values()].sort(processingOrder);
  // In order, a chunk at a time: the chunk's new articles count into the document frequencies first, so all of a
  // chunk is weighed alike whatever its internal order; then each is placed. Chunks bound the memory a large batch
  // needs (only compact features outlive a chunk); a cron run's batch is usually one chunk.
  for (let start = 0; start < batch.length; start += CHUNK) {
    const chunk = batch.slice(start, start + CHUNK).map((article) => ({ article, terms: readArticle(article, params) }));
    for (const { article, terms } of chunk) {
      if (own(run.articleFeatures, article.id)) continue;
      run.docs++;
      for (const t of terms.tf.keys()) run.df.set(t, (run.df.get(t) ?? 0) + 1);
    }
    for (const { article, terms } of chunk) {
      if (own(run.articleFeatures, article.id)) run.refresh(article, terms);
      else run.add(article, terms);
    }
  }
  run.mergePass();
  return run.result();
}
