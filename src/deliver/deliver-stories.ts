/**
 * Deliver stage (edge, with every effect injected): posts each new story, and each story that gained a
 * source, to the configured Slack and Discord webhooks — one message per story — and keeps the delivery
 * ledger that makes a re-run post nothing twice.
 *
 * The ledger remembers, per target and story, the article ids it delivered. A story is posted when the
 * target has no entry for it (new) or when it now has an article id the entry lacks (it gained a source:
 * an update). `Story.version` is deliberately not the trigger: it also moves when only the wording of the
 * merged summary changes (a better merge, a corrected article), and re-posting a whole channel for that
 * would be noise. A story that loses a source is not re-posted.
 *
 * At-least-once: an entry is written only after the platform accepted the post, and the caller persists
 * the returned ledger after the run. A crash between posting and persisting re-posts that story on the
 * next run (a duplicate); the other order would lose it silently, and a lost story is the worse failure.
 *
 * Per target: `429` waits `retry_after` / `Retry-After` when it fits before the deadline, else the story
 * is left for the next run; `5xx`, timeouts and network errors are retried with bounded exponential
 * backoff; any other `4xx` stops that target for this run and is reported. Targets run side by side, so
 * one failing or waiting never stops the other.
 */
import { instantOf, type Site, type Story } from '../model';
import { safeHref } from '../render/escape';
import { buildSlackMessage } from './slack-message';
import { buildDiscordMessage } from './discord-message';
import { checkDiscordLimits, checkSlackLimits } from './limits';
import { discordWebhookUrl, postWebhook, type FetchLike, type PostErrorCode, type PostOutcome } from './post-webhook';

export type TargetName = 'slack' | 'discord';
export const TARGET_NAMES: readonly TargetName[] = ['slack', 'discord'];

/** What a target last received of a story. */
export interface DeliveredStory {
  /** The story's article ids when it was last posted, sorted. */
  articles: string[];
  /** RFC 3339: when it was last posted. */
  at: string;
}

export type DeliveryErrorCode = PostErrorCode | 'invalid_payload' | 'bad_url';

export interface DeliveryError {
  /** RFC 3339. */
  at: string;
  code: DeliveryErrorCode;
  status?: number;
  story_id?: string;
  /** In words, without the webhook URL (it is a secret). */
  message: string;
}

/** One target's part of the ledger: what it received, and its health across runs. */
export interface TargetLedger {
  /** Story id → what was delivered of it. */
  stories: Record<string, DeliveredStory>;
  last_attempt: string | null;
  last_success: string | null;
  last_error: DeliveryError | null;
}

/** The delivery ledger: JSON-able, stored as one KV value. */
export interface DeliveryLedger {
  version: 1;
  targets: Partial<Record<TargetName, TargetLedger>>;
}

/** A target's health after a run, for `/healthz`. */
export interface TargetHealth {
  /** A webhook URL is set for it. */
  configured: boolean;
  last_attempt: string | null;
  last_success: string | null;
  last_error: DeliveryError | null;
  posted_this_run: number;
  /** Stories still to post after this run: left for the next one. */
  pending: number;
  /** Why this run stopped posting to it early (an error code, the deadline or the per-run cap); null when it did not. */
  stopped: DeliveryErrorCode | 'deadline' | 'max_posts' | null;
}

export interface DeliverOptions {
  /** The stories that may be posted (the current edition's). */
  stories: readonly Story[];
  /** The ledger as last stored (any value: `readLedger` repairs it), or null on the first run. */
  ledger: unknown;
  /** The webhook URLs; an absent or null one is not posted to. */
  targets: { slack?: string | null; discord?: string | null };
  site: Site;
  fetch: FetchLike;
  /** The clock, epoch ms (`Date.now` in the Worker, a fake advanced by `sleep` in tests). */
  now: () => number;
  /** Epoch ms by which delivery must be done: no request starts, and no wait ends, after it. */
  deadlineMs: number;
  sleep: (ms: number) => Promise<void>;
  /** Posts per target per run, at most (a bound on subrequests and on a channel's flood); default 20. */
  maxPostsPerTarget?: number;
  /** Per-request timeout, ms; default 10,000 (never past the deadline). */
  requestTimeoutMs?: number;
  /** Retries of one post after a 5xx, timeout or network error; default 2. */
  maxRetries?: number;
  /** The first backoff, ms, doubled on each retry; default 1,000. */
  backoffMs?: number;
  /** How long an entry for a story no longer offered is kept, ms; default 30 days. */
  retainMs?: number;
}

