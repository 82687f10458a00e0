/**
 * Ingest stage (pure): a small, bounded, non-validating XML reader for feeds — elements, attributes, namespaces,
 * text, CDATA, comments, processing instructions, `xml:base` and `xml:lang`. Written here rather than taken from a
 * library so that the hostile cases are refused by our own bounds:
 * - a DOCTYPE that declares entities is refused outright (`entity_declaration`): no "billion laughs", no
 *   quadratic blow-up, no external entities — DTDs are never fetched and user-defined entities never expanded;
 * - character references are the predefined, numeric and HTML named ones only (a fixed table), so decoding is linear;
 * - depth and element count are capped (`too_complex`); one pass over the string, `indexOf`-driven, no backtracking.
 * It is lenient where real feeds are sloppy: undeclared `dc:`/`content:` prefixes, HTML named entities, bare `&`,
 * mismatched end tags, and trailing junk after the root element.
 */
import { decodeEntities } from '../html-entities';
import { readTag } from '../read-tag';
import { IngestError } from './errors';

export interface XmlElement {
  /** The name as written, e.g. `dc:creator`. */
  name: string;
  /** The local part, e.g. `creator`. */
  local: string;
  /** The namespace URI the prefix (or default namespace) resolves to; '' when none. */
  ns: string;
  /** Attributes by name as written (`xml:base`, `rdf:about`…), values with references decoded. */
  attrs: Record<string, string>;
  /** Child elements and decoded text, in document order. */
  children: (XmlElement | string)[];
  /** The effective base URL (RFC 3986 resolution of `xml:base` against the parent's base, then the document URL). */
  base: string;
  /** The effective `xml:lang`, when one is in scope. */
  lang?: string;
  /** Offsets of the element's content in the source: `source.slice(innerStart, innerEnd)` is its inner XML. */
  innerStart: number;
  innerEnd: number;
}

export interface XmlLimits {
  maxDepth: number;
  maxElements: number;
}

export const DEFAULT_XML_LIMITS: XmlLimits = { maxDepth: 64, maxElements: 200_000 };

/** Namespace URIs feeds use, keyed by their customary prefix: the fallback for prefixes a feed forgot to declare. */
export const NS = {
  atom: 'http://www.w3.org/2005/Atom',
  atom03: 'http://purl.org/atom/ns#',
  rdf: 'http://www.w3.org/1999/02/22-rdf-syntax-ns#',
  rss1: 'http://purl.org/rss/1.0/',
  rss090: 'http://my.netscape.com/rdf/simple/0.9/',
  dc: 'http://purl.org/dc/elements/1.1/',
  content: 'http://purl.org/rss/1.0/modules/content/',
  xhtml: 'http://www.w3.org/1999/xhtml',
  xml: 'http://www.w3.org/XML/1998/namespace',
} as const;

// No prototype: a prefix such as `constructor` must not resolve to anything.
const WELL_KNOWN_PREFIXES: Record<string, string> = Object.assign(Object.create(null), {
  xml: NS.xml,
  atom: NS.atom,
  rdf: NS.rdf,
  dc: NS.dc,
  content: NS.content,
  xhtml: NS.xhtml,
});

const NAME_START = /[A-Za-z_:\u00C0-\uFFFF]/;
const MAX_ATTRS = 256;

function resolveUrl(ref: string, base: string): string {
  try {
    return new URL(ref.trim(), base || undefined).href;
  } catch {
    return base;
  }
}

/** Skip a DOCTYPE starting at `i` (just past `<!DOCTYPE`), refusing any that declares entities. Returns the index past it. */
function skipDoctype(src: string, i: number): number {
  let quote = '';
  let inSubset = false;
  for (let k = i; k < src.length; k++) {
    const c = src[k];
    if (quote) {
      if (c === quote) quote = '';
    } else if (c === '"' || c === "'") quote = c;
    else if (c === '[') inSubset = true;
    else if (c === ']') inSubset = false;
    else if (c === '<' && inSubset && src.startsWith('<!ENTITY', k)) {
      throw new IngestError(
        'entity_declaration',
        'the document declares XML entities in its DOCTYPE; refused (entity expansion and external entities are attack vectors, and no real feed needs them)',
      );
    } else if (c === '>' && !inSubset) return k + 1;
  }
  throw new IngestError('malformed', 'the DOCTYPE declaration never ends');
}

/** Read a start tag from `i` (just past `<`): attribute values decoded, duplicates ignored, count bounded. */
function readStartTag(src: string, i: number): { name: string; attrs: Record<string, string>; selfClosing: boolean; end: number } {
  const raw = readTag(src, i);
  if (raw.end < 0) throw new IngestError('malformed', `the tag <${raw.name.slice(0, 60)}> is never closed`);
  if (raw.attrs.length > MAX_ATTRS) throw new IngestError('too_complex', `<${raw.name}> has more than ${MAX_ATTRS} attributes`);
  const attrs: Record<string, string> = Object.create(null);
  for (const [k, v] of raw.attrs) if (!(k in attrs)) attrs[k] = decodeEntities(v);
  return { name: raw.name, attrs, selfClosing: raw.selfClosing, end: raw.end };
}

/**
 * Parse an XML document into its root element. `documentUrl` is the base for `xml:base` and relative links.
 * Throws `IngestError` (`malformed`, `entity_declaration`, `too_complex`, `not_a_feed` when there is no root element).
 */
