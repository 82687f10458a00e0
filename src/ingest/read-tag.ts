/**
 * Ingest stage (pure): reads one start tag of HTML or XML markup — its name, attributes (double-, single- or
 * un-quoted, or bare) and whether it self-closes — in a single forward scan. Shared by `htmlToText` and the feed XML
 * reader; each interprets the raw names and values in its own way (case, entity decoding).
 */

export interface RawTag {
  /** The name as written. */
  name: string;
  /** Attributes in order, names and values as written (values without their quotes, references not decoded). */
  attrs: [string, string][];
  selfClosing: boolean;
  /** Index just past the closing `>`, or -1 when the tag (or a quoted value in it) never closes. */
  end: number;
}

const isSpace = (c: string) => c === ' ' || c === '\n' || c === '\t' || c === '\r' || c === '\f';

/** Read the start tag whose name begins at `start` (just past `<`). */
export function readTag(src: string, start: number): RawTag {
  let i = start;
  while (i < src.length && !isSpace(src[i]) && src[i] !== '/' && src[i] !== '>') i++;
  const tag: RawTag = { name: src.slice(start, i), attrs: [], selfClosing: false, end: -1 };
  while (i < src.length) {
    const c = src[i];
    if (c === '>') {
      tag.end = i + 1;
      return tag;
    }
    if (c === '/' || isSpace(c)) {
      tag.selfClosing = c === '/' && src[i + 1] === '>';
      i++;
      continue;
    }
    tag.selfClosing = false;
    const ns = i;
    while (i < src.length && !isSpace(src[i]) && src[i] !== '=' && src[i] !== '>' && src[i] !== '/') i++;
    const name = src.slice(ns, i);
    while (i < src.length && isSpace(src[i])) i++;
    let value = '';
    if (src[i] === '=') {
      i++;
      while (i < src.length && isSpace(src[i])) i++;
      const q = src[i];
      if (q === '"' || q === "'") {
        const close = src.indexOf(q, i + 1);
        if (close < 0) return tag;
        value = src.slice(i + 1, close);
        i = close + 1;
      } else {
        const vs = i;
        while (i < src.length && !isSpace(src[i]) && src[i] !== '>' && !(src[i] === '/' && src[i + 1] === '>')) i++;
        value = src.slice(vs, i);
      }
    }
    tag.attrs.push([name, value]);
  }
  return tag;
}
