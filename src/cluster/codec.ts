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
  const values = new Array<number>(weights.length);
  for (let i = 0; i < weights.length; i++) values[i] = Math.round(weights[i] * 10_000);
  return encodeCounts(ids, values);
}

/**
 * Reads (id, value) pairs of LEB128 varints straight from base64 text, without decoding it to bytes first: up to
 * `limit` pairs, into `ids` and `values` (if given) from `at`; returns how many. A pair cut short at the end is
 * dropped. One loop with no call per byte: the index is read at the start of every run, often in a fresh isolate,
 * where this code has not been optimised yet and each call costs (measured: the heads of a 10,000-article index,
 * 3,047 stories, took 9–12 ms through a reader object with a call per byte and per varint).
 */
function readPairs(text: string, limit: number, ids: Int32Array, values: Float64Array | null, at: number): number {
  let acc = 0;
  let bits = 0;
  let x = 0;
  let scale = 1;
  let id = -1;
  let n = 0;
  for (let pos = 0; pos < text.length && n < limit; pos++) {
    const c = text.charCodeAt(pos);
    const v = c < 128 ? VALUE[c] : -1;
    if (v < 0) continue;
    acc = ((acc << 6) | v) & 0xffffff;
    bits += 6;
    if (bits < 8) continue;
    bits -= 8;
    const b = (acc >> bits) & 0xff;
    x += (b & 127) * scale;
    if (b >= 128) {
      scale *= 128;
      continue;
    }
    if (id < 0) {
      id = x;
    } else {
      ids[at + n] = id;
      if (values) values[at + n] = x;
      n++;
      id = -1;
    }
    x = 0;
    scale = 1;
  }
  return n;
}

/** Room for every pair a text can hold: each varint takes a byte or more, each base64 character 6 bits. */
function pairRoom(text: string): number {
  return Math.floor((text.length * 3) / 8);
}

/** The ids and weights of an encoded centroid. */
export function decodeCentroid(text: string): { ids: Int32Array; weights: Float64Array } {
  const room = pairRoom(text);
  const ids = new Int32Array(room);
  const weights = new Float64Array(room);
  const n = readPairs(text, room, ids, weights, 0);
  for (let i = 0; i < n; i++) weights[i] /= 10_000;
  return { ids: ids.slice(0, n), weights: weights.slice(0, n) };
}

/** The first `limit` term ids of an encoded centroid, written to `out` from `at`; returns how many. */
export function centroidHeads(text: string, limit: number, out: Int32Array, at: number): number {
  return readPairs(text, limit, out, null, at);
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
  const room = pairRoom(text);
  const ids = new Int32Array(room);
  const counts = new Float64Array(room);
  const n = readPairs(text, room, ids, counts, 0);
  const out = new Map<number, number>();
  for (let i = 0; i < n; i++) out.set(ids[i], counts[i]);
  return out;
}
