/**
 * Benchmark and test data (Node only): the ECB+ labelled news and the seed articles, as `Article`s.
 *
 * ECB+ (Cybulska & Vossen, LREC 2014; built on ECB, Bejan & Harabagiu 2010) is licensed CC BY 3.0;
 * see ../shared/data/README.md.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parse as parseYaml } from 'yaml';
import { hashString } from '../src/core/hash';
import type { Article } from '../src/model';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
export const ECBPLUS_PATH = join(root, '..', 'shared', 'data', 'ecbplus-train-dev.jsonl');

export interface EcbRecord {
  id: string;
  source: string;
  url: string | null;
  title: string;
  body: string;
  published: string | null;
  cluster: string;
  topic: number;
  split: 'train' | 'dev';
}

export function readEcbPlus(path = ECBPLUS_PATH): EcbRecord[] {
  return readFileSync(path, 'utf8')
    .split('\n')
    .filter((l) => l.trim())
    .map((l) => JSON.parse(l) as EcbRecord);
}

// Every record is "received" at the same instant, so an undated article carries no usable time: exactly what the
// engine sees for an article whose feed gave no date (published = time received, published_inferred = true).
const RECEIVED = '2030-01-01T00:00:00.000Z';

/** An ECB+ record as the pipeline would store it; `withDates: false` drops every date. */
export function ecbToArticle(r: EcbRecord, withDates: boolean): Article {
  const dated = withDates && r.published !== null;
  const url = r.url ?? `https://ecbplus.invalid/${r.id}`;
  return {
    id: r.id,
    url,
    source: r.source || 'ecb',
    title: r.title,
    text: r.body,
    published: dated ? `${r.published}T12:00:00.000Z` : RECEIVED,
    ...(dated ? {} : { published_inferred: true }),
    received: RECEIVED,
    language: 'en',
    content_hash: hashString(r.body),
  };
}

/** The seed articles in articles/*.md, read the way the ingest stage reads them (front matter + body). */
export function readSeedArticles(dir = join(root, 'articles')): Article[] {
  return readdirSync(dir)
    .filter((f) => f.endsWith('.md'))
    .sort()
    .map((f) => {
      const raw = readFileSync(join(dir, f), 'utf8');
      const m = /^---\r?\n([\s\S]*?)\r?\n---\r?\n?([\s\S]*)$/.exec(raw);
      if (!m) throw new Error(`${f}: no front matter`);
      const meta = parseYaml(m[1]) as Record<string, string>;
      const published = String(meta.published);
      const iso = new Date(published.length === 10 ? `${published}T00:00:00Z` : published).toISOString();
      return {
        id: hashString(meta.url),
        url: meta.url,
        source: meta.source,
        title: meta.title,
        text: m[2].trim(),
        published: iso,
        received: iso,
        language: meta.language ?? 'en',
        content_hash: hashString(m[2]),
      };
    });
}
