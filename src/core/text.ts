/**
 * Core (pure): text primitives shared by clustering and merging — whitespace, sentences, word tokens.
 * Language-agnostic where possible (Unicode letters and digits), tuned for news prose.
 */

// Text that collapsing would change: white space other than a plain space, two spaces, or a space at either end.
const UNTIDY_SPACE = /[^\S ]|\u200b| {2}|^ | $/;

/** Collapse runs of white space (including NBSP) to one space and trim. */
export function normalizeWhitespace(text: string): string {
  // Most lines are tidy already: testing is a scan, replacing always builds a new string.
  if (!UNTIDY_SPACE.test(text)) return text;
  return text.replace(/[\s\u00a0\u2000-\u200b\u2028\u2029\u3000]+/g, ' ').trim();
}

/** Split text into paragraphs: blank-line or single-newline separated, white space normalised, empties dropped. */
export function splitParagraphs(text: string): string[] {
  return text
    .split(/\r?\n/)
    .map(normalizeWhitespace)
    .filter((p) => p.length > 0);
}

// Abbreviations after which a period does not end a sentence.
const ABBREVIATIONS = new Set([
  'mr', 'mrs', 'ms', 'dr', 'prof', 'sr', 'jr', 'st', 'gen', 'col', 'lt', 'sgt', 'capt', 'cmdr', 'gov', 'sen', 'rep',
  'pres', 'rev', 'hon', 'no', 'vs', 'etc', 'inc', 'ltd', 'co', 'corp', 'jan', 'feb', 'mar', 'apr', 'jun', 'jul', 'aug',
  'sep', 'sept', 'oct', 'nov', 'dec', 'u.s', 'u.k', 'u.n', 'e.g', 'i.e', 'a.m', 'p.m', 'approx', 'est', 'fig', 'mt',
]);

/**
 * Split a paragraph into sentences. A sentence ends at . ! ? (optionally followed by closing quotes or brackets)
 * followed by white space and an upper-case letter, digit or opening quote — except after a known abbreviation
 * or a single initial ("J. Smith").
 */
export function splitSentences(paragraph: string): string[] {
  const text = normalizeWhitespace(paragraph);
  const out: string[] = [];
  const re = /[.!?]+["'”’»)\]]*\s+(?=["'“‘«(\[]?[\p{Lu}\p{N}])/gu;
  let start = 0;
  let m: RegExpExecArray | null;
  while ((m = re.exec(text)) !== null) {
    const end = m.index + m[0].trimEnd().length;
    const before = text.slice(start, m.index);
    // The whole last word: "1960s" is not the initial "s".
    const lastWord = (before.match(/(?:^|[^\p{L}\p{N}])([\p{L}.]+)$/u)?.[1] ?? '').toLowerCase();
    if (m[0][0] === '.' && (ABBREVIATIONS.has(lastWord.replace(/\.$/, '')) || /^\p{L}$/u.test(lastWord))) continue;
    const s = text.slice(start, end).trim();
    if (s) out.push(s);
    start = m.index + m[0].length;
  }
  const rest = text.slice(start).trim();
  if (rest) out.push(rest);
  return out;
}

/** Split a whole body into sentences, paragraph by paragraph. */
export function splitText(text: string): string[] {
  return splitParagraphs(text).flatMap(splitSentences);
}

/** Lower-case word tokens: runs of letters/digits (keeping inner apostrophes, hyphens, and digit separators). */
export function tokenize(text: string): string[] {
  return (
    text
      .toLowerCase()
      .normalize('NFKC')
      .replace(/[’‘]/g, "'")
      .match(/[\p{L}\p{N}]+(?:['\-.,][\p{L}\p{N}]+)*/gu) ?? []
  ).map((t) => t.replace(/'s$/, ''));
}

/** Common English function words, ignored for similarity. */
export const STOPWORDS: ReadonlySet<string> = new Set(
  `a about above after again against all also am an and any are as at be because been before being below between both
but by can could did do does doing down during each few for from further had has have having he her here hers herself
him himself his how i if in into is it its itself just me more most my myself no nor not now of off on once only or
other our ours ourselves out over own same she should so some such than that the their theirs them themselves then
there these they this those through to too under until up very was we were what when where which while who whom why
will with would you your yours yourself yourselves said says say told according new one two also would could may might
its it's been being since last first year years week weeks day days time times including however among per via upon
yet still even much many us we'll they're there's it'd he's she's that's mr mrs ms`.split(/\s+/),
);
