/**
 * Benchmark (pure): scoring a predicted clustering against gold labels, as ../shared/data/README.md defines it —
 * pairwise F1 and B-cubed F1 over all documents; a document the prediction leaves out is a story of its own.
 */

export interface Scores {
  pairwise: { precision: number; recall: number; f1: number };
  bcubed: { precision: number; recall: number; f1: number };
}

const f1 = (p: number, r: number) => (p + r === 0 ? 0 : (2 * p * r) / (p + r));

/** `gold` and `predicted` map document id → cluster label; scores cover the documents of `gold`. */
export function scoreClustering(gold: Map<string, string>, predicted: Map<string, string>): Scores {
  const pred = (id: string) => predicted.get(id) ?? `\u0000alone:${id}`;
  const goldSize = new Map<string, number>();
  const predSize = new Map<string, number>();
  const both = new Map<string, number>();
  for (const [id, g] of gold) {
    const p = pred(id);
    goldSize.set(g, (goldSize.get(g) ?? 0) + 1);
    predSize.set(p, (predSize.get(p) ?? 0) + 1);
    const key = `${g}\u0001${p}`;
    both.set(key, (both.get(key) ?? 0) + 1);
  }
  const pairs = (n: number) => (n * (n - 1)) / 2;
  let tp = 0;
  for (const n of both.values()) tp += pairs(n);
  let goldPairs = 0;
  for (const n of goldSize.values()) goldPairs += pairs(n);
  let predPairs = 0;
  for (const n of predSize.values()) predPairs += pairs(n);
  const pp = predPairs === 0 ? 1 : tp / predPairs;
  const pr = goldPairs === 0 ? 1 : tp / goldPairs;
  let bp = 0;
  let br = 0;
  for (const [id, g] of gold) {
    const p = pred(id);
    const n = both.get(`${g}\u0001${p}`)!;
    bp += n / predSize.get(p)!;
    br += n / goldSize.get(g)!;
  }
  bp /= gold.size;
  br /= gold.size;
  return {
    pairwise: { precision: pp, recall: pr, f1: f1(pp, pr) },
    bcubed: { precision: bp, recall: br, f1: f1(bp, br) },
  };
}
