/**
 * Edge: the one place that reads `env`. Turns the Worker's bindings and vars into a typed, validated,
 * frozen Config. A bad value never stops the Worker: it falls back to the default and is listed in
 * `problems`, which `/healthz` reports (SPEC "Configuration": reported clearly, never silently ignored).
 */
import type { Site } from './model';
import { parseSourcesConfig, type SourceConfig } from './ingest/parse-sources';

export interface Env {
  MERGEWIRE_KV: KVNamespace;
  SITE_URL?: string;
  SITE_TITLE?: string;
  SITE_DESCRIPTION?: string;
  DIGEST_WINDOW_HOURS?: string | number;
  MAX_STORIES?: string | number;
  SOURCES?: unknown;
  INGEST_TOKEN?: string;
  SLACK_WEBHOOK_URL?: string;
  DISCORD_WEBHOOK_URL?: string;
}

export interface Config {
  site: Site;
  /** Hours before the newest article that an edition covers; null = every story ("all"). */
  windowHours: number | null;
  maxStories: number;
  sources: SourceConfig[];
  ingestToken: string | null;
  slackWebhookUrl: string | null;
  discordWebhookUrl: string | null;
  /** Every configuration value that was bad, in words. */
  problems: string[];
}

const DEFAULT_SITE_URL = 'http://localhost:8787';

function intVar(name: string, raw: unknown, def: number, min: number, max: number, problems: string[]): number {
  if (raw === undefined || raw === null || raw === '') return def;
  const n = typeof raw === 'number' ? raw : Number(String(raw).trim());
  if (!Number.isInteger(n) || n < min || n > max) {
    problems.push(`${name} must be a whole number from ${min} to ${max} (got ${JSON.stringify(raw)}); using ${def}`);
    return def;
  }
  return n;
}

function webhookVar(name: string, raw: string | undefined, problems: string[]): string | null {
  if (!raw) return null;
  try {
    const u = new URL(raw);
    if (u.protocol === 'https:' || u.protocol === 'http:') return raw;
  } catch {
    /* reported below */
  }
  problems.push(`${name} must be an http(s) URL; webhook delivery to it is off`);
  return null;
}

/** Read and validate the Worker's configuration. Never throws. */
export function loadConfig(env: Env): Readonly<Config> {
  const problems: string[] = [];
  let siteUrl = (env.SITE_URL ?? '').trim() || DEFAULT_SITE_URL;
  try {
    const u = new URL(siteUrl);
    if (u.protocol !== 'http:' && u.protocol !== 'https:') throw new Error();
    siteUrl = u.href.replace(/\/+$/, '');
  } catch {
    problems.push(`SITE_URL must be an absolute http(s) URL (got ${JSON.stringify(env.SITE_URL)}); using ${DEFAULT_SITE_URL}`);
    siteUrl = DEFAULT_SITE_URL;
  }
  const title = (env.SITE_TITLE ?? '').trim() || 'mergewire';
  const rawWindow = env.DIGEST_WINDOW_HOURS;
  const windowHours =
    typeof rawWindow === 'string' && rawWindow.trim().toLowerCase() === 'all'
      ? null
      : intVar('DIGEST_WINDOW_HOURS', rawWindow, 48, 1, 24 * 365, problems);
  const maxStories = intVar('MAX_STORIES', env.MAX_STORIES, 50, 1, 500, problems);
  const parsedSources = parseSourcesConfig(env.SOURCES ?? []);
  problems.push(...parsedSources.errors.map((e) => (e.startsWith('SOURCES') ? e : `SOURCES: ${e}`)));
  const token = env.INGEST_TOKEN?.trim() || null;
  return Object.freeze({
    site: Object.freeze({
      url: siteUrl,
      title,
      description:
        (env.SITE_DESCRIPTION ?? '').trim() ||
        'One story per event, merged from every outlet that reports it — each sentence says who reports it.',
      language: 'en',
    }),
    windowHours,
    maxStories,
    sources: parsedSources.sources,
    ingestToken: token,
    slackWebhookUrl: webhookVar('SLACK_WEBHOOK_URL', env.SLACK_WEBHOOK_URL, problems),
    discordWebhookUrl: webhookVar('DISCORD_WEBHOOK_URL', env.DISCORD_WEBHOOK_URL, problems),
    problems: Object.freeze(problems) as string[],
  });
}
