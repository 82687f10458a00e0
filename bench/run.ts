/**
 * Benchmarks: `npm run bench` runs both, `npm run bench -- quality` or `npm run bench -- scale` one of them;
 * `--runs N` sets how many times each scale case runs (default 3).
 */
import { DEFAULT_PARAMS } from '../src/cluster/scoring';
import {
  arrivalRows,
  printArrival,
  printQuality,
  printSmallBatches,
  printStream,
  printSyntheticRuns,
  qualityRows,
  smallBatchRows,
  streamRows,
  syntheticRuns,
  togetherRows,
} from './quality';
import { runScale } from './scale';

// The benchmark's name is the first argument that is not an option (`--runs N` goes to the scale benchmark).
const args = process.argv.slice(2).filter((a, i, all) => !a.startsWith('--') && all[i - 1] !== '--runs');
const which = args[0] ?? 'all';
if (which !== 'quality' && which !== 'scale' && which !== 'all') {
  console.error(`unknown benchmark "${which}": use quality, scale, or nothing for both`);
  process.exit(2);
}
const runsAt = process.argv.indexOf('--runs');
const runs = runsAt >= 0 ? process.argv[runsAt + 1] ?? '' : '3';
if (!/^[1-9]\d*$/.test(runs)) {
  console.error(`--runs wants a whole number of runs from 1, not "${runs}"`);
  process.exit(2);
}
if (which === 'quality' || which === 'all') {
  printQuality(qualityRows(), togetherRows());
  printSmallBatches(smallBatchRows(), smallBatchRows(undefined, { ...DEFAULT_PARAMS, splitShare: 2 }));
  printArrival(arrivalRows());
  printStream(streamRows());
  printSyntheticRuns(syntheticRuns());
}
if (which === 'all') console.log('');
if (which === 'scale' || which === 'all') await runScale(Number(runs));
