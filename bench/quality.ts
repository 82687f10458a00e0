/**
 * Quality benchmark: the engine on ECB+ (../shared/data/ecbplus-train-dev.jsonl), scored with pairwise and B-cubed
 * F1 on `train` and on `dev`, with the articles' dates and with every date removed. Tune on train; report dev.
 */
import { clusterArticles } from '../src/cluster/cluster-articles';
import { DEFAULT_PARAMS, type EngineParams } from '../src/cluster/scoring';
import { ecbToArticle, readEcbPlus, type EcbRecord } from './data';
import { scoreClustering, type Scores } from './metrics';

export interface QualityRow {
  split: 'train' | 'dev';
  dates: boolean;
  stories: number;
  events: number;
  scores: Scores;
}

/** Cluster one split and score it against the gold events. */
export function evaluate(records: EcbRecord[], withDates: boolean, params: EngineParams = DEFAULT_PARAMS): Scores & { stories: number } {
  const index = clusterArticles(records.map((r) => ecbToArticle(r, withDates)), params);
  const predicted = new Map<string, string>();
  for (const s of index.stories) for (const m of s.members) predicted.set(m, s.id);
  const gold = new Map(records.map((r) => [r.id, r.cluster]));
  return { ...scoreClustering(gold, predicted), stories: index.stories.length };
}

export function qualityRows(params: EngineParams = DEFAULT_PARAMS): QualityRow[] {
  const all = readEcbPlus();
  const rows: QualityRow[] = [];
  for (const split of ['train', 'dev'] as const) {
    const records = all.filter((r) => r.split === split);
    const events = new Set(records.map((r) => r.cluster)).size;
    for (const dates of [true, false]) {
      const { stories, ...scores } = evaluate(records, dates, params);
      rows.push({ split, dates, stories, events, scores });
    }
  }
  return rows;
}

const pct = (x: number) => x.toFixed(3);

export function printQuality(rows: QualityRow[]): void {
  console.log('ECB+ event clustering (pairwise and B-cubed P/R/F1; an article left out is its own story)');
  console.log('split  dates    stories/events  pairwise P    R      F1  | B-cubed P    R      F1');
  for (const r of rows) {
    const { pairwise: p, bcubed: b } = r.scores;
    console.log(
      `${r.split.padEnd(6)} ${(r.dates ? 'with' : 'removed').padEnd(8)} ${`${r.stories}/${r.events}`.padStart(14)}  ` +
        `${pct(p.precision)} ${pct(p.recall)} ${pct(p.f1)} | ${pct(b.precision)} ${pct(b.recall)} ${pct(b.f1)}`,
    );
  }
}
