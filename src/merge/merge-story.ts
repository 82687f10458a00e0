/**
 * Merge stage (pure): one story from the articles clustering put together — headline, attributed extractive
 * summary, key facts with disagreements, single-source details, sources, counts, times and what changed.
 * No I/O, no clock, no randomness: the same input gives the same story, byte for byte. See docs/merging.md.
 */
import { hashJson } from '../core/hash';
import { instantOf, type Article, type Story, type StorySource, type SummarySentence } from '../model';
import { buildPool } from './align';
import { describeChanges } from './changes';
import { extractFacts } from './facts';
import { chooseHeadline } from './headline';
import { scoreSentences, selectSingleSource, selectSummary, toSummarySentence } from './summary';
import { sentenceTerms } from './terms';

export interface MergeInput {
  /** Story id, fixed by clustering. */
  id: string;
  /** Member articles (any order). */
  articles: Article[];
  /** Article id → id of the member it copies or rewrites (from clustering). */
  copy_of: Record<string, string>;
  /** Article id → why it joined (from clustering). */
  why: Record<string, string>;
  /** The story's previous version, for `changes`. */
  previous?: Story;
}

const instant = instantOf;
const byPublished = (a: Article, b: Article) => instant(a.published) - instant(b.published) || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0);

/** The independent report each article belongs to: itself, or (through chains) the member it copies. */
function reportRoots(articles: readonly Article[], copyOf: Record<string, string>): Map<string, string> {
  const members = new Set(articles.map((a) => a.id));
  const roots = new Map<string, string>();
  for (const a of articles) {
    let id = a.id;
    const seen = new Set<string>([id]);
    while (copyOf[id] && members.has(copyOf[id]) && !seen.has(copyOf[id])) {
      id = copyOf[id];
      seen.add(id);
    }
    roots.set(a.id, id);
  }
  return roots;
}

/** The most common language of the articles ("en" when none say); ties go to the alphabetically first. */
function storyLanguage(articles: readonly Article[]): string {
  const counts = new Map<string, number>();
  for (const a of articles) if (a.language) counts.set(a.language, (counts.get(a.language) ?? 0) + 1);
  const best = [...counts].sort((x, y) => y[1] - x[1] || (x[0] < y[0] ? -1 : 1))[0];
  return best ? best[0] : 'en';
}

/**
 * `updated`: the newest member article's published time, never earlier than the previous version's. It is an
 * article time, not a clock time, because SPEC defines the edition window by article times: counting when a
 * late report *arrived* would lift a backfilled old story over every current one. A late joiner still shows:
 * the story's `version` and `changes` move, and the feeds carry them.
 */
function updatedTime(articles: readonly Article[], previous: Story | undefined, changed: boolean): string {
  let updated = articles[0].published;
  for (const a of articles) if (instant(a.published) > instant(updated)) updated = a.published;
  if (!previous) return updated;
  if (instant(previous.updated) > instant(updated)) updated = previous.updated;
  if (!changed) return updated;
  // A change readers see: it happened when its articles were received, even a late report of an old event.
  const before = new Set(previous.sources.map((s) => s.article_id));
  for (const a of articles) if (!before.has(a.id) && instant(a.received) > instant(updated)) updated = a.received;
  return updated;
}

/** Merge a story's member articles into the story readers see. */
export function mergeStory(input: MergeInput): Story {
  const articles = [...input.articles].sort(byPublished);
  if (articles.length === 0) throw new Error(`story ${input.id} has no articles`);
  const ids = articles.map((a) => a.id);
  const urlOf = new Map(articles.map((a) => [a.id, a.url]));
  const roots = reportRoots(articles, input.copy_of);
  const root = (id: string) => roots.get(id) ?? id;
  const rootIndex = ids.map((id) => ids.indexOf(root(id)));
  const copies = new Set(ids.flatMap((id, i) => (root(id) !== id ? [i] : [])));
  const reports = new Set(rootIndex).size;

  const pool = buildPool(articles);
  const scored = scoreSentences(pool, rootIndex, copies);
  const chosen = selectSummary(pool, scored, reports, rootIndex, copies);
  let summary: SummarySentence[] = chosen.map((s) => toSummarySentence(s, ids));
  const single_source = selectSingleSource(pool, scored, chosen, articles.map((a) => a.source), rootIndex).map((s) => toSummarySentence(s, ids));

  // Term → how many independent reports use it (title and body), for choosing the headline.
  const reportsUsing = new Map<string, Set<string>>();
  articles.forEach((a, i) => {
    const terms = new Set<string>([...sentenceTerms(a.title).keys()]);
    for (const s of pool.byArticle[i]) for (const t of s.terms.keys()) terms.add(t);
    for (const t of terms) reportsUsing.set(t, (reportsUsing.get(t) ?? new Set()).add(root(a.id)));
  });
  const headline = chooseHeadline(articles, (a) => root(a.id) !== a.id, new Map([...reportsUsing].map(([t, s]) => [t, s.size])), reports);
  if (summary.length === 0) {
    // Nothing but furniture in the bodies: the titles are all the outlets wrote.
    summary = [{ text: headline, article_ids: ids.filter((id, i) => articles[i].title.trim() === headline) }];
  }

  // Listed by time, each copy right after the report it copies (a rewrite is never listed before its original,
  // which a day-only date, read as midnight, would otherwise do).
  const listed = articles
    .filter((a) => root(a.id) === a.id)
    .flatMap((r) => [r, ...articles.filter((a) => a.id !== r.id && root(a.id) === r.id)]);
  const sources: StorySource[] = listed.map((a) => {
    const copied = root(a.id) !== a.id ? (input.copy_of[a.id] ?? root(a.id)) : undefined;
    return {
      article_id: a.id,
      source: a.source,
      url: a.url,
      title: a.title,
      published: a.published,
      ...(copied && urlOf.has(copied) ? { copy_of: urlOf.get(copied)! } : {}),
      ...(input.why[a.id] ? { why: input.why[a.id] } : {}),
    };
  });
  const first_published = articles[0].published;
  const facts = extractFacts(pool, ids, root, Number(first_published.slice(0, 4)) || 0);
  const story: Omit<Story, 'changes' | 'version' | 'updated'> = {
    id: input.id,
    headline,
    summary,
    sources,
    facts,
    single_source,
    outlet_count: new Set(articles.map((a) => a.source)).size,
    independent_count: articles.filter((a) => root(a.id) === a.id).length,
    first_published,
    language: storyLanguage(articles),
  };
  const version = hashJson({ headline, summary, sources, facts, single_source });
  const changed = input.previous !== undefined && input.previous.version !== version;
  const updated = updatedTime(articles, input.previous, changed);
  const changes = input.previous && !changed ? input.previous.changes : describeChanges(input.previous, { ...story, updated });
  const { language, ...fields } = story;
  return { ...fields, updated, language, changes, version };
}
