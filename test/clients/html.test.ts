// The brief and a story page pass the Nu HTML checker (vnu.jar) with no errors and axe-core with no
// violations, and do not scroll sideways at 390 px wide in Chromium.
import { describe, it, expect, beforeAll, afterAll } from 'vitest';
import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { chromium, type Browser } from 'playwright-core';
import { renderAll, type Rendered } from './helpers';

const require = createRequire(import.meta.url);
let r: Rendered;
let browser: Browser;

beforeAll(async () => {
  r = renderAll();
  browser = await chromium.launch({
    executablePath: '/usr/bin/chromium',
    args: ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'],
  });
});
afterAll(async () => {
  await browser?.close();
});

const PAGES = ['html', 'page'] as const;

describe('Nu HTML checker', () => {
  it.each(PAGES)('%s has no errors', (p) => {
    const jar = require.resolve('vnu-jar/build/dist/vnu.jar');
    let out = '';
    try {
      out = execFileSync('java', ['-jar', jar, '--errors-only', '--format', 'json', r.files[p]], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] });
    } catch (e) {
      out = String((e as { stderr?: string }).stderr ?? '') + String((e as { stdout?: string }).stdout ?? '');
    }
    const messages = out.trim() ? JSON.parse(out.trim().split('\n').pop()!).messages : [];
    expect(messages).toEqual([]);
  });
});

describe('in Chromium', () => {
  it.each(PAGES)('%s: axe-core finds no violations', async (p) => {
    const page = await browser.newPage();
    await page.setContent(readFileSync(r.files[p], 'utf8'));
    await page.addScriptTag({ content: readFileSync(require.resolve('axe-core/axe.min.js'), 'utf8') });
    const result = await page.evaluate(async () => (await (globalThis as unknown as { axe: { run: () => Promise<{ violations: { id: string; help: string; nodes: unknown[] }[] }> } }).axe.run()));
    await page.close();
    expect(result.violations.map((v) => `${v.id}: ${v.help} (${v.nodes.length})`)).toEqual([]);
  });

  it.each(PAGES)('%s: no horizontal scrolling at 390 px wide, light or dark', async (p) => {
    for (const colorScheme of ['light', 'dark'] as const) {
      const page = await browser.newPage({ viewport: { width: 390, height: 844 }, colorScheme });
      await page.setContent(readFileSync(r.files[p], 'utf8'));
      // Runs in the page: `document` is the browser's.
      const widths = await page.evaluate(() => {
        const root = (globalThis as unknown as { document: { documentElement: { scrollWidth: number; clientWidth: number } } }).document.documentElement;
        return { scroll: root.scrollWidth, client: root.clientWidth };
      });
      await page.close();
      expect(widths.scroll).toBeLessThanOrEqual(widths.client);
    }
  });
});
