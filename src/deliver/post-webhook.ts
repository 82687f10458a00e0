/**
 * Deliver stage (edge): one POST of a JSON message to a webhook, through an injected `fetch`, and what
 * the answer means — delivered, rate-limited (and for how long), a server failure worth retrying, or a
 * rejection that retrying will not fix. One attempt only: the retry policy lives in `deliverStories`.
 *
 * The webhook URL is a secret (it is the credential): no outcome ever carries it.
 */

export type FetchLike = (url: string, init: RequestInit) => Promise<Response>;

export type PostErrorCode = 'rate_limited' | 'server_error' | 'rejected' | 'timeout' | 'network';

export type PostOutcome =
  | {
      ok: true;
      status: number;
      /** The platform says its bucket is empty (`X-RateLimit-Remaining: 0`): wait this long before the next post. */
      waitMs?: number;
    }
  | {
      ok: false;
      code: PostErrorCode;
      /** HTTP status, when there was an answer. */
      status?: number;
      /** For `rate_limited`: how long the platform asks us to wait, when it says. */
      retryAfterMs?: number;
      /** What went wrong, in words, without the webhook URL. */
      message: string;
    };

export interface PostOptions {
  /** Abort the request after this long (default 10 s). */
  timeoutMs?: number;
  /** Epoch ms: the clock for a `Retry-After` given as an HTTP date. */
  now?: number;
}

const DEFAULT_TIMEOUT_MS = 10_000;
const MAX_MESSAGE = 200;

/** Discord answers failures with a body only when asked to wait for the message (`?wait=true`). */
export function discordWebhookUrl(url: string): string {
  try {
    const u = new URL(url);
    u.searchParams.set('wait', 'true');
    return u.href;
  } catch {
    return url;
  }
}

/** Seconds (RFC 9110 §10.2.3: delay-seconds or an HTTP date) → ms; null when absent or unreadable. */
export function parseRetryAfter(value: string | null, now?: number): number | null {
  if (!value) return null;
  const v = value.trim();
  if (/^\d+(\.\d+)?$/.test(v)) return Math.ceil(Number(v) * 1000);
  const at = Date.parse(v);
  if (Number.isNaN(at) || now === undefined) return null;
  return Math.max(0, at - now);
}

function redact(text: string, url: string): string {
  let out = text;
  try {
    const u = new URL(url);
    for (const secret of [url, u.href, u.pathname]) if (secret.length > 1) out = out.split(secret).join('[webhook]');
  } catch {
    out = out.split(url).join('[webhook]');
  }
  return out.replace(/\s+/g, ' ').trim().slice(0, MAX_MESSAGE);
}

/** How long a 429 asks us to wait: Discord's JSON `retry_after` (seconds, fractional), else `Retry-After`. */
function retryAfterOf(res: Response, body: string, now?: number): number | null {
  try {
    const j = JSON.parse(body) as { retry_after?: unknown };
    if (typeof j.retry_after === 'number' && Number.isFinite(j.retry_after) && j.retry_after >= 0) return Math.ceil(j.retry_after * 1000);
  } catch {
    /* not JSON: Slack answers in plain text */
  }
  return parseRetryAfter(res.headers.get('retry-after'), now);
}

/** POST `body` as JSON to `url` once, and classify the answer. Never throws. */
export async function postWebhook(fetch: FetchLike, url: string, body: unknown, opts: PostOptions = {}): Promise<PostOutcome> {
  let res: Response;
  try {
    res = await fetch(url, {
      method: 'POST',
      headers: { 'content-type': 'application/json; charset=utf-8' },
      body: JSON.stringify(body),
      signal: AbortSignal.timeout(opts.timeoutMs ?? DEFAULT_TIMEOUT_MS),
    });
  } catch (e) {
    const err = e as Error;
    const timedOut = err?.name === 'TimeoutError' || err?.name === 'AbortError';
    return { ok: false, code: timedOut ? 'timeout' : 'network', message: redact(timedOut ? 'no answer in time' : String(err?.message ?? e), url) };
  }
  let text = '';
  try {
    text = await res.text();
  } catch {
    /* the status is what matters */
  }
  if (res.ok) {
    const out: PostOutcome = { ok: true, status: res.status };
    if (res.headers.get('x-ratelimit-remaining') === '0') {
      const wait = parseRetryAfter(res.headers.get('x-ratelimit-reset-after'));
      if (wait) out.waitMs = wait;
    }
    return out;
  }
  const said = redact(text, url);
  const message = `HTTP ${res.status}${said ? `: ${said}` : ''}`;
  if (res.status === 429) {
    const retryAfterMs = retryAfterOf(res, text, opts.now);
    return { ok: false, code: 'rate_limited', status: 429, ...(retryAfterMs === null ? {} : { retryAfterMs }), message };
  }
  if (res.status >= 500) return { ok: false, code: 'server_error', status: res.status, message };
  return { ok: false, code: 'rejected', status: res.status, message };
}