export interface DeliveryResult {
  ledger: DeliveryLedger;
  health: Record<TargetName, TargetHealth>;
  /** False when the ledger is unchanged (the caller can skip the KV write). */
  changed: boolean;
}

const DEFAULTS = { maxPostsPerTarget: 20, requestTimeoutMs: 10_000, maxRetries: 2, backoffMs: 1000, retainMs: 30 * 86_400_000 };
/** Least time worth starting a request with. */
const MIN_REQUEST_MS = 1000;
/** Wait after a 429 that does not say how long. */
const DEFAULT_RATE_WAIT_MS = 1000;
/** 429 answers one post may wait out before it is left for the next run. */
const MAX_RATE_WAITS = 5;

/** An empty ledger. */
export function emptyLedger(): DeliveryLedger {
  return { version: 1, targets: {} };
}

function emptyTarget(): TargetLedger {
  return { stories: {}, last_attempt: null, last_success: null, last_error: null };
}

const isRecord = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);

/** The ledger from a stored value, keeping every well-formed entry; an unreadable value is an empty ledger. */
export function readLedger(value: unknown): DeliveryLedger {
  const out = emptyLedger();
  if (!isRecord(value) || value.version !== 1 || !isRecord(value.targets)) return out;
  for (const name of TARGET_NAMES) {
    const t = value.targets[name];
    if (!isRecord(t)) continue;
    const target = emptyTarget();
    if (isRecord(t.stories)) {
      for (const [id, e] of Object.entries(t.stories)) {
        if (isRecord(e) && Array.isArray(e.articles) && e.articles.every((a) => typeof a === 'string') && typeof e.at === 'string') {
          target.stories[id] = { articles: e.articles as string[], at: e.at };
        }
      }
    }
    if (typeof t.last_attempt === 'string') target.last_attempt = t.last_attempt;
    if (typeof t.last_success === 'string') target.last_success = t.last_success;
    if (isRecord(t.last_error) && typeof t.last_error.code === 'string') target.last_error = t.last_error as unknown as DeliveryError;
    out.targets[name] = target;
  }
  return out;
}

/** A story that a target should receive, and the article ids it has not seen (null: the story is new to it). */
export interface PendingStory {
  story: Story;
  added: string[] | null;
}

/**
 * The stories a target should receive, oldest first (so a channel reads in order): those it has no entry
 * for, and those with an article id its entry lacks.
 */
export function pendingStories(stories: readonly Story[], target: TargetLedger | undefined): PendingStory[] {
  const out: PendingStory[] = [];
  const seen = new Set<string>();
  for (const story of stories) {
    if (seen.has(story.id)) continue;
    seen.add(story.id);
    const entry = target?.stories[story.id];
    if (!entry) {
      out.push({ story, added: null });
      continue;
    }
    const had = new Set(entry.articles);
    const added = [...new Set(story.sources.map((s) => s.article_id))].filter((id) => !had.has(id));
    if (added.length) out.push({ story, added });
  }
  // Oldest change first (as instants: offsets such as +03:00 do not sort as text), so a channel reads in order.
  return out.sort((a, b) => instantOf(a.story.updated) - instantOf(b.story.updated) || instantOf(a.story.first_published) - instantOf(b.story.first_published) || cmp(a.story.id, b.story.id));
}

const cmp = (a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0);

type Ctx = Required<Omit<DeliverOptions, 'stories' | 'ledger' | 'targets'>>;

