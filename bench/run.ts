/**
 * Benchmarks: `npm run bench` runs both, `npm run bench -- quality` or `npm run bench -- scale` one of them.
 */
import { printQuality, qualityRows } from './quality';

const which = process.argv[2] ?? 'all';
if (which === 'quality' || which === 'all') printQuality(qualityRows());
