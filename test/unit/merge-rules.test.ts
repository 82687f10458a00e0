/**
 * The merge stage's rules, one named case each: paraphrase alignment, boilerplate removal, fact grouping,
 * conflict versus agreement, headline choice — and that the rules are general (no seed specifics in src/merge).
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { buildPool, supportOf } from '../../src/merge/align';
import { cleanSentences } from '../../src/merge/clean-text';
import { mergeStory } from '../../src/merge/merge-story';
import { extractQuantities } from '../../src/merge/quantities';
import { scoreTitle } from '../../src/merge/headline';
import { makeArticle } from './fixtures/merge/load';

const article = (n: number, source: string, text: string, title = `Report ${n}`) =>
  makeArticle({ url: `https://example.org/${n}`, source, title, text, published: `2030-03-0${n}T10:00:00Z` });

/** Which articles (by source) report the first sentence of article 0, per the aligner. */
function reporters(texts: string[]): string[] {
  const articles = texts.map((t, i) => article(i + 1, `Outlet ${i + 1}`, t));
  const pool = buildPool(articles);
  return [...supportOf(pool, pool.byArticle[0][0]).by.keys()].map((i) => articles[i].source);
}

describe('paraphrase alignment', () => {
  it('AL-01: the same report in other words is one sentence with both outlets', () => {
    expect(
      reporters([
        'Officials said 312 people were killed and 1,400 injured when the dam in the northern valley burst on Tuesday.',
        'The bursting of the northern valley dam on Tuesday killed 312 people and injured 1,400, officials said.',
      ]),
    ).toEqual(['Outlet 2']);
  });

  it('AL-02: word families count as one ("seized"/"captured", "inmates"/"prisoners", "freed"/"released")', () => {
    expect(
      reporters([
        'Rebel fighters seized the provincial prison and freed its inmates on Sunday night.',
        'On Sunday night the rebels captured the provincial prison and released the prisoners held there.',
      ]),
    ).toEqual(['Outlet 2']);
  });

  it('AL-03: an acronym and the name it abbreviates match', () => {
    expect(
      reporters([
        'The World Meteorological Organization warned of record heat across the southern plains this summer.',
        'Record heat across the southern plains is expected this summer, the WMO warned.',
        'The WMO publishes its annual climate report in Geneva.',
      ]),
    ).toEqual(['Outlet 2']);
  });

  it('AL-04: a sentence whose number another outlet does not give is not credited to it', () => {
    expect(
      reporters([
        'The guards released hundreds of detainees from the central prison after the takeover.',
        'The guards released around 3,000 detainees from the central prison after the takeover.',
      ]),
    ).toEqual([]);
  });

  it('AL-06: a copy adds a reporting outlet but no independent report', () => {
    const a = article(1, 'Wire', 'Officials said the dam in the northern valley burst on Tuesday, killing 312 people.');
    const b = article(2, 'Reprinter', 'Officials said the dam in the northern valley burst on Tuesday, killing 312 people.');
    const c = article(3, 'Local Paper', 'The northern valley dam burst on Tuesday and killed 312 people, officials said.');
    const s = mergeStory({ id: 's', articles: [a, b, c], copy_of: { [b.id]: a.id }, why: {} });
    expect(s.outlet_count).toBe(3);
    expect(s.independent_count).toBe(2);
    expect(s.summary[0].article_ids.sort()).toEqual([a.id, b.id, c.id].sort());
  });
});

describe('boilerplate removal', () => {
  const body = [
    'Daily Courier',
    'Dam bursts in northern valley',
    'By Jane Doe and John Roe',
    'VALLEYTOWN',
    '(Photo: Regional Authority/Handout)',
    'VALLEYTOWN: The dam in the northern valley burst on Tuesday, officials said.',
    'Rescue teams reached the villages below it by the',
    'evening.',
    'Share this article on Facebook',
    'LEAVE A REPLY',
    'Please enter your comment!',
    'Please enter your name here',
    'You have entered an incorrect email address!',
    'By then the water had receded.',
  ].join('\n');
  const sentences = cleanSentences({ source: 'Daily Courier', title: 'Dam bursts in northern valley', text: body }).map((s) => s.text);

  it('BP-01: outlet name, repeated title, byline, lone dateline, photo credit, comment form and share prompt are dropped', () => {
    expect(sentences).toEqual([
      'The dam in the northern valley burst on Tuesday, officials said.',
      'Rescue teams reached the villages below it by the evening.',
      'By then the water had receded.',
    ]);
  });

  it('BP-02: a sentence that starts like a byline or a share prompt is kept', () => {
    const kept = cleanSentences({ source: 'X', title: 'T', text: 'Share prices fell 5% on Monday.\nBy Tuesday the market had recovered.' });
    expect(kept.map((s) => s.text)).toEqual(['Share prices fell 5% on Monday.', 'By Tuesday the market had recovered.']);
  });
});

