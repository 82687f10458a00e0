/**
 * Store: the whole KV key schema, in one place (exported so tests seed KV through it).
 *
 * Writes are what the Free plan rations (1,000 a day, 1 a second per key), so articles are stored in
 * buckets by their UTC publication day: a batch of new articles costs one write per day it touches
 * plus the manifest, not one write per article.
 */
export const KEYS = {
  /** ArticleManifest: every stored article's id → day bucket and content hash; the bundle's hash. */
  manifest: 'articles:manifest',
  /** Article[] published on one UTC day (YYYY-MM-DD). */
  articleDay: (day: string) => `articles:day:${day}`,
  /** StoredClusterState: the clustering's index plus the content hash of each article it has seen. */
  cluster: 'cluster:index',
  /** StoryArchive: every story ever built (for permalinks of stories no longer in the edition) and redirects. */
  stories: 'stories:archive',
  /** StoredEdition: the current edition, rendered in every format (the serving path reads only this). */
  edition: 'edition:current',
  /** RunStatus: the last pipeline run and its outcome, per-source and per-target health. */
  lastRun: 'run:last',
  /** DeliveryLedger: per webhook target, which stories (and which of their articles) were posted. */
  delivery: 'deliver:ledger',
} as const;

/** The UTC day bucket an RFC 3339 time falls in. */
export function dayOf(time: string): string {
  return new Date(time).toISOString().slice(0, 10);
}
