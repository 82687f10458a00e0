/**
 * mergeStory on the seeds (the product's first real case) and on every ECB+ dev event: attribution, copies,
 * facts, single-source details, boilerplate, updates, determinism. The seeds' whole story is a golden file.
 */
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { mergeStory } from '../../src/merge/merge-story';
import type { Article, Story } from '../../src/model';
import { loadDevEvents, loadSeeds, makeArticle } from './fixtures/merge/load';

const seeds = loadSeeds();
const [etana, hurriyet, vienna, levant, barran] = ['ETANA Syria', 'Hürriyet Daily News', 'Voice of Vienna', 'Levant24', 'Barran Press'].map(
  (name) => seeds.find((a) => a.source === name)!,
);
const seedInput = { id: 'hama', articles: seeds, copy_of: { [vienna.id]: hurriyet.id }, why: {} };
const story = mergeStory(seedInput);
const outlets = (ids: string[]) => ids.map((id) => seeds.find((a) => a.id === id)!.source).sort();
const fact = (s: Story, label: RegExp) => s.facts.find((f) => label.test(f.label));
const flat = (text: string) => text.toLowerCase().replace(/\s+/g, ' ');

describe('mergeStory — the seeds', () => {
  it('every summary sentence is one an outlet wrote, and each named outlet reports it', () => {
    expect(story.summary.length).toBeGreaterThanOrEqual(4);
    expect(story.summary.length).toBeLessThanOrEqual(7);
    for (const s of story.summary) {
      expect(s.article_ids.length).toBeGreaterThan(0);
      // Extractive: the first named article holds the sentence word for word.
      expect(seeds.some((a) => flat(a.text).includes(flat(s.text)))).toBe(true);
    }
  });

  // Hand-checked against articles/*.md: for each summary sentence, the outlets whose text reports it (its claim —
  // who did what to whom — not necessarily its wording or every circumstance). The story must credit exactly these.
  const E = 'ETANA Syria';
  const H = 'Hürriyet Daily News';
  const V = 'Voice of Vienna';
  const L = 'Levant24';
  const B = 'Barran Press';
  const handChecked: [RegExp, string[], string][] = [
    [
      /announced their complete control over the city/,
      [E, H, V, L, B],
      'E "forces seized control of the key north-west city of Hama"; H "anti-regime forces ousted pro-government troops ' +
        'from Hama on Dec. 5"; V "capturing the strategic city of Hama" (rewrite of H); L "The CMO confirmed control over ' +
        'the city this evening following intense battles … regime forces and their allies, including Iranian militias"; B own',
    ],
    [
      /came hours after the anti-regime forces led by/,
      [H, V],
      'V "The announcement came shortly after opposition forces, led by … (HTS), stormed the city"; E has forces marching ' +
        'into the centre but not HTS nor the announcement; L and B neither',
    ],
    [
      /Strategically located in central Syria/,
      [H, V, B],
      'V "Located centrally between Aleppo and Damascus, its control has long been vital to the regime\'s defense of the ' +
        'capital"; B "strategically located in central Syria, serves as a crucial military hub" and "first line of defense ' +
        'for the capital"; E (a "strategically crucial crossroads … linking Damascus") and L ("lying at the center of Syria") ' +
        'say it is strategic but not that it protects the capital: not credited, acceptably',
    ],
    [
      /redeployed outside Hama/,
      [E, H, V, L, B],
      'E "the regime confirmed that all troops had been withdrawn from the city of Hama"; H "said it was redeploying ' +
        'outside the city"; V "The Syrian army confirmed the withdrawal of its forces"; L "The Assad regime acknowledged its ' +
        'withdrawal from Hama … \'Military units have repositioned outside the city\'"; B own',
    ],
    [
      /seized its prison and released inmates/,
      [E, H, V, L],
      'E "release of hundreds of political detainees from the Hama Central Prison"; V "seized the city\'s central prison, ' +
        'liberating … inmates"; L "released around 3,000 prisoners from Hama Central Prison"; B says nothing of a prison',
    ],
    [/704 people/, [H, V], 'V "claimed 704 lives, predominantly combatants but also 110 civilians"; nobody else gives a toll'],
  ];

  it('attributes every summary sentence to exactly the outlets that report it (hand-checked table)', () => {
    expect(story.summary).toHaveLength(handChecked.length);
    for (const [re, names, why] of handChecked) {
      const s = story.summary.find((x) => re.test(x.text));
      expect(s, String(re)).toBeDefined();
      expect(outlets(s!.article_ids), why).toEqual([...names].sort());
    }
  });

  it('gives every fact value to exactly the outlets that give it (hand-checked table)', () => {
    // value → outlets whose text gives it (checked against articles/*.md).
    const values: Record<string, string[]> = {
      '5 December 2024': [E, H, V, B], // L says only "Thursday"
      '27 November': [E, H, V, B], // H "On Nov. 27" (in a sentence that also says "since 2020")
      '4 December': [H, V],
      'late afternoon': [E],
      afternoon: [E], // the airport "fell in the afternoon hours"
      evening: [B],
      'this evening': [L],
      'Thursday morning': [L], // Russian airstrikes
      hundreds: [E],
      'around 3,000': [L],
      '704': [H, V],
      '110': [H, V],
      '115,000': [H],
      'over 115,000': [V],
      '50%': [H, V],
      'approximately 162 km': [B],
      '135 km': [B],
      '46 km': [B],
      'over 20': [L],
      dozens: [L],
      'Bashar al-Assad': [E, H, V, L], // E and L: "the Assad regime"; B never names him
      'Abu Mohammad al-Jolani': [H, V, L],
      Syria: [E, H, V, L, B],
      Homs: [E, H, V, L, B],
      Hama: [E, H, V, L, B],
      Damascus: [E, H, V, L, B], // E "linking Damascus", V "between Aleppo and Damascus", B "the Syrian capital, Damascus"
      Idlib: [H, V, L, B], // L "Raqqa and Idlib"
      Aleppo: [H, V, L, B], // L "Aleppo and Hama"
      'Hama Military Airport': [E, L, B],
      'Hama Central Prison': [E, L],
      'Hayat Tahrir al-Sham (HTS)': [H, V, L],
    };
    const shown = Object.fromEntries(story.facts.flatMap((f) => f.values.map((v) => [v.value, outlets(v.article_ids)])));
    expect(Object.keys(shown).sort()).toEqual(Object.keys(values).sort());
    for (const [value, names] of Object.entries(values)) expect(shown[value], value).toEqual([...names].sort());
    // A figure from a quotation ("a wound … for 40 years") is a voice, not a fact; a weekday keeps its capital.
    expect(story.facts.some((f) => f.label === 'years')).toBe(false);
    // Labels written two ways take the commoner word.
    expect(story.facts.find((f) => f.values.some((v) => v.value === 'hundreds'))!.label).toBe('prisoners released');
  });

  it('counts the rewrite as no independent report', () => {
    expect(story.outlet_count).toBe(5);
    expect(story.independent_count).toBe(4);
    expect(story.sources.find((s) => s.article_id === vienna.id)!.copy_of).toBe(hurriyet.url);
    expect(story.sources.filter((s) => s.copy_of)).toHaveLength(1);
  });

  it('gives 704 killed and 115,000 displaced to Hürriyet and Voice of Vienna only', () => {
    const killed = fact(story, /^killed$/)!;
    expect(killed.values).toEqual([expect.objectContaining({ value: '704' })]);
    expect(outlets(killed.values[0].article_ids)).toEqual(['Hürriyet Daily News', 'Voice of Vienna']);
    const displaced = fact(story, /^displaced$/)!;
    expect(outlets(displaced.values.flatMap((v) => v.article_ids))).toEqual(['Hürriyet Daily News', 'Voice of Vienna']);
    // "115,000" and "over 115,000" agree in substance, and a copy never disagrees with its original.
    expect(displaced.disagreement).toBe(false);
    expect(displaced.values.map((v) => v.value).sort()).toEqual(['115,000', 'over 115,000']);
  });

  it('shows the prisoners disagreement with who says what', () => {
    const prisoners = story.facts.find((f) => f.values.some((v) => v.value === 'hundreds'))!;
    expect(prisoners.disagreement).toBe(true);
    const byValue = Object.fromEntries(prisoners.values.map((v) => [v.value, outlets(v.article_ids)]));
    expect(byValue).toEqual({ hundreds: ['ETANA Syria'], 'around 3,000': ['Levant24'] });
    expect(prisoners.values.map((v) => v.phrase)).toEqual(['hundreds of political detainees', 'around 3,000 prisoners']);
  });

  it('lists the distances and the missile brigade as single-source details', () => {
    const single = (re: RegExp) => story.single_source.find((s) => re.test(s.text));
    for (const km of [/162 kilometers/, /135 kilometers/, /46 kilometers/]) expect(outlets(single(km)!.article_ids)).toEqual(['Barran Press']);
    expect(outlets(single(/66th Missile Brigade/)!.article_ids)).toEqual(['Levant24']);
    for (const s of story.single_source) expect(s.article_ids).toHaveLength(1);
    const km = fact(story, /^km$/)!;
    expect(km.values.map((v) => v.value)).toEqual(['approximately 162 km', '135 km', '46 km']);
    expect(km.disagreement).toBe(false); // three distances between different places, not three answers to one question
  });

  it('keeps boilerplate out of every part of the story', () => {
    const visible = JSON.stringify([story.headline, story.summary, story.facts, story.single_source]);
    expect(visible).not.toMatch(/LEAVE A REPLY|Please enter|Military Media/i);
    const lines = [...story.summary, ...story.single_source].map((s) => s.text);
    expect(lines).not.toContain('Barran Press');
    expect(lines).not.toContain(hurriyet.title);
    expect(lines.every((t) => t !== 'HAMA' && !/^HAMA\b/.test(t))).toBe(true);
  });

  it("chooses the headline from the outlets' titles: concrete, not loaded, not a series label", () => {
    expect(story.headline).toBe(hurriyet.title);
  });

  it('fills the story fields: times, language, sources in published order, a copy right after its original', () => {
    expect(story.first_published).toBe(etana.published);
    expect(story.updated).toBe(levant.published);
    expect(story.language).toBe('en');
    expect(story.changes).toEqual([]);
    const independent = story.sources.filter((s) => !s.copy_of);
    const times = independent.map((s) => Date.parse(s.published));
    expect([...times].sort((a, b) => a - b)).toEqual(times);
    // Voice of Vienna's day-only date reads as midnight, before Hürriyet's evening time; still listed after it.
    expect(story.sources.map((s) => s.source)).toEqual(['ETANA Syria', 'Hürriyet Daily News', 'Voice of Vienna', 'Barran Press', 'Levant24']);
    expect(story.sources.map((s) => s.article_id).sort()).toEqual(seeds.map((a) => a.id).sort());
  });

  it('is deterministic and independent of the input order', () => {
    const again = mergeStory({ ...seedInput, articles: [...seeds].reverse() });
    expect(again).toEqual(story);
  });

  it('matches the golden story (UPDATE_GOLDEN=1 rewrites it)', () => {
    const file = join(import.meta.dirname, 'fixtures/merge/seeds-story.json');
    const text = `${JSON.stringify(story, null, 2)}\n`;
    if (process.env.UPDATE_GOLDEN || !existsSync(file)) writeFileSync(file, text);
    expect(text).toBe(readFileSync(file, 'utf8'));
  });
});

