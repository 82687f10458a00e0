// Renders the bundled articles' edition with the same core the Worker serves, into a temporary folder,
// for checks by real clients (feedparser, newsboat, the Nu HTML checker, Chromium + axe-core).
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { digest } from '../../src/cli/digest';
import { loadConfig } from '../../src/config';
import { buildStories } from '../../src/pipeline/stories';
import { renderStoryPage } from '../../src/render/html';
import { planUpsert } from '../../src/ingest/plan-upsert';
import { readInputs } from '../../src/cli/digest';
import { validateArticle } from '../../src/ingest/validate-article';
import type { ArticleInput } from '../../src/model';

export const NOW = new Date('2026-11-24T12:00:00Z');
export const SITE_ENV = { SITE_URL: 'https://mergewire.example.org', SITE_TITLE: 'mergewire' };

/** Extra articles: a second event and one full of hostile text, so the clients see more than one item. */
export const EXTRA = [
  {
    url: 'https://example.org/news/harbour-bridge-opens',
    source: 'Example Gazette',
    title: 'New harbour bridge opens to traffic after six years of construction',
    text: 'The new harbour bridge opened to traffic on Monday morning after six years of construction. The transport minister cut the ribbon at dawn. Engineers said the design would carry up to 80,000 vehicles a day.',
    published: '2024-12-06T08:00:00Z',
  },
  {
    url: 'https://evil.example/a?x="><script>alert(1)</script>',
    source: '<script>alert("src")</script>Evil & "Outlet"',
    title: '"><img src=x onerror=alert(1)> Dam fails & floods <b>valley</b>',
    text: 'A reservoir dam failed upstream of the valley town on Tuesday night. <script>alert("body")</script> Rescue teams evacuated 3,000 residents.',
    published: '2024-12-06T09:00:00Z',
  },
];

export interface Rendered {
  dir: string;
  files: Record<'html' | 'rss' | 'atom' | 'json' | 'page', string>;
  storyCount: number;
}

export function renderAll(): Rendered {
  const dir = mkdtempSync(join(tmpdir(), 'mergewire-clients-'));
  const extra = join(dir, 'extra.json');
  writeFileSync(extra, JSON.stringify(EXTRA));
  const args = (format: 'html' | 'rss' | 'atom' | 'json') => ({ inputs: ['articles', extra], format, window: null, out: null });
  const files = {} as Rendered['files'];
  for (const f of ['html', 'rss', 'atom', 'json'] as const) {
    const { output, errors } = digest(args(f), NOW, SITE_ENV);
    if (errors.length) throw new Error(errors.join('\n'));
    files[f] = join(dir, `out.${f === 'rss' ? 'xml' : f}`);
    writeFileSync(files[f], output);
  }
  // The seeds' story page.
  const inputs: ArticleInput[] = [];
  for (const { value } of readInputs('articles').values) {
    const v = validateArticle(value);
    if ('input' in v) inputs.push(v.input);
  }
  const { stories } = buildStories(planUpsert(inputs, { articles: {} }, NOW).articles);
  files.page = join(dir, 'page.html');
  writeFileSync(files.page, renderStoryPage(stories[0], loadConfig({ MERGEWIRE_KV: undefined as never, ...SITE_ENV }).site));
  return { dir, files, storyCount: 3 };
}