type SendOutcome = PostOutcome | { ok: false; code: 'deadline'; message: string };

/** One message to one target, with the retry policy; stops at the deadline. */
async function send(url: string, body: unknown, c: Ctx): Promise<SendOutcome> {
  let failures = 0;
  let rateWaits = 0;
  for (;;) {
    const left = c.deadlineMs - c.now();
    if (left < MIN_REQUEST_MS) return { ok: false, code: 'deadline', message: 'the run had no time left; left for the next run' };
    const r = await postWebhook(c.fetch, url, body, { timeoutMs: Math.min(c.requestTimeoutMs, left), now: c.now() });
    if (r.ok || r.code === 'rejected') return r;
    let wait: number;
    if (r.code === 'rate_limited') {
      wait = r.retryAfterMs ?? DEFAULT_RATE_WAIT_MS;
      if (++rateWaits > MAX_RATE_WAITS) return { ...r, message: `${r.message} (still rate-limited after ${MAX_RATE_WAITS} waits; left for the next run)` };
    } else {
      if (failures >= c.maxRetries) return { ...r, message: `${r.message} (after ${failures + 1} attempts; left for the next run)` };
      wait = c.backoffMs * 2 ** failures++;
    }
    if (c.now() + wait + MIN_REQUEST_MS > c.deadlineMs) {
      return { ...r, message: `${r.message} (a wait of ${(wait / 1000).toFixed(1)} s does not fit this run; left for the next run)` };
    }
    await c.sleep(wait);
  }
}

const HINTS: Record<number, string> = {
  401: 'the webhook token is not valid',
  403: 'the webhook may not post here',
  404: 'the webhook does not exist (deleted?); create a new one and set the secret again',
  410: 'the webhook was revoked or its channel archived; create a new one and set the secret again',
};

function build(name: TargetName, p: PendingStory, site: Site): { body: unknown; problems: string[] } {
  const input = { kind: 'story' as const, story: p.story, site, ...(p.added ? { added: p.added } : {}) };
  if (name === 'slack') {
    const body = buildSlackMessage(input);
    return { body, problems: checkSlackLimits(body) };
  }
  const body = buildDiscordMessage(input);
  return { body, problems: checkDiscordLimits(body) };
}

async function deliverTo(name: TargetName, rawUrl: string, prev: TargetLedger, pending: PendingStory[], c: Ctx): Promise<{ target: TargetLedger; health: TargetHealth }> {
  const t: TargetLedger = { ...prev, stories: { ...prev.stories } };
  const iso = () => new Date(c.now()).toISOString();
  const health: TargetHealth = { configured: true, last_attempt: t.last_attempt, last_success: t.last_success, last_error: t.last_error, posted_this_run: 0, pending: pending.length, stopped: null };
  const fail = (e: Omit<DeliveryError, 'at'>) => (t.last_error = { at: iso(), ...e });
  const href = safeHref(rawUrl);
  if (!href) {
    fail({ code: 'bad_url', message: 'the webhook URL is not an http(s) URL' });
    health.stopped = 'bad_url';
  } else {
    const url = name === 'discord' ? discordWebhookUrl(href) : href;
    for (const p of pending) {
      if (health.posted_this_run >= c.maxPostsPerTarget) {
        health.stopped = 'max_posts';
        break;
      }
      const { body, problems } = build(name, p, c.site);
      if (problems.length) {
        // A builder bug: never send what the platform would reject; the story waits for a fixed build.
        fail({ code: 'invalid_payload', story_id: p.story.id, message: problems.slice(0, 3).join('; ') });
        continue;
      }
      t.last_attempt = iso();
      const r = await send(url, body, c);
      if (!r.ok) {
        if (r.code === 'deadline') health.stopped = 'deadline';
        else {
          const hint = r.status ? HINTS[r.status] : undefined;
          fail({ code: r.code, ...(r.status ? { status: r.status } : {}), story_id: p.story.id, message: hint ? `${r.message} — ${hint}` : r.message });
          health.stopped = r.code;
        }
        break;
      }
      t.stories[p.story.id] = { articles: [...new Set(p.story.sources.map((s) => s.article_id))].sort(), at: iso() };
      t.last_success = iso();
      health.posted_this_run++;
      health.pending--;
      if (r.waitMs) {
        // The platform's bucket is empty: pause before the next post rather than earn a 429.
        if (c.now() + r.waitMs + MIN_REQUEST_MS > c.deadlineMs) {
          if (health.pending) health.stopped = 'deadline';
          break;
        }
        await c.sleep(r.waitMs);
      }
    }
  }
  Object.assign(health, { last_attempt: t.last_attempt, last_success: t.last_success, last_error: t.last_error });
  return { target: t, health };
}

