/**
 * The merge stage's rules, one named case each: paraphrase alignment, boilerplate removal, fact grouping,
 * conflict versus agreement, headline choice — and that the rules are general (no seed specifics in src/merge).
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { buildPool, supportOf } from '../../src/merge/align';
import { claimOf, mainClause } from '../../src/merge/claim';
import { cleanSentences } from '../../src/merge/clean-text';
import { extractTimes } from '../../src/merge/entities';
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

describe('claim alignment (who did what to whom, not the whole sentence)', () => {
  const lead =
    'On Sunday, 12 March, rebel forces announced their complete control over the town of Velmora, following fierce battles against government troops and allied militias.';

  it('CL-01: the main clause is the sentence without its opening adverbial and trailing circumstance', () => {
    expect(mainClause(lead)).toBe('rebel forces announced their complete control over the town of Velmora');
    expect(mainClause('In a statement, the army acknowledged that its troops had redeployed outside Velmora after rebels advanced into the town.')).toBe(
      'the army acknowledged that its troops had redeployed outside Velmora',
    );
    expect(mainClause('Police said the gunman entered the building at noon, witnesses said.')).toBe('the gunman entered the building at noon');
  });

  it('CL-02: a paraphrase of the claim is credited without the detail ("seized control of" = "announced complete control over")', () => {
    expect(
      reporters([
        lead,
        'Insurgent forces seized control of the key town of Velmora on Sunday afternoon.',
        'Rebel forces took control of the town of Velmora on Sunday and released 300 prisoners.',
      ]),
    ).toEqual(['Outlet 2', 'Outlet 3']);
  });

  it('CL-03: a withdrawal in other words, with the place left to the sentence before ("outside the town")', () => {
    expect(
      reporters([
        'In a statement, the army acknowledged that its troops had redeployed outside Velmora after rebel factions advanced into the town.',
        'Rebels entered Velmora on Sunday.\n"Military units have repositioned outside the town after the intensification of confrontations," the command stated.',
        'The army confirmed that its troops had been withdrawn from the town of Velmora to areas further south.',
      ]),
    ).toEqual(['Outlet 2', 'Outlet 3']);
  });

  it('CL-04: a different figure is not credited, even when the claim matches', () => {
    expect(
      reporters([
        'Rebel forces took control of the town of Velmora and released 300 prisoners from its jail.',
        'Rebel forces took control of the town of Velmora and released 2,000 prisoners from its jail.',
        'Rebel forces took control of the town of Velmora on Sunday.',
      ]),
    ).toEqual([]);
  });

  it('CL-05: a different place is not credited, even with the town of the story named in the lead', () => {
    expect(reporters([lead, 'Fighting raged around Velmora on Sunday.\nRebel forces seized control of the town of Dostrava on Sunday.'])).toEqual([]);
  });

  it('CL-06: a different action is not credited ("withdrew from" is no report of "seized")', () => {
    expect(reporters([lead, 'Rebel forces withdrew from the town of Velmora on Sunday after fierce battles.'])).toEqual([]);
    expect(
      reporters(['Rebel fighters seized the provincial prison on Sunday night.', 'Rebel fighters bombed the provincial prison on Sunday night.']),
    ).toEqual([]);
  });

  it('CL-07: a different actor is not credited; the same one in the passive is', () => {
    expect(
      reporters([
        'The frigate Osprey attacked two pirate boats near Cape Lorn on Tuesday.',
        'The frigate Kestrel attacked two pirate boats near Cape Lorn on Tuesday.',
        'On Tuesday the Osprey, a navy frigate, struck two pirate boats off Cape Lorn, the navy said.',
        'Two pirate boats were attacked by the frigate Osprey near Cape Lorn on Tuesday.',
      ]),
    ).toEqual(['Outlet 3', 'Outlet 4']);
  });

  it('CL-08: a clause that denies or doubts, or names its action only as a noun, makes no claim', () => {
    const none = new Map<string, string>();
    const empty = new Set<string>();
    expect(claimOf('Police could not say how many shots were fired at the building.', none, empty, empty)).toBeUndefined();
    expect(claimOf('The capture of the town has raised hopes among residents for further advances.', none, empty, empty)).toBeUndefined();
    expect(claimOf('Rebel forces seized the town on Sunday.', none, empty, empty)?.actions).toEqual(new Set(['captur']));
  });

  it('CL-09: two sentences of another outlet joined must carry the verb and its object ("raised hopes" ≠ "raised concerns")', () => {
    const s = 'The capture of Velmora has raised hopes among residents for further advances.';
    const joined = 'The rebels continued their advance toward Velmora, ultimately achieving full control of it.\nThe collapse of the defenses has raised concerns among residents.';
    expect(reporters([s, joined])).toEqual([]);
    expect(reporters([s, joined.replace('concerns', 'hopes')])).toEqual(['Outlet 2']);
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

describe('fact details', () => {
  /** The story of articles A, B … with these texts. */
  const storyOf = (...texts: string[]) =>
    mergeStory({ id: 's', articles: texts.map((t, i) => article(i + 1, String.fromCharCode(65 + i), t)), copy_of: {}, why: {} });

  it('FA-05: a time of day keeps its weekday capitalised', () => {
    expect(extractTimes('Warplanes struck targets on Thursday morning and again late afternoon.')).toEqual(['Thursday morning', 'late afternoon']);
  });

  it('FA-06: a figure in a quotation is a voice, not a fact — unless it counts an outcome', () => {
    const s = storyOf(
      '"We have entered the town to heal a wound that has lasted for 40 years," the commander said.',
      '"At least 312 people were killed in the flood," the governor said on Monday.',
    );
    expect(s.facts.find((f) => f.label === 'years')).toBeUndefined();
    expect(s.facts.find((f) => f.label === 'killed')!.values.map((v) => v.value)).toEqual(['at least 312']);
  });

  it('FA-07: a label written two ways takes the commoner, more general word', () => {
    const s = storyOf('Fighters released hundreds of detainees from the jail.', 'Fighters released around 3,000 prisoners from the jail.');
    expect(s.facts.find((f) => /released/.test(f.label))!.label).toBe('prisoners released');
  });

  it('FA-08: a date of the story counts even in a sentence that recalls an earlier year', () => {
    const s = storyOf('On Nov. 27, a coalition launched an offensive in the north, which had been calm since 2020.', 'The offensive began on 27 November 2030, officials said.');
    expect(s.facts.find((f) => f.kind === 'date')!.values).toEqual([{ value: '27 November 2030', article_ids: s.sources.map((x) => x.article_id) }]);
  });

  it('FA-09: a name mentioned without a cue takes the kind the story gives it elsewhere', () => {
    const s = storyOf('Rebel columns advanced toward Velmora on Sunday, officials said.', 'The offensive threatens Velmora and the coastal towns beyond it.');
    expect(s.facts.find((f) => f.label === 'places')!.values[0]).toEqual({ value: 'Velmora', article_ids: s.sources.map((x) => x.article_id) });
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
  it('GN-01: no outlet name or place of the seed articles appears anywhere in src/, no figure of theirs in the rules', () => {
    const root = join(import.meta.dirname, '../../src');
    const read = (dir: string) =>
      (readdirSync(join(root, dir), { recursive: true }) as string[])
        .filter((f) => f.endsWith('.ts'))
        .map((f) => readFileSync(join(root, dir, f), 'utf8'))
        .join('\n');
    const names = [
      'Hama', 'Homs', 'Aleppo', 'Damascus', 'Idlib', 'Syria', 'Assad', 'Jolani', 'Tahrir', 'SOHR', 'SANA', 'Levant', 'Barran',
      'ETANA', 'Hürriyet', 'Hurriyet', 'Vienna', 'Zain', 'Orontes', 'Salamiyah', 'Missile Brigade', '66th',
    ];
    const all = read('.');
    for (const word of names) expect(all.includes(word), word).toBe(false);
    // Figures as whole numbers (a code point such as 8704 is not 704), in the rules that read articles: elsewhere a
    // figure such as Slack's 3,000-character limit or an entity's code point is no seed figure.
    const rules = ['merge', 'cluster'].map(read).join('\n').replace(/\d[\d,]*/g, (n) => ` ${n} `);
    for (const figure of ['704', '115,000', '115000', '3,000', '162', '135']) expect(rules.includes(` ${figure} `), figure).toBe(false);
  });
});