describe('mergeStory — updates', () => {
  const first = mergeStory({ ...seedInput, articles: seeds.filter((a) => a !== barran && a !== levant) });

  it('says who joined and what is new when an outlet joins', () => {
    const next = mergeStory({ ...seedInput, articles: seeds.filter((a) => a !== barran), previous: first });
    expect(next.id).toBe(first.id);
    expect(next.changes).toContain('Levant24 joined');
    expect(next.changes).toContain(`new figure: around 3,000 ${fact(next, /released/)!.label}`);
    expect(next.changes).toContain(`sources now disagree on ${fact(next, /released/)!.label}`);
    expect(next.version).not.toBe(first.version);
  });

  it('a late report of an old event changes the story, and `updated` moves to when it was received', () => {
    const late = makeArticle({
      url: 'https://example.org/late-report',
      source: 'Example Wire',
      title: 'Opposition forces hold Hama after army redeploys outside the city',
      text: 'The Syrian army said its troops had redeployed outside Hama after opposition forces advanced into the city.',
      published: '2024-12-05T10:00:00Z',
      received: '2024-12-07T08:00:00Z',
    });
    const next = mergeStory({ ...seedInput, articles: [...seeds, late], previous: story });
    expect(next.updated).toBe('2024-12-07T08:00:00Z');
    expect(next.first_published).toBe(story.first_published);
    expect(next.version).not.toBe(story.version);
    // Merged again with nothing new, it keeps that time and its changes.
    const again = mergeStory({ ...seedInput, articles: [...seeds, late], previous: next });
    expect(again.updated).toBe(next.updated);
    expect(again.changes).toEqual(next.changes);
    expect(next.changes[0]).toBe('Example Wire joined');
    const s = next.summary.find((x) => /redeployed outside Hama/.test(x.text));
    expect(s?.article_ids).toContain(late.id);
  });

  it('keeps version and changes when nothing a reader sees changed', () => {
    const next = mergeStory({ ...seedInput, articles: seeds.filter((a) => a !== barran), previous: first });
    const again = mergeStory({ ...seedInput, articles: seeds.filter((a) => a !== barran), previous: next });
    expect(again.version).toBe(next.version);
    expect(again.changes).toEqual(next.changes);
  });
});

describe('mergeStory — every ECB+ dev event (../shared/data)', () => {
  const events = loadDevEvents();

  it('has the dev events', () => {
    expect(events.size).toBe(16);
  });

  for (const [event, articles] of events) {
    it(`${event}: a sensible story`, () => {
      const s = mergeStory({ id: event, articles, copy_of: {}, why: {} });
      const ids = new Set(articles.map((a: Article) => a.id));
      expect(s.summary.length).toBeGreaterThanOrEqual(3);
      expect(s.summary.length).toBeLessThanOrEqual(7);
      for (const x of [...s.summary, ...s.single_source]) {
        expect(x.text.trim().length).toBeGreaterThan(0);
        expect(x.article_ids.length).toBeGreaterThan(0);
        for (const id of x.article_ids) expect(ids.has(id)).toBe(true);
      }
      for (const f of s.facts) for (const v of f.values) expect(v.article_ids.every((id) => ids.has(id))).toBe(true);
      expect(articles.map((a: Article) => a.title)).toContain(s.headline);
      expect(s.independent_count).toBe(articles.length);
      expect(new Set(s.summary.map((x) => x.text)).size).toBe(s.summary.length);
    });
  }
});
