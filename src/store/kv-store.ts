/**
 * Store (edge): typed reads and writes of the pipeline's data in Workers KV, under the schema in keys.ts.
 * Values are exactly the stage types, as JSON. Every write goes through `put`, which counts writes so a
 * run can report what it cost against the Free plan's budget.
 */
import type { Article, Story } from '../model';
import type { ClusterIndex } from '../cluster/types';
import { KEYS, dayOf } from './keys';

export interface ArticleManifest {
  /** article id → [day bucket, content hash, received time]. */
  articles: Record<string, [day: string, hash: string, received: string]>;
  /** Hash of the bundled articles/ last ingested (so a new deploy's files are picked up once). */
  bundle_hash?: string;
}

export interface StoredClusterState {
  index: ClusterIndex;
  /** article id → content hash as last clustered/merged. */
  seen: Record<string, string>;
}

export interface StoryArchive {
  stories: Record<string, Story>;
  redirects: Record<string, string>;
}

/** One rendered output: its body, media type and validators. */
export interface RenderedOutput {
  body: string;
  type: string;
  etag: string;
}

export interface StoredEdition {
  /** RFC 3339: Last-Modified of every output. */
  updated: string;
  built: string;
  bundle_hash: string;
  outputs: Record<string, RenderedOutput>;
  /** The edition's stories, for story pages without a second read. */
  stories: Story[];
}

export class KvStore {
  writes = 0;
  constructor(private readonly kv: KVNamespace) {}

  private async getJson<T>(key: string): Promise<T | null> {
    return (await this.kv.get<T>(key, 'json')) ?? null;
  }

  private async put(key: string, value: unknown): Promise<void> {
    this.writes++;
    await this.kv.put(key, JSON.stringify(value));
  }

  getManifest(): Promise<ArticleManifest | null> {
    return this.getJson<ArticleManifest>(KEYS.manifest);
  }
  putManifest(m: ArticleManifest): Promise<void> {
    return this.put(KEYS.manifest, m);
  }

  async getArticleDay(day: string): Promise<Article[]> {
    return (await this.getJson<Article[]>(KEYS.articleDay(day))) ?? [];
  }
  putArticleDay(day: string, articles: Article[]): Promise<void> {
    return this.put(KEYS.articleDay(day), articles);
  }

  /** Read the articles with these ids (one read per day bucket involved). */
  async getArticles(ids: Iterable<string>, manifest: ArticleManifest): Promise<Map<string, Article>> {
    const wanted = new Set(ids);
    const days = new Set<string>();
    for (const id of wanted) {
      const entry = manifest.articles[id];
      if (entry) days.add(entry[0]);
    }
    const out = new Map<string, Article>();
    const buckets = await Promise.all([...days].sort().map((d) => this.getArticleDay(d)));
    for (const bucket of buckets) for (const a of bucket) if (wanted.has(a.id)) out.set(a.id, a);
    return out;
  }

  /**
   * Upsert articles: read each touched day bucket once, replace or add, write it once; then the manifest.
   * An article whose publication day changed is removed from its old bucket.
   */
  async putArticles(articles: Article[], manifest: ArticleManifest): Promise<ArticleManifest> {
    if (articles.length === 0) return manifest;
    const next: ArticleManifest = { ...manifest, articles: { ...manifest.articles } };
    const byDay = new Map<string, Map<string, Article>>();
    const removals = new Map<string, Set<string>>();
    for (const a of articles) {
      const day = dayOf(a.published);
      const old = manifest.articles[a.id];
      if (old && old[0] !== day) (removals.get(old[0]) ?? removals.set(old[0], new Set()).get(old[0])!).add(a.id);
      (byDay.get(day) ?? byDay.set(day, new Map()).get(day)!).set(a.id, a);
      next.articles[a.id] = [day, a.content_hash, a.received];
    }
    const days = [...new Set([...byDay.keys(), ...removals.keys()])].sort();
    for (const day of days) {
      const existing = await this.getArticleDay(day);
      const gone = removals.get(day) ?? new Set<string>();
      const adds = byDay.get(day) ?? new Map<string, Article>();
      const merged = existing.filter((a) => !gone.has(a.id) && !adds.has(a.id)).concat([...adds.values()]);
      merged.sort((a, b) => (a.published < b.published ? -1 : a.published > b.published ? 1 : a.id < b.id ? -1 : 1));
      await this.putArticleDay(day, merged);
    }
    await this.putManifest(next);
    return next;
  }

  getClusterState(): Promise<StoredClusterState | null> {
    return this.getJson<StoredClusterState>(KEYS.cluster);
  }
  putClusterState(s: StoredClusterState): Promise<void> {
    return this.put(KEYS.cluster, s);
  }

  getStoryArchive(): Promise<StoryArchive | null> {
    return this.getJson<StoryArchive>(KEYS.stories);
  }
  putStoryArchive(a: StoryArchive): Promise<void> {
    return this.put(KEYS.stories, a);
  }

  getEdition(): Promise<StoredEdition | null> {
    return this.getJson<StoredEdition>(KEYS.edition);
  }
  putEdition(e: StoredEdition): Promise<void> {
    return this.put(KEYS.edition, e);
  }

  getJsonValue<T>(key: string): Promise<T | null> {
    return this.getJson<T>(key);
  }
  putJsonValue(key: string, value: unknown): Promise<void> {
    return this.put(key, value);
  }
}
