/**
 * Edge: wires the Worker's bindings to the pipeline — config, the KV store, the bundled articles — so the
 * HTTP routes and the cron handler run the same pipeline the same way.
 */
import { loadConfig, type Config, type Env } from './config';
import { KvStore } from './store/kv-store';
import { runPipeline, type RunStatus, type RunTrigger } from './pipeline/run-pipeline';
import { BUNDLED_ARTICLES } from '../generated/articles';
import { bundleHash } from './ingest/read-bundle';

export interface Runtime {
  config: Readonly<Config>;
  store: KvStore;
  bundleHash: string;
  run(trigger: RunTrigger, now: Date, options?: { fetch?: typeof fetch }): Promise<RunStatus>;
}

const BUNDLE_HASH = bundleHash(BUNDLED_ARTICLES);

export function createRuntime(env: Env): Runtime {
  const config = loadConfig(env);
  const store = new KvStore(env.MERGEWIRE_KV);
  return {
    config,
    store,
    bundleHash: BUNDLE_HASH,
    run: (trigger, now, options) => runPipeline({ store, config, now, bundle: BUNDLED_ARTICLES, trigger, fetch: options?.fetch }),
  };
}
