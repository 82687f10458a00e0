/**
 * Merge stage (pure): paraphrase alignment. For each sentence of each member article, which other articles say
 * the same thing — not by exact match, but by how much of the sentence's weighted content (rarer terms and
 * numbers weigh more) another article's sentence, or two adjacent sentences, carry; every number the sentence
 * gives must be there too, so "hundreds of detainees" is never credited to an outlet that says "2,500 prisoners".
 */
import type { Article } from '../model';
import { cleanSentences } from './clean-text';
import { findAcronyms, sentenceTerms, type TermKind } from './terms';

/** A sentence of the story, with its comparable terms. */
export interface StorySentence {
  /** Member article index (in the story's source order). */
  article: number;
  index: number;
  rel: number;
  text: string;
  terms: Map<string, TermKind>;
  words: number;
}

/** A sentence's support: the other articles that report it, and how well. */
export interface Support {
  /** Article index → coverage (0…1) of this sentence by that article's best match. */
  by: Map<number, number>;
  /** Article index → the position (`rel`) of that best match, for ordering. */
  at: Map<number, number>;
  /** The other articles' sentences that matched (one or two per article). */
  matched: StorySentence[];
  /** Article index → best coverage, even below the threshold (how close each article comes). */
  raw: Map<number, number>;
}

/** Coverage an article needs to count as reporting a sentence. */
export const SUPPORT_THRESHOLD = 0.5;
const NUMBER_WEIGHT = 2;

/** The story's sentences and the weights of their terms. */
export interface SentencePool {
  sentences: StorySentence[];
  byArticle: StorySentence[][];
  /** Term → weight (inverse sentence frequency in this story, numbers weighed up). */
  weight: Map<string, number>;
}

/** Clean and index the sentences of a story's articles. */
export function buildPool(articles: readonly Article[]): SentencePool {
  // A body that is nothing but its title (or furniture) still says what its title says.
  const clean = articles.map((a) => {
    const sentences = cleanSentences(a);
    return sentences.length || !a.title.trim() ? sentences : [{ text: a.title.trim(), index: 0, rel: 0 }];
  });
  const acronyms = findAcronyms(clean.flatMap((c) => c.map((s) => s.text)));
  const byArticle = clean.map((sentences, article) =>
    sentences.map((s) => ({
      article,
      index: s.index,
      rel: s.rel,
      text: s.text,
      terms: sentenceTerms(s.text, acronyms),
      words: s.text.split(/\s+/).length,
    })),
  );
  const sentences = byArticle.flat();
  const df = new Map<string, number>();
  const counted = new Set<string>();
  for (const s of sentences) {
    for (const [t, kind] of s.terms) {
      df.set(t, (df.get(t) ?? 0) + 1);
      if (kind === 'number') counted.add(t);
    }
  }
  const n = sentences.length;
  const weight = new Map<string, number>();
  for (const [t, d] of df) {
    const idf = Math.log(1 + n / d);
    weight.set(t, counted.has(t) ? idf * NUMBER_WEIGHT : idf);
  }
  return { sentences, byArticle, weight };
}

/** Share of `a`'s weighted terms that `b` (a set of terms) holds; 0 when `b` lacks one of `a`'s numbers. */
export function coverage(pool: SentencePool, a: StorySentence, b: ReadonlySet<string> | Map<string, unknown>): number {
  let total = 0;
  let shared = 0;
  let sharedWords = 0;
  for (const [t, kind] of a.terms) {
    const w = pool.weight.get(t) ?? 0;
    total += w;
    if (b.has(t)) {
      shared += w;
      if (kind === 'word') sharedWords++;
    } else if (kind === 'number') return 0;
  }
  if (total === 0 || sharedWords < 2) return 0;
  return shared / total;
}

/** Symmetric similarity of two sentences (the lower of the two coverages, numbers not required). */
export function similarity(pool: SentencePool, a: StorySentence, b: StorySentence): number {
  const loose = (x: StorySentence, y: StorySentence) => {
    let total = 0;
    let shared = 0;
    for (const t of x.terms.keys()) {
      const w = pool.weight.get(t) ?? 0;
      total += w;
      if (y.terms.has(t)) shared += w;
    }
    return total ? shared / total : 0;
  };
  return Math.min(loose(a, b), loose(b, a));
}

/** Which other articles report sentence `s`: per article, its best single sentence or pair of adjacent ones. */
export function supportOf(pool: SentencePool, s: StorySentence): Support {
  const by = new Map<number, number>();
  const at = new Map<number, number>();
  const matched: StorySentence[] = [];
  const raw = new Map<number, number>();
  pool.byArticle.forEach((others, article) => {
    if (article === s.article) return;
    let best = 0;
    let bestAt: StorySentence[] = [];
    for (let i = 0; i < others.length; i++) {
      const one = coverage(pool, s, others[i].terms);
      // Two adjacent sentences may split what one outlet wrote in one; a small discount keeps single matches first.
      const pair = i + 1 < others.length ? 0.9 * coverage(pool, s, new Set([...others[i].terms.keys(), ...others[i + 1].terms.keys()])) : 0;
      const c = Math.max(one, pair);
      if (c > best) {
        best = c;
        bestAt = one >= pair ? [others[i]] : [others[i], others[i + 1]];
      }
    }
    raw.set(article, best);
    if (best >= SUPPORT_THRESHOLD) {
      by.set(article, best);
      at.set(article, bestAt[0].rel);
      matched.push(...bestAt);
    }
  });
  return { by, at, matched, raw };
}
