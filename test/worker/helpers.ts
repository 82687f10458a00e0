// Shared helpers for the Worker integration tests: they drive the real Worker (exports.default) in workerd
// with real local KV.
import { exports, env } from 'cloudflare:workers';
import { createExecutionContext, createScheduledController, waitOnExecutionContext } from 'cloudflare:test';
import worker from '../../src/index';
import type { Env } from '../../src/config';

export const BASE = 'http://localhost:8787';
export const TOKEN = 'test-token';

export function get(path: string, headers: Record<string, string> = {}, method = 'GET'): Promise<Response> {
  return exports.default.fetch(new Request(`${BASE}${path}`, { method, headers, redirect: 'manual' }));
}

export function post(path: string, body: unknown, headers: Record<string, string> = {}): Promise<Response> {
  return exports.default.fetch(
    new Request(`${BASE}${path}`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json', Authorization: `Bearer ${TOKEN}`, ...headers },
      body: typeof body === 'string' ? body : JSON.stringify(body),
    }),
  );
}

/** Run the scheduled handler as the cron would, at `time`. */
export async function runCron(time: Date | number = Date.now(), overrides: Partial<Env> = {}): Promise<void> {
  const ctx = createExecutionContext();
  await worker.scheduled(createScheduledController({ scheduledTime: time, cron: '*/30 * * * *' }), { ...(env as unknown as Env), ...overrides }, ctx);
  await waitOnExecutionContext(ctx);
}

/** An article about an unrelated event, for "a second story" checks. */
export function otherArticle(n = 1) {
  return {
    url: `https://example.org/news/${n}-harbour-bridge-opens`,
    source: `Example Gazette ${n}`,
    title: 'New harbour bridge opens to traffic after six years of construction',
    text:
      'The new harbour bridge opened to traffic on Monday morning after six years of construction and a budget that grew to 1.2 billion dollars. ' +
      'The transport minister cut the ribbon at dawn and the first commuters crossed the 2.4 kilometre span shortly after seven o’clock. ' +
      'Engineers said the cable-stayed design would carry up to 80,000 vehicles a day and cut the journey between the two districts by twenty minutes.',
    published: '2024-12-06T08:00:00Z',
  };
}

export async function json<T = any>(r: Response): Promise<T> {
  return (await r.json()) as T;
}