describe('fact extraction and grouping', () => {
  it('FA-01: a number is read with what it counts', () => {
    const q = extractQuantities('Officials said 312 people were killed, including 40 children, and more than 1,400 were displaced.');
    expect(q.map((x) => [x.value, x.label])).toEqual([
      ['312', 'killed'],
      ['40', 'children killed'],
    ]);
    expect(extractQuantities('The town lies 46 kilometers from the border.').map((x) => [x.value, x.label])).toEqual([['46 km', 'km']]);
    expect(extractQuantities('He ordered a 12-percent raise in pay.').map((x) => [x.value, x.label])).toEqual([['12%', '% raise']]);
  });

  it('FA-02: dates, ordinals, years, models and scores are not counts', () => {
    expect(extractQuantities('On December 5, 2024, the 66th brigade moved; in 1982 an AK-47 was found; they won 43-39.')).toEqual([]);
  });

  it('FA-03: the same figure from two outlets in two wordings is one value with both', () => {
    const a = article(1, 'A', 'The fighting has claimed 704 lives, mostly combatants, monitors said.');
    const b = article(2, 'B', 'Monitors said 704 people have been killed since the violence began.');
    const s = mergeStory({ id: 's', articles: [a, b], copy_of: {}, why: {} });
    const killed = s.facts.find((f) => f.label === 'killed')!;
    expect(killed.values).toEqual([{ value: '704', phrase: '704 lives', article_ids: [a.id, b.id] }]);
    expect(killed.kind).toBe('number');
  });

  it('FA-04: dates written differently are one date; named people are grouped across spellings', () => {
    const a = article(1, 'A', 'On Dec. 5, President Jonas Mahmoud al-Karimi addressed parliament in the capital.');
    const b = article(2, 'B', 'Jonas Mahmud al-Karimi spoke to parliament on 5 December 2030, a spokesman said.');
    const s = mergeStory({ id: 's', articles: [a, b], copy_of: {}, why: {} });
    expect(s.facts.find((f) => f.kind === 'date')!.values).toEqual([{ value: '5 December 2030', article_ids: [a.id, b.id] }]);
    expect(s.facts.find((f) => f.label === 'people')!.values[0].article_ids).toEqual([a.id, b.id]);
  });
});

describe('conflict versus agreement', () => {
  const merge = (x: string, y: string, copy = false) => {
    const a = article(1, 'A', x);
    const b = article(2, 'B', y);
    return mergeStory({ id: 's', articles: [a, b], copy_of: copy ? { [b.id]: a.id } : {}, why: {} });
  };
  const flagged = (s: ReturnType<typeof merge>, label: RegExp) => s.facts.find((f) => label.test(f.label))!.disagreement;

  it('CF-01: "hundreds" and "around 3,000" released prisoners disagree', () => {
    const s = merge('Fighters released hundreds of prisoners from the jail.', 'Fighters released around 3,000 prisoners from the jail.');
    expect(flagged(s, /released/)).toBe(true);
  });

  it('CF-02: "115,000" and "over 115,000" displaced agree in substance', () => {
    const s = merge('The agency said 115,000 people had been displaced.', 'The agency said over 115,000 people had been displaced.');
    expect(flagged(s, /displaced/)).toBe(false);
    expect(s.facts.find((f) => f.label === 'displaced')!.values).toHaveLength(2);
  });

  it('CF-03: two death tolls from independent reports disagree; from a copy they do not', () => {
    const x = 'The quake killed 12 people in the region.';
    const y = 'The quake killed 30 people in the region.';
    expect(flagged(merge(x, y), /killed/)).toBe(true);
    expect(flagged(merge(x, y, true), /killed/)).toBe(false);
  });

  it('CF-04: different distances are measures of different things, never a disagreement', () => {
    const s = merge('The town is 46 kilometers from the border.', 'The capital is 162 kilometers from the town.');
    expect(flagged(s, /^km$/)).toBe(false);
  });

  it('CF-05: a count in a sentence about an earlier year is history, not a figure of this event', () => {
    const s = merge('In 1982 troops killed thousands of civilians in the city.', 'The assault killed 110 civilians this week.');
    expect(s.facts.find((f) => /civilians killed/.test(f.label))!.values.map((v) => v.value)).toEqual(['110']);
  });
});

describe('headline', () => {
  const common = new Map([['captur', 3], ['city', 3], ['rebel', 3], ['withdraw', 2]].map(([k, v]) => [`${k}`, Number(v)]));
  const score = (t: string) => scoreTitle(t, common, 3);

  it('HL-01: a concrete statement beats a series label, a question, a loaded title and capitals', () => {
    const plain = score('Army withdraws as rebels capture key city');
    expect(plain).toBeGreaterThan(score('Offensive Update 5 – 5 December 2030'));
    expect(plain).toBeGreaterThan(score('Rebels capture key city… what next?'));
    expect(plain).toBeGreaterThan(score('Heroes Liberate City: A Major Turning Point'));
    expect(plain).toBeGreaterThan(score('REBELS CAPTURE KEY CITY'));
  });
});

describe('generality', () => {
  it('GN-01: no outlet name, place or figure of the seed articles appears in src/merge', () => {
    const dir = join(import.meta.dirname, '../../src/merge');
    const code = readdirSync(dir).map((f) => readFileSync(join(dir, f), 'utf8')).join('\n');
    const seedSpecific = [
      'Hama', 'Homs', 'Aleppo', 'Damascus', 'Idlib', 'Syria', 'Assad', 'Jolani', 'Tahrir', 'SOHR', 'SANA', 'Levant', 'Barran',
      'ETANA', 'Hürriyet', 'Hurriyet', 'Vienna', 'Zain', 'Orontes', 'Salamiyah', 'Missile Brigade', '704', '115,000', '115000',
      '3,000', '162', '135', '66th',
    ];
    for (const word of seedSpecific) expect(code.includes(word), word).toBe(false);
  });
});
