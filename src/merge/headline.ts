/**
 * Merge stage (pure): the story's headline, chosen from its articles' own titles — never written by us. A title
 * scores for the story's common content it names (words many reports use, names, an action) and loses for
 * loaded or sensational words, questions, capitals, teaser ellipses, and for looking like a dateline or a series
 * label ("Update 3 – 14 March 2031") rather than a statement of what happened.
 */
import type { Article } from '../model';
import { sentenceTerms } from './terms';

// Words that judge or sell rather than report. General vocabulary of loaded headlines.
const LOADED =
  /\b(shock(ing|ed)?|stunn(ing|ed)|slams?|blasts?|rips?|destroys?|epic|horrific|horror|devastating|unbelievable|incredible|outrage(ous)?|chaos|bombshell|explosive|dramatic|sensational|massive|huge|brutal|evil|heroic|heroes|martyrs?|thugs?|terrorists?|liberat(es?|ed|ion)|glorious|humiliat\w*|crushing|major blow|turning point|must see|you won'?t believe|breaking|exclusive|watch|revealed|finally)\b/gi;
const SERIES_LABEL = /\b(update|part|day|episode|vol(ume)?|no\.?|issue|edition)\s*#?\d+\b|\b(live|live updates|as it happened|round-?up|digest|newsletter|briefing|what we know|explainer)\b|^(news|latest|opinion|analysis|editorial|video|photos?|watch)\s*[:|–—-]/i;
const FULL_DATE = /\b\d{1,2}(st|nd|rd|th)? (jan|feb|mar|apr|may|jun|jul|aug|sep|oct|nov|dec)[a-z]* \d{4}\b|\b(jan|feb|mar|apr|may|jun|jul|aug|sep|oct|nov|dec)[a-z]* \d{1,2},? \d{4}\b|\b\d{4}-\d{2}-\d{2}\b/i;

/** A title's score against the story's term frequencies (term → number of independent reports using it). */
export function scoreTitle(title: string, reportsUsing: ReadonlyMap<string, number>, reports: number): number {
  const terms = [...sentenceTerms(title).keys()];
  const words = title.split(/\s+/).filter(Boolean).length;
  let score = 0;
  for (const t of terms) score += (reportsUsing.get(t) ?? 0) / Math.max(1, reports);
  score -= 1.5 * (title.match(LOADED) ?? []).length;
  if (/\?/.test(title)) score -= 2;
  if (/!/.test(title)) score -= 1;
  if (/…|\.\.\./.test(title)) score -= 1;
  if (SERIES_LABEL.test(title)) score -= 3;
  if (FULL_DATE.test(title)) score -= 2;
  const shouting = (title.match(/\b[\p{Lu}\p{N}]*\p{Lu}{3,}[\p{Lu}\p{N}]*\b/gu) ?? []).filter((w) => w.length >= 5);
  if (shouting.length >= 1 || (title === title.toUpperCase() && /\p{Lu}/u.test(title))) score -= 2;
  if (/[.!?]\s+\p{Lu}/u.test(title)) score -= 1; // two sentences: a lead paragraph, not a headline
  if (words < 5) score -= 1.5;
  if (words > 16) score -= (words - 16) * 0.3;
  if (/^[^:]{1,40}:\s/.test(title)) score -= 0.5; // "Label: …"
  return score;
}

/** The best title of the story's articles; originals are preferred to copies on a tie. */
export function chooseHeadline(articles: readonly Article[], isCopy: (a: Article) => boolean, reportsUsing: ReadonlyMap<string, number>, reports: number): string {
  let best = articles[0].title;
  let bestScore = -Infinity;
  for (const a of articles) {
    const title = a.title.trim();
    if (!title) continue;
    const s = scoreTitle(title, reportsUsing, reports) - (isCopy(a) ? 0.5 : 0);
    if (s > bestScore) {
      best = title;
      bestScore = s;
    }
  }
  return best;
}