/** Drop entries of stories no longer offered once they are older than `retainMs`. */
function prune(t: TargetLedger, offered: Set<string>, now: number, retainMs: number): TargetLedger {
  const stories: Record<string, DeliveredStory> = {};
  for (const [id, e] of Object.entries(t.stories)) {
    const at = Date.parse(e.at);
    if (offered.has(id) || Number.isNaN(at) || now - at <= retainMs) stories[id] = e;
  }
  return { ...t, stories };
}

/**
 * Post every story the targets have not received in its current set of sources, one message per story
 * per target, and return the new ledger and each target's health. Never throws; the caller stores the
 * ledger (when `changed`) after the run.
 */
export async function deliverStories(o: DeliverOptions): Promise<DeliveryResult> {
  const c: Ctx = {
    site: o.site,
    fetch: o.fetch,
    now: o.now,
    deadlineMs: o.deadlineMs,
    sleep: o.sleep,
    maxPostsPerTarget: o.maxPostsPerTarget ?? DEFAULTS.maxPostsPerTarget,
    requestTimeoutMs: o.requestTimeoutMs ?? DEFAULTS.requestTimeoutMs,
    maxRetries: o.maxRetries ?? DEFAULTS.maxRetries,
    backoffMs: o.backoffMs ?? DEFAULTS.backoffMs,
    retainMs: o.retainMs ?? DEFAULTS.retainMs,
  };
  const before = readLedger(o.ledger);
  const offered = new Set(o.stories.map((s) => s.id));
  const start = c.now();
  const results = await Promise.all(
    TARGET_NAMES.map(async (name): Promise<{ target: TargetLedger | null; health: TargetHealth }> => {
      const prev = before.targets[name] ?? emptyTarget();
      const url = o.targets[name];
      if (!url) return { target: before.targets[name] ?? null, health: idle(prev, false) };
      const pending = pendingStories(o.stories, prev);
      if (!pending.length) return { target: prev, health: idle(prev, true) };
      try {
        return await deliverTo(name, url, prev, pending, c);
      } catch (e) {
        // Only an injected dependency misbehaving gets here; the target's entries stay as they were.
        const error: DeliveryError = { at: new Date(c.now()).toISOString(), code: 'network', message: String((e as Error)?.message ?? e).slice(0, 200) };
        return { target: { ...prev, last_error: error }, health: { ...idle(prev, true), last_error: error, pending: pending.length, stopped: 'network' } };
      }
    }),
  );
  // Assembled in a fixed order, so an unchanged ledger serialises the same and `changed` is exact.
  const ledger = emptyLedger();
  const health = {} as Record<TargetName, TargetHealth>;
  TARGET_NAMES.forEach((name, i) => {
    const { target, health: h } = results[i];
    if (target) ledger.targets[name] = prune(target, offered, start, c.retainMs);
    health[name] = h;
  });
  return { ledger, health, changed: JSON.stringify(ledger) !== JSON.stringify(before) };
}

function idle(t: TargetLedger, configured: boolean): TargetHealth {
  return { configured, last_attempt: t.last_attempt, last_success: t.last_success, last_error: t.last_error, posted_this_run: 0, pending: 0, stopped: null };
}
