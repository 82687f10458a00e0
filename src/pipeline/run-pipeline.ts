/**
 * Pipeline (edge): the one place that says the order of a run —
 * ingest (bundled files · polled feeds) → store → cluster → merge → render → store the edition.
 * The cron handler, `POST /api/rebuild` and the first request after a deploy all call `runPipeline`.
 * Every stage's failure is caught and reported in the run's outcome; a run always records its status.
 */
import type { Article, ArticleInput, Edition, Story } from '../model';
import type { Config } from '../config';
import { KvStore, type ArticleManifest, type StoredClusterState, type StoryArchive } from '../store/kv-store';
import { KEYS } from '../store/keys';
import { readBundle, type BundleFile } from '../ingest/read-bundle';
import { planUpsert } from '../ingest/plan-upsert';
import { addArticles, emptyClusterIndex, updateArchive } from './stories';
import { renderEdition, selectEdition } from './edition';
import { articleId } from '../ingest/validate-article';
import { deliverStories, type TargetHealth } from '../deliver/deliver-stories';
import { healthFromState, loadPollState, pollSources, recordNewArticles, type PollState, type SourceHealth } from '../ingest/poll-sources';

export type RunTrigger = 'cron' | 'rebuild' | 'first-use';

export interface RunStatus {
  trigger: RunTrigger;
  started: string;
  finished: string;
  ok: boolean;
  /** What went wrong, stage by stage (empty when ok). */
  errors: string[];
  articles: { created: number; updated: number; total: number; bundle_errors: string[] };
  stories: { touched: number; total: number; in_edition: number };
  /** KV writes this run made (the Free plan allows 1,000 a day). */
  kv_writes: number;
  edition_changed: boolean;
  /** Each configured source's health (last attempt, last success, status, items, new articles, error). */
  sources: SourceHealth[];
  config_problems: string[];
  /**
   * The poller's state (ETag / Last-Modified / back-off per feed). It rides in the status key, so a run
   * against unchanged feeds writes exactly one KV key. `/healthz` shows `sources`, not this.
   */
  poll_state?: PollState;
  /** Each webhook target's delivery health (null when no webhook is configured). */
  webhooks: Record<string, TargetHealth> | null;
}

export interface PipelineDeps {
  store: KvStore;
  config: Readonly<Config>;
  now: Date;
  bundle: readonly BundleFile[];
  trigger: RunTrigger;
  /** The network, for polling `config.sources` and posting to webhooks; absent = neither (the first-use build). */
  fetch?: typeof fetch;
  /** A moving clock and a sleep, for webhook retries within the run's time budget. */
  clock?: { now: () => number; sleep: (ms: number) => Promise<void> };
}

/** How long webhook delivery may take in one run (a cron invocation has minutes; leave most to the rest). */
const DELIVERY_BUDGET_MS = 25_000;
/** Posts per target per run: with the feed polls, stays inside the Free plan's 50 subrequests. */
const MAX_POSTS_PER_TARGET = 5;

const SYSTEM_CLOCK = { now: () => Date.now(), sleep: (ms: number) => new Promise<void>((r) => setTimeout(r, ms)) };

/** Cloudflare Free plan: 50 subrequests per invocation; a few are kept for webhook deliveries. */
export const POLL_SUBREQUESTS = 40;
const POLL_TIMEOUT_MS = 10_000;
const POLL_MAX_BYTES = 5 * 1024 * 1024;

const EMPTY_MANIFEST: ArticleManifest = { articles: {} };

