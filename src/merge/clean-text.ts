/**
 * Merge stage (pure): an article's body reduced to the sentences that are news — web furniture (comment forms,
 * share prompts, bylines, photo credits), the outlet's name and the title repeated at the top, datelines and
 * section headings are dropped. The rules are general: they look at the article's own `source` and `title`,
 * at the shape of a line, and at phrase patterns common to news pages, never at any one outlet.
 */
import { normalizeWhitespace, splitSentences } from '../core/text';
import type { Article } from '../model';

/** One clean sentence of one article, with where it stands in the body. */
export interface CleanSentence {
  text: string;
  /** 0-based position among the article's clean sentences. */
  index: number;
  /** Position as a share of the body, 0 (lead) … 1 (last). */
  rel: number;
}

// Whole lines that are page furniture, not report: comment forms, share/follow prompts, navigation, credits.
// Short lines without sentence punctuation are dropped by shape (see `isFurnitureLine`); these are the phrases
// that mark furniture even in a longer or punctuated line, so none of them can open a news sentence.
const FURNITURE_LINE = new RegExp(
  [
    String.raw`^leave a (reply|comment)\b`,
    String.raw`^(please )?(enter|type) your (name|comment|email|e-mail)\b`,
    String.raw`^you (have entered|must be logged in)\b`,
    String.raw`^save my name\b`,
    String.raw`^(share|tweet|email) (this|on|via) (article|story|post|page|facebook|twitter|x|whatsapp)\b`,
    String.raw`^click (here )?to (share|print|email|subscribe|read more)\b`,
    String.raw`^(read|see) (more|also)\s*:`,
    String.raw`^(subscribe to|sign up for|follow us on|download (our|the) app)\b`,
    String.raw`^(all rights reserved|copyright ©|©)`,
    String.raw`^(photo|image|picture|file photo)s?( credit)?\s*[:|]`,
    String.raw`^(tags|filed under)\s*:`,
    String.raw`^(we use cookies|this (site|website) uses cookies)\b`,
  ].join('|'),
  'iu',
);

// A byline: "By Jane Doe", "Reporting by A. Smith and B. Jones" — names only, so case matters here.
const NAME = String.raw`\p{Lu}[\p{L}.'’-]*( \p{Lu}[\p{L}.'’-]*){0,3}`;
const BYLINE = new RegExp(
  String.raw`^([Bb]y|BY|([Ww]ritten|[Rr]eporting|[Rr]eported|[Ee]dited|[Ee]diting|[Aa]dditional reporting) by)\s+${NAME}((,| and) ${NAME})*( in \p{Lu}\p{L}+)?[.;]?$`,
  'u',
);

// A dateline at the start of a paragraph: "PARIS:", "WASHINGTON (Reuters) —", "BEIRUT, Lebanon -".
const DATELINE_PREFIX = /^[\p{Lu}][\p{Lu}\p{M} .'’-]{1,40}(,\s*[\p{L} .]{2,30})?(\s*\([^)]{1,40}\))?\s*(:|—|–|-{1,2})\s+(?=\S)/u;

const SENTENCE_END = /[.!?…]["'”’»)\]]*$/u;

/** Letters and digits only, lower case: how two lines are compared for "the same line". */
export function lineKey(text: string): string {
  return (text.toLowerCase().normalize('NFKC').match(/[\p{L}\p{N}]+/gu) ?? []).join(' ');
}

/** True for a line that is furniture, not report (exported for tests). */
export function isFurnitureLine(line: string, article: Pick<Article, 'source' | 'title'>): boolean {
  const key = lineKey(line);
  if (key === '') return true;
  if (key === lineKey(article.source) || key === lineKey(article.title)) return true;
  if (FURNITURE_LINE.test(line) || BYLINE.test(line)) return true;
  // A caption or credit wholly in brackets: "(Military Media/Social Media)", "[Photo: AFP]".
  if (/^[([][^)\]]*[)\]]$/.test(line)) return true;
  // Headings, datelines, labels: short and without sentence punctuation.
  const words = key.split(' ').length;
  if (!SENTENCE_END.test(line) && words < 9) return true;
  // A line in capitals only (a dateline or a kicker).
  if (!/\p{Ll}/u.test(line) && words < 9) return true;
  return false;
}

/**
 * Lines of the body, with a sentence broken across two lines joined again (a line that does not end a sentence,
 * followed by one starting in lower case).
 */
function bodyLines(text: string): string[] {
  const out: string[] = [];
  for (const raw of text.split(/\r?\n/)) {
    const line = normalizeWhitespace(raw);
    if (!line) {
      out.push('');
      continue;
    }
    const prev = out.length ? out[out.length - 1] : '';
    if (prev && !SENTENCE_END.test(prev) && /^\p{Ll}/u.test(line)) out[out.length - 1] = `${prev} ${line}`;
    else out.push(line);
  }
  return out.filter((l) => l !== '');
}

/** The article's news sentences, in order, without furniture, repeated lines or datelines. */
export function cleanSentences(article: Pick<Article, 'source' | 'title' | 'text'>): CleanSentence[] {
  const seenLines = new Set<string>();
  const seen = new Set<string>([lineKey(article.title)]);
  const texts: string[] = [];
  for (const line of bodyLines(article.text)) {
    if (isFurnitureLine(line, article)) continue;
    const key = lineKey(line);
    if (seenLines.has(key)) continue;
    seenLines.add(key);
    const body = line.replace(DATELINE_PREFIX, '');
    // splitSentences takes "1960s." for an initial; a letter straight after a digit is no initial.
    for (const s of splitSentences(body).flatMap((x) => x.split(/(?<=\p{N}\p{L}{1,2}[.!?])\s+(?=\p{Lu})/u))) {
      const sk = lineKey(s);
      if (!sk || seen.has(sk) || FURNITURE_LINE.test(s)) continue;
      seen.add(sk);
      texts.push(s);
    }
  }
  const n = texts.length;
  return texts.map((text, index) => ({ text, index, rel: n > 1 ? index / (n - 1) : 0 }));
}
