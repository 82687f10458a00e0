/**
 * Core (pure): deterministic, synchronous content hashes for ids, ETags and change detection.
 * Two independent 32-bit mixes give a 64-bit value (16 hex digits): collisions are negligible
 * at the scale of a news store (millions of items), and no async WebCrypto call is needed.
 */

/** Hash a string to 16 lowercase hex digits. Same input, same output, in Node and in workerd. */
export function hashString(input: string): string {
  let h1 = 0xdeadbeef ^ input.length;
  let h2 = 0x41c6ce57 ^ input.length;
  for (let i = 0; i < input.length; i++) {
    const ch = input.charCodeAt(i);
    h1 = Math.imul(h1 ^ ch, 2654435761);
    h2 = Math.imul(h2 ^ ch, 1597334677);
  }
  h1 = Math.imul(h1 ^ (h1 >>> 16), 2246822507) ^ Math.imul(h2 ^ (h2 >>> 13), 3266489909);
  h2 = Math.imul(h2 ^ (h2 >>> 16), 2246822507) ^ Math.imul(h1 ^ (h1 >>> 13), 3266489909);
  return (h2 >>> 0).toString(16).padStart(8, '0') + (h1 >>> 0).toString(16).padStart(8, '0');
}

/** Hash any JSON-able value (key order as given). */
export function hashJson(value: unknown): string {
  return hashString(JSON.stringify(value));
}
