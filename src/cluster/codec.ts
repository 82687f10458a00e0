/**
 * Cluster stage (pure): bytes ↔ base64 text for the stored index (copy signatures), without Buffer or atob, so the
 * same code runs in workerd, Node and the browser. RFC 4648 §4 alphabet, with padding.
 */

const ALPHABET = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/';
const VALUE = new Int8Array(128).fill(-1);
for (let i = 0; i < ALPHABET.length; i++) VALUE[ALPHABET.charCodeAt(i)] = i;

const CODES = new Uint8Array(64);
for (let i = 0; i < 64; i++) CODES[i] = ALPHABET.charCodeAt(i);
const ascii = new TextDecoder();

/** Base64 of `bytes[start, end)`. The characters are written as bytes and decoded once: no string per group. */
export function toBase64(bytes: Uint8Array, start = 0, end = bytes.length): string {
  const out = new Uint8Array(Math.ceil((end - start) / 3) * 4);
  let n = 0;
  let i = start;
  for (; i + 2 < end; i += 3) {
    const v = (bytes[i] << 16) | (bytes[i + 1] << 8) | bytes[i + 2];
    out[n++] = CODES[v >> 18];
    out[n++] = CODES[(v >> 12) & 63];
    out[n++] = CODES[(v >> 6) & 63];
    out[n++] = CODES[v & 63];
  }
  if (i < end) {
    const v = (bytes[i] << 16) | (i + 1 < end ? bytes[i + 1] << 8 : 0);
    out[n++] = CODES[v >> 18];
    out[n++] = CODES[(v >> 12) & 63];
    out[n++] = i + 1 < end ? CODES[(v >> 6) & 63] : 61;
    out[n++] = 61;
  }
  return ascii.decode(out);
}

/** The bytes of a base64 text; characters outside the alphabet (and padding) are skipped. */
export function fromBase64(text: string): Uint8Array {
  const out = new Uint8Array(Math.floor((text.length * 3) / 4));
  let n = 0;
  let acc = 0;
  let bits = 0;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    const v = c < 128 ? VALUE[c] : -1;
    if (v < 0) continue;
    acc = ((acc << 6) | v) & 0xffffff;
    bits += 6;
    if (bits >= 8) {
      bits -= 8;
      out[n++] = (acc >> bits) & 0xff;
    }
  }
  return out.subarray(0, n);
}

/**
 * A story centroid as text: for each term its id and its weight in ten-thousandths (the stored precision), as
 * unsigned LEB128 varints, in base64. About 6 characters a term instead of 12 as JSON numbers, and one string for
 * JSON.parse to read instead of 120 numbers. Weights decode to exactly the rounded values that were encoded.
 */
export function encodeCentroid(ids: ArrayLike<number>, weights: ArrayLike<number>): string {
  return encodeCounts(ids, Array.from(weights, (w) => Math.round(w * 10_000)));
}

/** Reads LEB128 varints straight from base64 text, without decoding it to bytes first. */
export class VarintReader {
  private text = '';
  private pos = 0;
  private acc = 0;
  private bits = 0;

  reset(text: string): this {
    this.text = text;
    this.pos = 0;
    this.acc = 0;
    this.bits = 0;
    return this;
  }

  /** The next byte, or -1 at the end. */
  private byte(): number {
    while (this.bits < 8) {
      if (this.pos >= this.text.length) return -1;
      const c = this.text.charCodeAt(this.pos++);
      const v = c < 128 ? VALUE[c] : -1;
      if (v < 0) continue;
      this.acc = ((this.acc << 6) | v) & 0xffffff;
      this.bits += 6;
    }
    this.bits -= 8;
    return (this.acc >> this.bits) & 0xff;
  }

  /** The next varint, or -1 at the end (or inside an unfinished one). */
  next(): number {
    let x = 0;
    let scale = 1;
    for (;;) {
      const b = this.byte();
      if (b < 0) return -1;
      x += (b & 127) * scale;
      if (b < 128) return x;
      scale *= 128;
    }
  }
}

const reader = new VarintReader();

/** The ids and weights of an encoded centroid. */
export function decodeCentroid(text: string): { ids: Int32Array; weights: Float64Array } {
  const ids: number[] = [];
  const weights: number[] = [];
  reader.reset(text);
  for (;;) {
    const id = reader.next();
    const k = reader.next();
    if (id < 0 || k < 0) break;
    ids.push(id);
    weights.push(k / 10_000);
  }
  return { ids: new Int32Array(ids), weights: new Float64Array(weights) };
}

/** The first `limit` term ids of an encoded centroid, written to `out` from `at`; returns how many. */
export function centroidHeads(text: string, limit: number, out: Int32Array, at: number): number {
  reader.reset(text);
  let n = 0;
  while (n < limit) {
    const id = reader.next();
    if (id < 0 || reader.next() < 0) break;
    out[at + n++] = id;
  }
  return n;
}

/** Counts by term id (non-negative integers) as text: id and count varints, in base64. */
export function encodeCounts(ids: ArrayLike<number>, counts: ArrayLike<number>): string {
  const bytes = new Uint8Array(ids.length * 10);
  let n = 0;
  const put = (x: number) => {
    while (x >= 128) {
      bytes[n++] = (x & 127) | 128;
      x = Math.floor(x / 128);
    }
    bytes[n++] = x;
  };
  for (let i = 0; i < ids.length; i++) {
    put(ids[i]);
    put(counts[i]);
  }
  return toBase64(bytes, 0, n);
}

/** The counts of `encodeCounts`, as a map. */
export function decodeCounts(text: string): Map<number, number> {
  const out = new Map<number, number>();
  reader.reset(text);
  for (;;) {
    const id = reader.next();
    const count = reader.next();
    if (id < 0 || count < 0) return out;
    out.set(id, count);
  }
}
