import { cloudflareTest } from '@cloudflare/vitest-plugin';
import { defineConfig } from 'vitest/config';

// Two projects: the pure core runs in Node (it reads ../shared/data and fixture files),
// the Worker runs in workerd with real local KV through the Cloudflare plugin.
export default defineConfig({
  test: {
    projects: [
      {
        test: {
          name: 'unit',
          include: ['test/unit/**/*.test.ts'],
          environment: 'node',
        },
      },
      {
        // Real clients on the rendered outputs: feedparser, newsboat, the Nu HTML checker, Chromium + axe-core.
        test: {
          name: 'clients',
          include: ['test/clients/**/*.test.ts'],
          environment: 'node',
          testTimeout: 60_000,
          hookTimeout: 60_000,
        },
      },
      {
        plugins: [
          cloudflareTest({
            wrangler: { configPath: './wrangler.toml' },
            miniflare: {
              bindings: { INGEST_TOKEN: 'test-token' },
            },
          }),
        ],
        test: {
          name: 'worker',
          include: ['test/worker/**/*.test.ts'],
          setupFiles: ['test/worker/setup.ts'],
        },
      },
    ],
  },
});
