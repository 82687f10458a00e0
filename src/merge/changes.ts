/**
 * Merge stage (pure): what changed in a story since its previous version, in a reader's words — who joined,
 * which figures are new, where sources now disagree, whether the headline changed.
 */
import type { Story } from '../model';

const MAX_FIGURES = 4;

/** The changes from `previous` to `next` (empty for a new story). */
export function describeChanges(previous: Story | undefined, next: Omit<Story, 'changes' | 'version'>): string[] {
  if (!previous) return [];
  const out: string[] = [];
  const before = new Set(previous.sources.map((s) => s.article_id));
  const joined = [...new Set(next.sources.filter((s) => !before.has(s.article_id)).map((s) => s.source))];
  const nowIds = new Set(next.sources.map((s) => s.article_id));
  const left = [...new Set(previous.sources.filter((s) => !nowIds.has(s.article_id)).map((s) => s.source))];
  for (const name of joined) out.push(`${name} joined`);
  for (const name of left) if (!next.sources.some((s) => s.source === name)) out.push(`${name} no longer in this story`);
  if (previous.headline !== next.headline) out.push(`new headline: ${next.headline}`);
  const known = new Set(previous.facts.flatMap((f) => f.values.map((v) => `${f.label}\n${v.value}`)));
  const figures: string[] = [];
  for (const f of next.facts) {
    if (f.kind !== 'number') continue;
    for (const v of f.values) {
      if (known.has(`${f.label}\n${v.value}`)) continue;
      // "12 killed" reads well; "dozens vehicles" does not, so a count of things is shown as the source wrote it.
      const label = f.label.split(' ').pop()!;
      figures.push(`new figure: ${/(ed|ing)$/.test(label) || !v.phrase ? `${v.value} ${f.label}` : v.phrase}`);
    }
  }
  out.push(...figures.slice(0, MAX_FIGURES));
  const disputed = new Set(previous.facts.filter((f) => f.disagreement).map((f) => f.label));
  for (const f of next.facts) if (f.disagreement && !disputed.has(f.label)) out.push(`sources now disagree on ${f.label}`);
  const seen = new Set(previous.summary.map((s) => s.text));
  const added = next.summary.filter((s) => !seen.has(s.text)).length;
  if (added) out.push(`${added} new ${added === 1 ? 'sentence' : 'sentences'} in the summary`);
  return out;
}
