/**
 * Merge stage (pure): key facts. Numbers grouped by what they count, dates, times of day, and the people, places
 * and groups the reports name — each value with the articles that give it. A group of counts of one event's
 * outcome (killed, displaced, prisoners released, a quake's magnitude) is flagged as a disagreement when two
 * independent reports give values whose ranges cannot both hold ("hundreds" vs "around 2,500"); values that agree
 * in substance ("42,000" and "over 42,000") are not flagged, and a copy never disagrees with its original.
 */
import type { KeyFact } from '../model';
import type { SentencePool } from './align';
import { capitalAcronyms, capitalisedWords, extractDates, extractTimes, nameMentions, type EntityKind } from './entities';
import { extractQuantities } from './quantities';
import { senseRank } from './terms';

interface Bucket {
  label: string;
  kind: KeyFact['kind'];
  event: boolean;
  order: number;
  values: Map<string, { value: string; phrase?: string; ids: string[]; lo: number; hi: number }>;
}

const MAX_NAMES = 8;
const KIND_LABEL: Record<EntityKind, string> = { person: 'people', place: 'places', group: 'groups' };

/** Years written in a sentence that lie before the story's year: the sentence is background, its counts history. */
function isBackground(text: string, storyYear: number): boolean {
  return [...text.matchAll(/\b(1[89]\d\d|20\d\d)\b/g)].some((m) => Number(m[1]) < storyYear - 1);
}

