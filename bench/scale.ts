/**
 * Scale benchmark: wall time and heap of clustering 1,000, 5,000 and 10,000 synthetic articles (bench/synthetic.ts),
 * and of adding 100 new articles to a 10,000-article index read back from JSON (as the Worker reads it from KV).
 *
 * Each case runs in a fresh child process started with --expose-gc, so one case's garbage does not weigh on the
 * next. The input is generated and collected before the clock starts. "heap peak" is V8's committed heap
 * (total_heap_size) after the run: V8 grows it only when live data needs it, so it bounds the run's peak from above.
 * "heap used" is the live heap after the run minus before it (input excluded). Each child runs with
 * --max-old-space-size=128 (input included), so a case whose live data outgrows a Worker's memory is reported as
 * such (and then timed again without the limit) rather than passing.
 */
import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { getHeapStatistics } from 'node:v8';
import { addArticles, clusterArticles, emptyClusterIndex } from '../src/cluster/cluster-articles';
import type { ClusterIndex } from '../src/cluster/types';
import type { Article } from '../src/model';
import { syntheticArticles } from './synthetic';

const MB = 1024 * 1024;
/** Each case runs under this old-space limit (a Worker's memory): a case that needs more fails instead of passing. */
const HEAP_LIMIT_MB = 128;

interface CaseResult {
  name: string;
  articles: number;
  stories: number;
  ms: number;
  heapUsedMb: number;
  heapPeakMb: number;
  indexMb?: number;
}

function gc(): void {
  (globalThis as { gc?: () => void }).gc?.();
}

/** Runs one case in this process (the child side). */
function runCase(name: string): CaseResult {
  if (name.startsWith('batch-')) {
    const n = Number(name.slice(6));
    const articles = syntheticArticles(n, 1);
    gc();
    const before = process.memoryUsage().heapUsed;
    const t0 = performance.now();
    const index = clusterArticles(articles);
    const ms = performance.now() - t0;
    const heapUsedMb = (process.memoryUsage().heapUsed - before) / MB;
    return {
      name, articles: n, stories: index.stories.length, ms, heapUsedMb,
      heapPeakMb: getHeapStatistics().total_heap_size / MB,
    };
  }
  // add-100: a 10,000-article index grown as a store grows, ten runs of 1,000 articles (each generated only when
  // added, so old text is not held), stored as JSON and read back; then 100 new articles: 50 new events' reports and
  // 50 follow-ups of stories already in the index (their paragraphs in another order).
  let stored = emptyClusterIndex();
  let last: Article[] = [];
  for (let run = 1; run <= 10; run++) {
    last = syntheticArticles(1000, run, `r${run}-`);
    stored = addArticles(stored, last).index;
  }
  const json = JSON.stringify(stored);
  stored = emptyClusterIndex();
  const fresh = [...syntheticArticles(50, 99, 'n'), ...last.slice(0, 50).map((a) => ({
    ...a, id: a.id + 'x', url: a.url + '/follow-up', text: a.text.split('\n').reverse().join('\n'),
  }))];
  last = [];
  gc();
  const before = process.memoryUsage().heapUsed;
  const t0 = performance.now();
  const index = JSON.parse(json) as ClusterIndex;
  const tParsed = performance.now();
  const update = addArticles(index, fresh);
  const ms = performance.now() - tParsed;
  const parseMs = tParsed - t0;
  const heapUsedMb = (process.memoryUsage().heapUsed - before) / MB;
  console.error(`  (reading the index back from JSON took ${parseMs.toFixed(0)} ms, not counted)`);
  return {
    name, articles: 100, stories: update.index.stories.length, ms, heapUsedMb,
    heapPeakMb: getHeapStatistics().total_heap_size / MB, indexMb: json.length / MB,
  };
}

const CASES = ['batch-1000', 'batch-5000', 'batch-10000', 'add-100'];

export function runScale(): void {
  const self = fileURLToPath(import.meta.url);
  console.log(`Scale (synthetic articles from ECB+ sentences; each case in a fresh process, --max-old-space-size=${HEAP_LIMIT_MB})`);
  console.log('case          articles  stories   wall ms  ms/1k art  heap used MB  heap peak MB  index JSON MB');
  console.log('(input = the generated articles, ≈70 MB of text for 10,000; it counts against the limit)');
  const results: CaseResult[] = [];
  for (const c of CASES) {
    const run = (limit: boolean) =>
      spawnSync(
        process.execPath,
        ['--expose-gc', ...(limit ? [`--max-old-space-size=${HEAP_LIMIT_MB}`] : []), '--import', 'tsx', self, '--case', c],
        { encoding: 'utf8', stdio: ['ignore', 'pipe', limit ? 'ignore' : 'inherit'] },
      );
    let child = run(true);
    let within = true;
    if (child.status !== 0) {
      // Out of memory under the limit: say so, and time it again without the limit.
      within = false;
      child = run(false);
      if (child.status !== 0) throw new Error(`scale case ${c} failed (exit ${child.status})`);
    }
    const r = JSON.parse(child.stdout.trim().split('\n').pop()!) as CaseResult;
    results.push(r);
    console.log(
      `${r.name.padEnd(13)} ${String(r.articles).padStart(8)} ${String(r.stories).padStart(8)} ` +
        `${r.ms.toFixed(0).padStart(9)} ${((r.ms / r.articles) * 1000).toFixed(0).padStart(10)} ` +
        `${r.heapUsedMb.toFixed(1).padStart(13)} ${r.heapPeakMb.toFixed(1).padStart(13)} ` +
        `${r.indexMb === undefined ? ''.padStart(14) : r.indexMb.toFixed(2).padStart(14)}` +
        (within ? '' : `  OUT OF MEMORY under ${HEAP_LIMIT_MB} MB (input included); timed without the limit`),
    );
  }
  const k1 = results.find((r) => r.name === 'batch-1000')!;
  const k10 = results.find((r) => r.name === 'batch-10000')!;
  console.log(`growth 1k → 10k: ×${(k10.ms / k1.ms).toFixed(1)} time for ×10 articles`);
}

const at = process.argv.indexOf('--case');
if (at >= 0) console.log(JSON.stringify(runCase(process.argv[at + 1])));
