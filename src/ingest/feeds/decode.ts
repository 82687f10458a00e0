/**
 * Ingest stage (pure): turns a fetched body's bytes into text. The encoding comes from, in order: a byte-order mark;
 * the HTTP `Content-Type` charset and the XML declaration's `encoding` (RFC 7303 §3 puts the header first, but
 * servers often send a default `charset=ISO-8859-1` for UTF-8 files, so when the two disagree and one is UTF-8, bytes
 * that are valid UTF-8 with non-ASCII in them are read as UTF-8); then an HTML `<meta charset>`; then UTF-8.
 * Decoding is strict (`fatal: true`): invalid bytes are refused, not silently replaced. Binary bodies (NUL bytes,
 * gzip/zip/image signatures) are refused before any decoding. Labels are WHATWG encoding labels, which
 * `TextDecoder` knows in Node and workerd (ISO-8859-1 is read as windows-1252, as browsers do).
 */
import { IngestError } from './errors';

const SIGNATURES: [number[], string][] = [
  [[0x1f, 0x8b], 'gzip-compressed data'],
  [[0x50, 0x4b, 0x03, 0x04], 'a ZIP archive'],
  [[0x89, 0x50, 0x4e, 0x47], 'a PNG image'],
  [[0xff, 0xd8, 0xff], 'a JPEG image'],
  [[0x47, 0x49, 0x46, 0x38], 'a GIF image'],
  [[0x25, 0x50, 0x44, 0x46], 'a PDF document'],
];

/** The `charset` parameter of a Content-Type header value, lower-cased; null when absent. */
export function charsetOf(contentType: string | null): string | null {
  const m = /;\s*charset\s*=\s*"?([^";\s]+)"?/i.exec(contentType ?? '');
  return m ? m[1].toLowerCase() : null;
}

function asciiHead(bytes: Uint8Array, max = 1024): string {
  let s = '';
  for (let k = 0; k < Math.min(bytes.length, max); k++) s += String.fromCharCode(bytes[k]);
  return s;
}

/** The encoding named in an XML declaration at the start of the body, lower-cased; null when none. */
export function xmlDeclaredEncoding(head: string): string | null {
  const m = /^\s*<\?xml[^>]*?\sencoding\s*=\s*["']([A-Za-z0-9._:-]+)["']/.exec(head);
  return m ? m[1].toLowerCase() : null;
}

function htmlMetaCharset(head: string): string | null {
  const m = /<meta[^>]+charset\s*=\s*["']?([A-Za-z0-9._:-]+)/i.exec(head);
  return m ? m[1].toLowerCase() : null;
}

const isUtf8 = (label: string | null) => label === 'utf-8' || label === 'utf8' || label === 'unicode-1-1-utf-8';

function refuseBinary(bytes: Uint8Array): void {
  for (const [sig, what] of SIGNATURES) {
    if (sig.every((b, k) => bytes[k] === b)) throw new IngestError('binary', `the body is ${what}, not a feed`);
  }
  const n = Math.min(bytes.length, 4096);
  let control = 0;
  for (let k = 0; k < n; k++) {
    const b = bytes[k];
    if (b === 0) throw new IngestError('binary', `the body is binary (a NUL byte at offset ${k}), not a feed`);
    if (b < 0x20 && b !== 0x09 && b !== 0x0a && b !== 0x0d && b !== 0x0c) control++;
  }
  if (control > n / 20) throw new IngestError('binary', 'the body is binary (control bytes throughout), not a feed');
}

function decodeStrict(bytes: Uint8Array, label: string): string {
  let decoder: TextDecoder;
  try {
    decoder = new TextDecoder(label, { fatal: true, ignoreBOM: false });
  } catch {
    throw new IngestError('bad_encoding', `the body declares the encoding "${label}", which is not supported`);
  }
  try {
    return decoder.decode(bytes);
  } catch {
    throw new IngestError('bad_encoding', `the body is not valid ${decoder.encoding}${firstBadUtf8(bytes, decoder.encoding)}`);
  }
}

/** Where UTF-8 first goes wrong, for the error message (", first bad byte 0xE9 at offset 120"). */
function firstBadUtf8(bytes: Uint8Array, encoding: string): string {
  if (encoding !== 'utf-8') return '';
  for (let k = 0; k < bytes.length; ) {
    const b = bytes[k];
    const len = b < 0x80 ? 1 : b >= 0xc2 && b < 0xe0 ? 2 : b >= 0xe0 && b < 0xf0 ? 3 : b >= 0xf0 && b < 0xf5 ? 4 : 0;
    let ok = len > 0 && k + len <= bytes.length;
    for (let j = 1; ok && j < len; j++) ok = (bytes[k + j] & 0xc0) === 0x80;
    if (!ok) return `: first bad byte 0x${b.toString(16).toUpperCase().padStart(2, '0')} at offset ${k}`;
    k += len;
  }
  return '';
}

function hasNonAscii(bytes: Uint8Array): boolean {
  for (let k = 0; k < bytes.length; k++) if (bytes[k] >= 0x80) return true;
  return false;
}

/**
 * Decode a body to text. A string passes through (minus a BOM). Throws `IngestError` `binary` or `bad_encoding`.
 */
export function decodeBody(body: Uint8Array | string, contentType: string | null): string {
  if (typeof body === 'string') return body.replace(/^\uFEFF/, '');
  if (body[0] === 0xef && body[1] === 0xbb && body[2] === 0xbf) return decodeStrict(body.subarray(3), 'utf-8');
  if (body[0] === 0xff && body[1] === 0xfe) return decodeStrict(body.subarray(2), 'utf-16le');
  if (body[0] === 0xfe && body[1] === 0xff) return decodeStrict(body.subarray(2), 'utf-16be');
  refuseBinary(body);
  const head = asciiHead(body);
  const fromHeader = charsetOf(contentType);
  const fromProlog = xmlDeclaredEncoding(head);
  let label = fromHeader ?? fromProlog ?? htmlMetaCharset(head) ?? 'utf-8';
  if (fromHeader && fromProlog && fromHeader !== fromProlog && (isUtf8(fromHeader) || isUtf8(fromProlog))) {
    const other = isUtf8(fromHeader) ? fromProlog : fromHeader;
    let utf8: string | null = null;
    try {
      utf8 = new TextDecoder('utf-8', { fatal: true, ignoreBOM: false }).decode(body);
    } catch {
      utf8 = null;
    }
    if (utf8 !== null && hasNonAscii(body)) return utf8;
    label = utf8 === null ? other : fromHeader;
  }
  return decodeStrict(body, label);
}