export async function runPipeline(d: PipelineDeps): Promise<RunStatus> {
  const { store, config, now } = d;
  const errors: string[] = [];
  const status: RunStatus = {
    trigger: d.trigger,
    started: now.toISOString(),
    finished: now.toISOString(),
    ok: true,
    errors,
    articles: { created: 0, updated: 0, total: 0, bundle_errors: [] },
    stories: { touched: 0, total: 0, in_edition: 0 },
    kv_writes: 0,
    edition_changed: false,
    sources: [],
    config_problems: [...config.problems],
    webhooks: null,
  };
  const writesBefore = store.writes;
  try {
    const { manifest, bundleHash } = await ingest(d, status);
    const archive = await cluster(d, status, manifest);
    const edition = await publish(d, status, archive, bundleHash);
    if (d.fetch && (config.slackWebhookUrl || config.discordWebhookUrl)) {
      try {
        await deliver(d, status, edition.stories);
      } catch (e) {
        errors.push(`deliver: ${(e as Error).message}`);
      }
    }
  } catch (e) {
    errors.push(`pipeline: ${(e as Error).message}`);
  }
  status.ok = errors.length === 0;
  // `started` is the run's logical time (the schedule's); `finished` is when it really ended.
  status.finished = new Date((d.clock ?? SYSTEM_CLOCK).now()).toISOString();
  status.kv_writes = store.writes - writesBefore + 1;
  try {
    await store.putJsonValue(KEYS.lastRun, status);
  } catch (e) {
    status.ok = false;
    errors.push(`status: ${(e as Error).message}`);
  }
  return status;
}

/**
 * 1. Ingest: the bundled files when they changed since last ingested, then the polled feeds; store what is new.
 * Until this run's articles are stored, the status keeps the previous poll state: new validators saved without
 * their articles would make the next run's 304 hide those articles for good.
 */
async function ingest(d: PipelineDeps, status: RunStatus): Promise<{ manifest: ArticleManifest; bundleHash: string }> {
  const { store, config, now } = d;
  let manifest = (await store.getManifest()) ?? EMPTY_MANIFEST;
  const previous = await store.getJsonValue<RunStatus>(KEYS.lastRun);
  let pollState = loadPollState(previous?.poll_state);
  status.poll_state = pollState;
  status.sources = healthFromState(config.sources, pollState);

  const bundle = readBundle(d.bundle);
  status.articles.bundle_errors = bundle.errors;
  const inputs: ArticleInput[] = manifest.bundle_hash === bundle.hash ? [] : [...bundle.inputs];
  let byFeed: Record<string, string[]> = {};
  let health: SourceHealth[] | null = null;
  if (d.fetch && config.sources.length) {
    try {
      const known = manifest;
      const polled = await pollSources(config.sources, pollState, {
        fetch: d.fetch,
        now,
        maxSubrequests: POLL_SUBREQUESTS,
        timeoutMs: POLL_TIMEOUT_MS,
        maxBytes: POLL_MAX_BYTES,
        // Skip fetching full pages for articles already stored.
        knownUrls: (urls) => new Set(urls.filter((u) => known.articles[articleId(u)])),
      });
      inputs.push(...polled.articles);
      pollState = polled.state;
      byFeed = polled.byFeed;
      health = polled.health;
    } catch (e) {
      status.errors.push(`poll: ${(e as Error).message}`);
    }
  }
  const plan = planUpsert(inputs, manifest, now);
  for (const r of plan.results) if (r.result !== 'unchanged') status.articles[r.result]++;
  if (plan.articles.length || manifest.bundle_hash !== bundle.hash) {
    manifest = await store.putArticles(plan.articles, { ...manifest, bundle_hash: bundle.hash });
    if (!plan.articles.length) await store.putManifest(manifest);
  }
  // Stored: now the new poll state may be kept. A URL listed by two feeds counts as new for the first only.
  const created = new Set(plan.results.filter((r) => r.result === 'created').map((r) => r.url));
  for (const [feed, urls] of Object.entries(byFeed)) {
    pollState = recordNewArticles(pollState, feed, urls.filter((u) => created.delete(u)).length);
  }
  status.poll_state = pollState;
  status.sources = health
    ? health.map((h) => ({ ...h, new_articles: pollState.sources[h.feed]?.new_articles ?? h.new_articles }))
    : healthFromState(config.sources, pollState);
  status.articles.total = Object.keys(manifest.articles).length;
  return { manifest, bundleHash: bundle.hash };
}

