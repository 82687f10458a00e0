/**
 * Benchmarks: `npm run bench` runs both, `npm run bench -- quality` or `npm run bench -- scale` one of them.
 */
import { printQuality, qualityRows } from './quality';
import { runScale } from './scale';

const which = process.argv[2] ?? 'all';
if (which !== 'quality' && which !== 'scale' && which !== 'all') {
  console.error(`unknown benchmark "${which}": use quality, scale, or nothing for both`);
  process.exit(2);
}
if (which === 'quality' || which === 'all') printQuality(qualityRows());
if (which === 'all') console.log('');
if (which === 'scale' || which === 'all') runScale();
