/**
 * The data that flows between the pipeline's stages (SPEC "Article", "Story", "edition").
 * Plain JSON-able types only: KV stores exactly these, and every stage boundary can be a golden file.
 */

/** An article as stored: validated, normalised, with a stable id derived from its URL. */
export interface Article {
  /** Hash of `url` (the article's identity, SPEC). */
  id: string;
  url: string;
  source: string;
  title: string;
  /** Plain-text body (HTML bodies are reduced to text at ingest). */
  text: string;
  /** RFC 3339. When the input had none, the time received (and `published_inferred` is true). */
  published: string;
  published_inferred?: boolean;
  /** RFC 3339: when mergewire first stored this article. */
  received: string;
  author?: string;
  language?: string;
  source_url?: string;
  /** Hash of the fields above that a publisher can change: decides `updated` vs `unchanged`. */
  content_hash: string;
}

/** One sentence of a merged summary and the articles that report it. */
export interface SummarySentence {
  text: string;
  /** Article ids (members of the story) that report this sentence. */
  article_ids: string[];
}

/** A key fact: one thing measured, and each value with the articles that give it. */
export interface KeyFact {
  /** What the values measure, e.g. "killed", "date", "person". */
  label: string;
  values: {
    value: string;
    article_ids: string[];
    /** The words around the value as the first source wrote them, e.g. "around 2,500 prisoners". */
    phrase?: string;
  }[];
  /** True when sources give values that disagree in substance. */
  disagreement: boolean;
  /** What sort of fact: a count or measure, a calendar date, a time of day, or named people/places/groups. */
  kind?: 'number' | 'date' | 'time' | 'name';
}

/** An article as listed in a story. */
export interface StorySource {
  article_id: string;
  source: string;
  url: string;
  title: string;
  published: string;
  /** URL of the member article this one copies or closely rewrites; absent for an independent report. */
  copy_of?: string;
  /** Why the clustering put this article in the story (shared names, places, numbers, similarity). */
  why?: string;
}

/** One real-world event as reported by one or more articles (SPEC "Story"). */
export interface Story {
  /** Fixed when the story is created; never changes as it grows. */
  id: string;
  headline: string;
  summary: SummarySentence[];
  sources: StorySource[];
  facts: KeyFact[];
  /** Notable details only one outlet reports. */
  single_source: SummarySentence[];
  /** Number of outlets (distinct `source` names). */
  outlet_count: number;
  /** Number of independent reports (articles that are not copies). */
  independent_count: number;
  /** RFC 3339: the earliest member article's published time. */
  first_published: string;
  /**
   * RFC 3339: when the story last changed as readers see it — the newest member's published time, or, when an
   * article joined later and changed the story, the time it was received (a late report of an old event still moves
   * it, so feed readers see the update). The edition window goes by `newestArticleTime`, not by this.
   */
  updated: string;
  /** Language of the story (BCP 47), from its articles; "en" when none say. */
  language: string;
  /** What changed since the story's previous version (e.g. "Reuters joined"); empty for a new story. */
  changes: string[];
  /** A content hash of the story's merged content: it moves exactly when a reader would see a change. */
  version: string;
}

/** The set of stories in the current digest window, newest first, plus what the renderers need. */
export interface Edition {
  /** RFC 3339: the newest `updated` among the edition's stories (or `now` for an empty store). */
  updated: string;
  /** RFC 3339: when this edition was built. */
  built: string;
  window_hours: number | null;
  stories: Story[];
  article_count: number;
  story_count: number;
}

/** The site's identity, from config, as the renderers need it. */
export interface Site {
  url: string;
  title: string;
  description: string;
  language: string;
}

/** An article as it arrives (file front matter, POST body, or a polled feed item) — SPEC "Article" fields. */
export interface ArticleInput {
  url: string;
  source: string;
  title: string;
  text?: string;
  html?: string;
  published?: string;
  author?: string;
  language?: string;
  source_url?: string;
}

/** Milliseconds of an RFC 3339 time (0 when it is not one), so times with different offsets compare correctly. */
export function instantOf(time: string): number {
  const ms = Date.parse(time);
  return Number.isNaN(ms) ? 0 : ms;
}

/** The newest member article's published time, in ms: what the SPEC's edition window and order go by. */
export function newestArticleTime(story: Pick<Story, 'sources' | 'updated'>): number {
  let newest = 0;
  for (const s of story.sources) newest = Math.max(newest, instantOf(s.published));
  return newest || instantOf(story.updated);
}
