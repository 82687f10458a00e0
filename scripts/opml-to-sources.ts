/**
 * Command line: print the SOURCES JSON array for an OPML subscriptions file (a feed reader's export).
 *   npx tsx scripts/opml-to-sources.ts subscriptions.opml > sources.json
 *   npx tsx scripts/opml-to-sources.ts - < subscriptions.opml
 * Outlines left out are listed on standard error; the exit code is 1 when no source could be read.
 */
import { readFileSync } from 'node:fs';
import { opmlToSources } from '../src/ingest/opml';

const arg = process.argv[2];
if (!arg || arg === '--help' || arg === '-h') {
  process.stderr.write('usage: npx tsx scripts/opml-to-sources.ts FILE.opml   (or - for standard input)\n');
  process.exit(arg ? 0 : 2);
}
const text = readFileSync(arg === '-' ? 0 : arg, 'utf8');
const { sources, errors } = opmlToSources(text);
for (const e of errors) process.stderr.write(`warning: ${e}\n`);
process.stdout.write(`${JSON.stringify(sources, null, 2)}\n`);
process.exit(sources.length ? 0 : 1);
