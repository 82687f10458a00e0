/**
 * Ingest stage (pure): decides, for a batch of valid inputs, which articles are created, updated or
 * unchanged against what is stored (SPEC: the URL is the identity; same URL never makes a second article).
 */
import type { Article, ArticleInput } from '../model';
import type { ArticleManifest } from '../store/kv-store';
import { normalizeArticle } from './validate-article';

export type UpsertResult = 'created' | 'updated' | 'unchanged';

export interface UpsertPlan {
  /** Articles to write (created or updated), one per URL. */
  articles: Article[];
  /** One result per input, in input order. */
  results: { url: string; id: string; result: UpsertResult }[];
}

export function planUpsert(inputs: ArticleInput[], manifest: ArticleManifest, now: Date): UpsertPlan {
  const results: UpsertPlan['results'] = [];
  const writes = new Map<string, Article>();
  const known = new Map<string, string>(); // id → content hash, as of this point in the batch
  for (const input of inputs) {
    const draft = normalizeArticle(input, now);
    const stored = manifest.articles[draft.id];
    // Keep the first-received time across updates, so an undated article keeps its date.
    const article = stored ? normalizeArticle(input, now, stored[2]) : draft;
    const before = known.get(article.id) ?? stored?.[1];
    let result: UpsertResult;
    if (before === undefined) result = 'created';
    else if (before === article.content_hash) result = 'unchanged';
    else result = 'updated';
    // A URL repeated within the batch: the later copy replaces the earlier one (one article per URL).
    if (result !== 'unchanged') writes.set(article.id, article);
    known.set(article.id, article.content_hash);
    results.push({ url: article.url, id: article.id, result });
  }
  return { articles: [...writes.values()], results };
}
