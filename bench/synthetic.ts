/**
 * Benchmark data: realistic synthetic news for the scale benchmark, made deterministically from ECB+.
 *
 * How: a seeded PRNG (mulberry32) draws synthetic events. Each event takes one real ECB+ article as its theme and
 * a cast of its own — 6 proper names drawn from every name ECB+ uses, 3 numbers, a date within a 90-day span.
 * Each of its reports (1–12, skewed small) is a full-length body of 18–34 real ECB+ sentences — most from the theme
 * article, the rest from random other articles (background) — in which every capitalised mid-sentence word is
 * replaced by one of the event's names and every number by one of its numbers, so reports of one event share
 * their names and figures while the vocabulary and sentence lengths stay those of real news. Bodies average 3.3 kB.
 * Each article is passed through JSON, as the Worker gets articles from KV: V8 then stores Latin-1 text at one byte
 * a character (10,000 articles ≈ 35 MB). Text holding curly quotes or dashes takes two bytes a character.
 */
import { hashString } from '../src/core/hash';
import type { Article } from '../src/model';
import { readEcbPlus } from './data';

/** Seeded PRNG (mulberry32): same seed, same sequence. */
export function mulberry32(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const NAME = /(?<=[\p{L}\p{N},;] )\p{Lu}[\p{L}'-]+/gu;
const NUMBER = /\b\d[\d,.]*\b/g;

interface Source {
  sentences: string[][];
  names: string[];
}

function loadSource(): Source {
  const docs = readEcbPlus();
  const names = new Set<string>();
  const sentences = docs.map((d) =>
    d.body
      .split('\n')
      .slice(1)
      .filter((s) => s.length > 30)
      // Typographic quotes folded to ASCII and other non-Latin-1 marks dropped, as most English feeds read.
      .map((s) => s.replace(/[’‘]/g, "'").replace(/[“”]/g, '"').replace(/[^\x00-\xff]/g, ' ')),
  );
  for (const doc of sentences) for (const s of doc) for (const m of s.matchAll(NAME)) names.add(m[0]);
  return { sentences: sentences.filter((s) => s.length > 0), names: [...names].sort() };
}

let cached: Source | null = null;

/**
 * `count` synthetic articles (reports of about count/4 events), deterministic for a given seed.
 * `idPrefix` keeps ids of separately generated batches apart; `events`, when given, gets each article's event.
 */
export function syntheticArticles(count: number, seed = 1, idPrefix = 'a', events?: Map<string, string>): Article[] {
  cached ??= loadSource();
  const { sentences, names } = cached;
  const rnd = mulberry32(seed);
  const pick = <T>(xs: readonly T[]): T => xs[Math.floor(rnd() * xs.length)];
  const start = Date.UTC(2026, 0, 1);
  const out: Article[] = [];
  let event = 0;
  while (out.length < count) {
    event++;
    const theme = pick(sentences);
    const cast = Array.from({ length: 6 }, () => pick(names));
    const figures = Array.from({ length: 3 }, () => String(Math.floor(rnd() * 5000)));
    const day = start + Math.floor(rnd() * 90) * 86_400_000;
    const reports = Math.min(count - out.length, 1 + Math.floor(-Math.log(1 - rnd() * 0.999) * 3) % 12);
    for (let r = 0; r < reports; r++) {
      const length = 18 + Math.floor(rnd() * 17);
      const body: string[] = [];
      for (let i = 0; i < length; i++) {
        const s = rnd() < 0.65 ? pick(theme) : pick(pick(sentences));
        body.push(s.replace(NAME, () => pick(cast)).replace(NUMBER, () => pick(figures)));
      }
      const id = `${idPrefix}${out.length}`;
      const url = `https://synthetic.invalid/${seed}/${id}`;
      const published = new Date(day + Math.floor(rnd() * 2 * 86_400_000)).toISOString();
      const article: Article = {
        id: hashString(url),
        url,
        source: `Outlet ${Math.floor(rnd() * 200)}`,
        title: body[0].slice(0, 120),
        text: body.join('\n'),
        published,
        received: published,
        language: 'en',
        content_hash: hashString(body.join('\n')),
      };
      out.push(JSON.parse(JSON.stringify(article)) as Article);
      events?.set(article.id, `${seed}:${event}`);
    }
  }
  return out;
}