export function parseXml(src: string, documentUrl: string, limits: XmlLimits = DEFAULT_XML_LIMITS): XmlElement {
  const stack: { el: XmlElement; scope: Record<string, string> }[] = [];
  let root: XmlElement | null = null;
  let elements = 0;
  let i = src.charCodeAt(0) === 0xfeff ? 1 : 0;
  const n = src.length;
  const addText = (t: string) => {
    if (stack.length) stack[stack.length - 1].el.children.push(t);
  };

  while (i < n) {
    const lt = src.indexOf('<', i);
    const textEnd = lt < 0 ? n : lt;
    if (textEnd > i) {
      const raw = src.slice(i, textEnd);
      if (stack.length) addText(decodeEntities(raw));
      else if (!root && raw.trim()) throw new IngestError('not_a_feed', 'the body has text before its first XML element');
    }
    if (lt < 0) break;
    i = lt;
    if (src.startsWith('<?', i)) {
      const e = src.indexOf('?>', i + 2);
      if (e < 0) throw new IngestError('malformed', 'a processing instruction never ends');
      i = e + 2;
    } else if (src.startsWith('<!--', i)) {
      const e = src.indexOf('-->', i + 4);
      if (e < 0) throw new IngestError('malformed', 'a comment never ends');
      i = e + 3;
    } else if (src.startsWith('<![CDATA[', i)) {
      const e = src.indexOf(']]>', i + 9);
      if (e < 0) throw new IngestError('malformed', 'a CDATA section never ends');
      addText(src.slice(i + 9, e));
      i = e + 3;
    } else if (/^<!DOCTYPE/i.test(src.slice(i, i + 9))) {
      i = skipDoctype(src, i + 9);
    } else if (src[i + 1] === '!') {
      const e = src.indexOf('>', i + 2);
      i = e < 0 ? n : e + 1;
    } else if (src[i + 1] === '/') {
      const e = src.indexOf('>', i + 2);
      if (e < 0) throw new IngestError('malformed', 'an end tag never closes');
      const name = src.slice(i + 2, e).trim();
      for (let k = stack.length - 1; k >= 0; k--) {
        if (stack[k].el.name === name) {
          while (stack.length > k) stack.pop()!.el.innerEnd = i;
          break;
        }
      }
      i = e + 1;
      if (root && stack.length === 0) break; // the root closed: anything after it is not ours to read
    } else if (NAME_START.test(src[i + 1] ?? '')) {
      if (root && stack.length === 0) break;
      const tag = readStartTag(src, i + 1);
      if (++elements > limits.maxElements) throw new IngestError('too_complex', `more than ${limits.maxElements} XML elements`);
      if (stack.length >= limits.maxDepth) throw new IngestError('too_complex', `XML nested deeper than ${limits.maxDepth} levels`);
      const parent = stack.length ? stack[stack.length - 1] : null;
      let scope = parent ? parent.scope : WELL_KNOWN_PREFIXES;
      for (const a in tag.attrs) {
        if (a === 'xmlns' || a.startsWith('xmlns:')) {
          if (scope === (parent ? parent.scope : WELL_KNOWN_PREFIXES)) scope = Object.create(scope);
          scope[a === 'xmlns' ? '' : a.slice(6)] = tag.attrs[a];
        }
      }
      const colon = tag.name.indexOf(':');
      const prefix = colon > 0 ? tag.name.slice(0, colon) : '';
      const xmlBase = tag.attrs['xml:base'];
      const parentBase = parent ? parent.el.base : documentUrl;
      const el: XmlElement = {
        name: tag.name,
        local: colon > 0 ? tag.name.slice(colon + 1) : tag.name,
        ns: scope[prefix] ?? '',
        attrs: tag.attrs,
        children: [],
        base: xmlBase !== undefined ? resolveUrl(xmlBase, parentBase) : parentBase,
        lang: tag.attrs['xml:lang'] ?? parent?.el.lang,
        innerStart: tag.end,
        innerEnd: tag.end,
      };
      if (el.lang === undefined) delete el.lang;
      if (parent) parent.el.children.push(el);
      else root = el;
      i = tag.end;
      if (!tag.selfClosing) stack.push({ el, scope });
      else if (!parent) break;
    } else {
      addText('<');
      i++;
    }
  }
  if (!root) throw new IngestError('not_a_feed', 'the body has no XML root element');
  // A document cut off before its end tags: close what is open (lenient, like feed readers).
  while (stack.length) stack.pop()!.el.innerEnd = n;
  return root;
}

/** The element's text content: its own and its descendants' text, in order. */
export function textOf(el: XmlElement): string {
  let s = '';
  for (const c of el.children) s += typeof c === 'string' ? c : textOf(c);
  return s;
}

/** Child elements with this local name, in namespace `ns` when given (any namespace otherwise). */
export function childrenNamed(el: XmlElement, local: string, ns?: string): XmlElement[] {
  const out: XmlElement[] = [];
  for (const c of el.children) {
    if (typeof c !== 'string' && c.local === local && (ns === undefined || c.ns === ns)) out.push(c);
  }
  return out;
}

/** The first child element with this local name (and namespace, when given). */
export function childNamed(el: XmlElement, local: string, ns?: string): XmlElement | undefined {
  for (const c of el.children) {
    if (typeof c !== 'string' && c.local === local && (ns === undefined || c.ns === ns)) return c;
  }
  return undefined;
}

/** Resolve a (possibly relative) link against an element's effective base. Returns '' for an empty reference. */
export function resolveAgainst(ref: string | undefined, base: string): string {
  const r = (ref ?? '').trim();
  return r ? resolveUrl(r, base) : '';
}