/**
 * 2–3. Cluster every article not yet seen in its current version (this run's, and any POSTed since), then merge the
 * touched stories from all their members (older members are read from their day buckets).
 */
async function cluster(d: PipelineDeps, status: RunStatus, manifest: ArticleManifest): Promise<StoryArchive> {
  const { store } = d;
  const stored = await store.getClusterState();
  // An index of another engine version is rebuilt from the stored articles (every article is then pending).
  const state: StoredClusterState =
    stored && stored.index.version === emptyClusterIndex().version ? stored : { index: emptyClusterIndex(), seen: {} };
  const archive: StoryArchive = (stored === state ? await store.getStoryArchive() : null) ?? { stories: {}, redirects: {} };
  const pendingIds = Object.entries(manifest.articles)
    .filter(([id, [, hash]]) => state.seen[id] !== hash)
    .map(([id]) => id);
  if (pendingIds.length === 0) return archive;

  const pending = await store.getArticles(pendingIds, manifest);
  const ordered = [...pending.values()].sort((a, b) => (a.published < b.published ? -1 : a.published > b.published ? 1 : a.id < b.id ? -1 : 1));
  const update = addArticles(state.index, ordered);
  status.stories.touched = update.touched.length;
  const clusters = new Map(update.index.stories.map((s) => [s.id, s]));
  const memberIds = new Set<string>();
  for (const id of update.touched) for (const m of clusters.get(id)?.members ?? []) if (!pending.has(m)) memberIds.add(m);
  const members: Map<string, Article> = await store.getArticles(memberIds, manifest);
  for (const [id, a] of pending) members.set(id, a);
  const next = updateArchive(archive, update.index, update.touched, members);
  const seen = { ...state.seen };
  for (const a of ordered) seen[a.id] = a.content_hash;
  await store.putClusterState({ index: update.index, seen });
  await store.putStoryArchive(next);
  return next;
}

/** 4. Choose the edition, render it in every format, and store it when anything a reader sees changed. */
async function publish(d: PipelineDeps, status: RunStatus, archive: StoryArchive, bundleHash: string): Promise<Edition> {
  const { store, config, now } = d;
  const stories = Object.values(archive.stories);
  status.stories.total = stories.length;
  const edition = selectEdition(stories, { windowHours: config.windowHours, maxStories: config.maxStories, now, articleCount: status.articles.total });
  status.stories.in_edition = edition.stories.length;
  const rendered = renderEdition(edition, config.site, bundleHash);
  const current = await store.getEdition();
  const same =
    current !== null &&
    current.bundle_hash === rendered.bundle_hash &&
    Object.keys(rendered.outputs).every((k) => current.outputs[k]?.etag === rendered.outputs[k].etag);
  if (!same) {
    await store.putEdition(rendered);
    status.edition_changed = true;
  }
  return edition;
}

/** 5. Post new stories, and stories that gained a source, to the configured webhooks (ledger in KV). */
async function deliver(d: PipelineDeps, status: RunStatus, stories: Story[]): Promise<void> {
  const { store, config } = d;
  const clock = d.clock ?? SYSTEM_CLOCK;
  const result = await deliverStories({
    stories,
    ledger: await store.getJsonValue(KEYS.delivery),
    targets: { slack: config.slackWebhookUrl, discord: config.discordWebhookUrl },
    site: config.site,
    fetch: d.fetch!,
    now: clock.now,
    deadlineMs: clock.now() + DELIVERY_BUDGET_MS,
    sleep: clock.sleep,
    maxPostsPerTarget: MAX_POSTS_PER_TARGET,
  });
  if (result.changed) await store.putJsonValue(KEYS.delivery, result.ledger);
  status.webhooks = result.health;
}