/** True when `phrase` stands inside quotation marks in `text`. */
function inQuotation(text: string, phrase: string): boolean {
  for (const m of text.matchAll(/[“"]([^”"]*)(?:[”"]|$)/g)) if (m[1].includes(phrase)) return true;
  return false;
}

/**
 * Extract and group the facts of a story. `ids[i]` is the id of pool article i; `root(id)` the independent report
 * an article belongs to (itself, or the article it copies).
 */
export function extractFacts(pool: SentencePool, ids: readonly string[], root: (id: string) => string, storyYear: number): KeyFact[] {
  const buckets = new Map<string, Bucket>();
  let order = 0;
  const add = (key: string, label: string, kind: KeyFact['kind'], event: boolean, valueKey: string, v: { value: string; phrase?: string; lo?: number; hi?: number }, id: string) => {
    let b = buckets.get(key);
    if (!b) buckets.set(key, (b = { label, kind, event, order: order++, values: new Map() }));
    let entry = b.values.get(valueKey);
    if (!entry) b.values.set(valueKey, (entry = { value: v.value, phrase: v.phrase, ids: [], lo: v.lo ?? 0, hi: v.hi ?? 0 }));
    if (!entry.ids.includes(id)) entry.ids.push(id);
    // A date given once with its year and once without is one date: show the fuller form.
    if (kind === 'date' && v.value.length > entry.value.length) entry.value = v.value;
  };

  const texts = pool.sentences.map((s) => s.text);
  const capitalised = capitalisedWords(texts);
  const acronyms = capitalAcronyms(texts);
  const names: { kind: EntityKind; name: string; id: string }[] = [];
  const unclassified: { name: string; id: string }[] = [];
  const headWords = new Map<string, Map<string, number>>();
  for (const s of pool.sentences) {
    const id = ids[s.article];
    const background = isBackground(s.text, storyYear);
    if (!background) {
      for (const q of extractQuantities(s.text)) {
        // A figure in a quotation is a voice ("a wound of 40 years"), unless it counts an outcome.
        if (!q.event && inQuotation(s.text, q.phrase)) continue;
        add(`n:${q.key}`, q.label, 'number', q.event, q.valueKey, { value: q.value, phrase: q.phrase, lo: q.lo, hi: q.hi }, id);
        const counts = headWords.get(`n:${q.key}`) ?? new Map<string, number>();
        counts.set(q.label, (counts.get(q.label) ?? 0) + 1);
        headWords.set(`n:${q.key}`, counts);
      }
    }
    // A date of the story's time is news even in a sentence that also recalls an earlier year.
    for (const d of extractDates(s.text)) if (!background || !d.year || d.year >= storyYear - 1) add('date', 'dates', 'date', false, d.key, { value: d.value }, id);
    if (!background) for (const t of extractTimes(s.text)) add('time', 'times of day', 'time', false, t, { value: t }, id);
    for (const m of nameMentions(s.text, capitalised, acronyms)) {
      if (m.kind) names.push({ kind: m.kind, name: m.name, id });
      else unclassified.push({ name: m.name, id });
    }
  }
  // A name mentioned without a cue takes the kind the story gives it elsewhere ("linking X with …", "in X").
  const kindOf = new Map<string, EntityKind | null>();
  for (const n of names) {
    const k = n.name.toLowerCase();
    kindOf.set(k, kindOf.has(k) && kindOf.get(k) !== n.kind ? null : n.kind);
  }
  for (const u of unclassified) {
    const kind = kindOf.get(u.name.toLowerCase());
    if (kind) names.push({ kind, name: u.name, id: u.id });
  }
  // A label written several ways ("detainees released", "prisoners released") takes its most frequent wording.
  for (const [key, counts] of headWords) {
    const b = buckets.get(key)!;
    // Ties go to the family's commoner, more general word ("prisoners" before "detainees").
    const rank = (label: string) => senseRank(label.split(' ')[0]);
    b.label = [...counts].sort((x, y) => y[1] - x[1] || rank(x[0]) - rank(y[0]) || (x[0] < y[0] ? -1 : 1))[0][0];
  }
  const facts: KeyFact[] = [];
  const sorted = [...buckets.values()].sort((a, b) => a.order - b.order);
  for (const b of sorted) {
    const values = [...b.values.values()];
    let disagreement = false;
    if (b.event) {
      for (let i = 0; i < values.length && !disagreement; i++) {
        for (let j = i + 1; j < values.length && !disagreement; j++) {
          const [x, y] = [values[i], values[j]];
          if (x.hi < y.lo || y.hi < x.lo) disagreement = x.ids.some((a) => y.ids.some((c) => root(a) !== root(c)));
        }
      }
    }
    facts.push({
      label: b.label,
      kind: b.kind,
      disagreement,
      values: values.map((v) => ({ value: v.value, ...(v.phrase && v.phrase !== v.value ? { phrase: v.phrase } : {}), article_ids: v.ids })),
    });
  }
  return [...facts, ...nameFacts(names, root)];
}

/** A name's consonants: transliterations of one name ("Mohammad", "Muhammad") differ in their vowels. */
function skeleton(name: string): string {
  return name
    .toLowerCase()
    .split(/\s+/)
    .map((w) => w[0] + w.slice(1).replace(/[aeiouy'’-]/g, ''))
    .join(' ');
}

/** Named people, places and groups, variants of one name joined; the most widely reported first. */
function nameFacts(names: { kind: EntityKind; name: string; id: string }[], root: (id: string) => string): KeyFact[] {
  // A person's short form ("Bashir") joins the full name ending in it ("Omar al-Bashir") that is mentioned most.
  const lastWord = (n: string) => n.split(/[\s-]/).pop()!.toLowerCase();
  const persons = new Map<string, number>();
  for (const n of names) if (n.kind === 'person' && n.name.includes(' ')) persons.set(n.name, (persons.get(n.name) ?? 0) + 1);
  const canonical = (n: { kind: EntityKind; name: string }): { kind: EntityKind; name: string } => {
    if (n.name.includes(' ')) return n;
    const full = [...persons].filter(([p]) => lastWord(p) === n.name.toLowerCase()).sort((a, b) => b[1] - a[1] || (a[0] < b[0] ? -1 : 1))[0];
    return full ? { kind: 'person', name: full[0] } : n;
  };
  const byName = new Map<string, { kind: EntityKind; name: string; ids: string[]; first: number }>();
  names.forEach((raw, i) => {
    const n = canonical(raw);
    const key = `${n.kind}:${n.kind === 'person' ? skeleton(n.name) : n.name.toLowerCase()}`;
    const e = byName.get(key) ?? { kind: n.kind, name: n.name, ids: [], first: i };
    if (!e.ids.includes(raw.id)) e.ids.push(raw.id);
    byName.set(key, e);
  });
  // An acronym and the group name it abbreviates are one group: "World Meteorological Organization (WMO)".
  const initials = (n: string) => n.split(/[\s-]+/).filter((w) => /^\p{Lu}/u.test(w)).map((w) => w[0]).join('');
  for (const [key, e] of byName) {
    if (e.kind !== 'group' || !/^\p{Lu}{2,6}$/u.test(e.name)) continue;
    const full = [...byName.values()].find((f) => f !== e && f.kind === 'group' && f.name.includes(' ') && initials(f.name) === e.name);
    if (!full) continue;
    full.name = `${full.name} (${e.name})`;
    for (const id of e.ids) if (!full.ids.includes(id)) full.ids.push(id);
    full.first = Math.min(full.first, e.first);
    byName.delete(key);
  }
  const out: KeyFact[] = [];
  for (const kind of ['person', 'place', 'group'] as EntityKind[]) {
    const entries = [...byName.values()]
      .filter((e) => e.kind === kind)
      .map((e) => ({ ...e, reports: new Set(e.ids.map(root)).size }))
      .sort((a, b) => b.reports - a.reports || b.ids.length - a.ids.length || a.first - b.first);
    const maxReports = entries[0]?.reports ?? 0;
    const kept = entries.filter((e) => e.reports >= Math.min(2, maxReports)).slice(0, MAX_NAMES);
    if (kept.length) out.push({ label: KIND_LABEL[kind], kind: 'name', disagreement: false, values: kept.map((e) => ({ value: e.name, article_ids: e.ids })) });
  }
  return out;
}
