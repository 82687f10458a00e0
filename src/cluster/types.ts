/**
 * Cluster stage (pure): the state the clustering keeps between runs.
 * The index is JSON-able and stored in KV as one value, so a run adds new articles to it
 * instead of re-clustering history.
 */

/** One story's membership as the clustering sees it. */
export interface ClusterStory {
  /** Fixed at creation (hash of the founding article's id); never changes. */
  id: string;
  /** Member article ids, in the order they joined. */
  members: string[];
  /** article id → id of the member article it copies/rewrites. */
  copy_of: Record<string, string>;
  /** article id → why it joined (shared names, places, numbers, similarity). */
  why: Record<string, string>;
}

export interface ClusterIndex {
  /** Bumped when the engine's stored shape changes; an index of another version is rebuilt. */
  version: number;
  stories: ClusterStory[];
  /** Ids of stories that were merged into another → the survivor's id (old permalinks keep working). */
  redirects: Record<string, string>;
  /** Engine-specific per-article / per-story features, kept so later runs need not re-read old articles. */
  features?: unknown;
}

export interface ClusterUpdate {
  index: ClusterIndex;
  /** Ids of stories created or changed by this update (survivors of merges included). */
  touched: string[];
}
