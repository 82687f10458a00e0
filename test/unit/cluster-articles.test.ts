/**
 * The cluster stage's pure core: same event → one story, look-alike events apart, copies marked, incremental and
 * stable ids, determinism. Cases from the seed articles and from ECB+ train topics (../shared/data).
 */
import { describe, expect, it } from 'vitest';
import { ecbToArticle, readEcbPlus, readSeedArticles } from '../../bench/data';
import { addArticles, clusterArticles, emptyClusterIndex } from '../../src/cluster/cluster-articles';
import { DEFAULT_PARAMS } from '../../src/cluster/scoring';
import { hashString } from '../../src/core/hash';
import type { ClusterIndex } from '../../src/cluster/types';
import type { Article } from '../../src/model';
import { normalizeArticle } from '../../src/ingest/validate-article';
import { MULTILINGUAL_EVENTS } from '../fixtures/multilingual';

const seeds = readSeedArticles();
const ecb = readEcbPlus();
const bySource = (name: string) => seeds.find((a) => a.source.startsWith(name))!;

/** The partition as a sorted list of sorted member lists (story ids left out). */
function partition(index: ClusterIndex): string[][] {
  return index.stories.map((s) => [...s.members].sort()).sort((a, b) => (a[0] < b[0] ? -1 : 1));
}

function storyOf(index: ClusterIndex, articleId: string) {
  return index.stories.find((s) => s.members.includes(articleId));
}

/** The stories holding these articles. */
function storiesOf(index: ClusterIndex, xs: Article[]): Set<string> {
  return new Set(xs.map((x) => storyOf(index, x.id)!.id));
}

/** An ECB+ topic's other event. */
const other = (first: string) => (first === 'ecb' ? 'ecbplus' : 'ecb');

/** Articles of one ECB+ gold event, dated or not. */
function event(cluster: string, withDates = true): Article[] {
  return ecb.filter((r) => r.cluster === cluster).map((r) => ecbToArticle(r, withDates));
}

/** Each article in a run of its own, the index through JSON between runs (as stored in KV). */
function oneEach(index: ClusterIndex, xs: Article[], params = DEFAULT_PARAMS): ClusterIndex {
  return xs.reduce((ix, x) => JSON.parse(JSON.stringify(addArticles(ix, [x], params).index)) as ClusterIndex, index);
}

/** A near-verbatim rewrite: the same report with its paragraphs in another order and a new headline. */
function rewrite(a: Article, url: string, source: string): Article {
  const lines = a.text.split('\n');
  return { ...a, id: `rewrite-of-${a.id}`, url, source, title: `${a.title} (wire)`, text: [...lines.slice(1), lines[0]].join('\n') };
}

describe('seed articles (five outlets, one event)', () => {
  const index = clusterArticles(seeds);

  it('makes one story of the five reports', () => {
    expect(index.stories).toHaveLength(1);
    expect(index.stories[0].members).toHaveLength(5);
  });

  it('marks 002 (Voice of Vienna) as a rewrite of 001 (Hürriyet)', () => {
    expect(index.stories[0].copy_of).toEqual({ [bySource('Voice of Vienna').id]: bySource('Hürriyet').id });
  });

  it('counts 4 independent reports', () => {
    const s = index.stories[0];
    expect(s.members.filter((m) => !(m in s.copy_of))).toHaveLength(4);
  });

  it('says why each article joined: shared names and a similarity', () => {
    const s = index.stories[0];
    for (const m of s.members.slice(1)) expect(s.why[m]).toMatch(/shared: .*Hama.*similarity \d\.\d\d/);
  });

  it('gives the story the id of its founding article', () => {
    expect(index.stories[0].id).toBe(hashString('story:' + index.stories[0].members[0]));
  });
});

describe('same event, different words → one story', () => {
  const cases: { name: string; articles: () => Article[] }[] = [
    {
      name: 'wire rewrite is one independent source',
      articles: () => {
        const original = ecbToArticle(ecb.find((r) => r.id === '1_2ecbplus')!, true);
        return [original, rewrite(original, 'https://example.org/wire-copy', 'Wire Reprint')];
      },
    },
    {
      name: 'four outlets on Lindsay Lohan entering the Morningside rehab, 2–3 May 2013 (1_ecbplus)',
      articles: () => ['1_2ecbplus', '1_4ecbplus', '1_5ecbplus', '1_7ecbplus'].map((id) => ecbToArticle(ecb.find((r) => r.id === id)!, true)),
    },
    { name: 'reports of one Chargers DUI arrest, without dates (35_ecbplus)', articles: () => event('35_ecbplus', false).slice(0, 6) },
    {
      name: 'a short report and a long one of the same Waitrose fire (14_ecbplus)',
      articles: () => {
        const all = event('14_ecbplus').sort((a, b) => a.text.length - b.text.length);
        return [all[0], all[all.length - 1]];
      },
    },
  ];
  it.each(cases)('$name', ({ name, articles }) => {
    const input = articles();
    const index = clusterArticles(input);
    expect(index.stories, name).toHaveLength(1);
    if (name.startsWith('wire rewrite')) {
      const s = index.stories[0];
      expect(Object.keys(s.copy_of)).toEqual([input[1].id]);
      expect(s.copy_of[input[1].id]).toBe(input[0].id);
    }
  });
});

describe('look-alike events → separate stories (ECB+ train topics: two events of one kind)', () => {
  const cases: { name: string; a: string; b: string }[] = [
    { name: 'two Waitrose supermarket fires in two towns (topic 14)', a: '14_ecb', b: '14_ecbplus' },
    { name: 'two rehab check-ins by two actresses (topic 1)', a: '1_ecb', b: '1_ecbplus' },
    { name: 'two prison escapes / sentencings in two states (topic 3)', a: '3_ecb', b: '3_ecbplus' },
    { name: 'two deaths of two actresses (topic 4)', a: '4_ecb', b: '4_ecbplus' },
    // Kept apart by mismatched principal names (each side's headline and lead name someone the other's do not).
    { name: 'two title defences by one boxer against two challengers (topic 7)', a: '7_ecb', b: '7_ecbplus' },
    { name: 'two clubs making offers to one free agent (topic 10)', a: '10_ecb', b: '10_ecbplus' },
    { name: 'two earthquakes in southern Iran (topic 20)', a: '20_ecb', b: '20_ecbplus' },
    { name: 'two players of one team put on injured reserve (topic 25)', a: '25_ecb', b: '25_ecbplus' },
    // Split after the merge pass (session 10): the reports bridge into one story, whose two sides each name a man
    // (Mark Felt, Fred LaRue) the other's leads do not. See 'a story of one batch holding two look-alike events'.
    { name: 'two deaths of two Watergate figures (topic 28)', a: '28_ecb', b: '28_ecbplus' },
  ];
  const apart = ({ a, b }: { a: string; b: string }) => {
    const first = event(a, false).slice(0, 4);
    const second = event(b, false).slice(0, 4);
    const index = clusterArticles([...first, ...second]);
    for (const x of first) for (const y of second) expect(storyOf(index, x.id)).not.toBe(storyOf(index, y.id));
  };
  it.each(cases)('$name', apart);

  // Known limit, kept as a failing case so a fix shows: the two arrests share their place, their kind and most
  // names (the Chargers), and with four reports of each they gather in one story whose two sides agree across 0.73
  // of what they agree within, above partRatio, so the split (session 10) does not cut it. (In the whole dev batch,
  // eleven and ten reports, the sides agree 0.67 of within and it does.)
  const known = [{ name: 'two DUI arrests of two San Diego Chargers players (topic 35)', a: '35_ecb', b: '35_ecbplus' }];
  for (const c of known) it.fails(`known limit: ${c.name}`, () => apart(c));
});

describe('a story of one batch holding two look-alike events splits in two (session 10, ECB+ train topic 28)', () => {
  // Without the split, and without the years the undated reports name (Felt's, 2005–2008, after LaRue's dated 2004
  // death: they alone keep four dated reports of each apart since session 12).
  const noSplit = { ...DEFAULT_PARAMS, splitShare: 2, yearFloors: false };
  /** First `n` reports of each of topic 28's events (Mark Felt's death; Fred LaRue's), in one batch. */
  const batch = (n: number, withDates: boolean) => ({
    felt: event('28_ecb', withDates).slice(0, n),
    larue: event('28_ecbplus', withDates).slice(0, n),
  });
  const cases = [
    { name: 'four reports of each, dated', n: 4, withDates: true },
    { name: 'four reports of each, undated', n: 4, withDates: false },
    { name: 'eight reports of each, undated', n: 8, withDates: false },
  ];

  it.each(cases)('$name: each death whole in a story of its own; without the split, one story', ({ n, withDates }) => {
    const { felt, larue } = batch(n, withDates);
    const index = clusterArticles([...felt, ...larue]);
    expect(storiesOf(index, felt).size).toBe(1);
    expect(storiesOf(index, larue).size).toBe(1);
    expect(storyOf(index, felt[0].id)!.id).not.toBe(storyOf(index, larue[0].id)!.id);
    const merged = clusterArticles([...felt, ...larue], noSplit);
    expect(storyOf(merged, felt[0].id)!.id).toBe(storyOf(merged, larue[0].id)!.id);
  });

  it('the side without the first report leaves under the id of its own first report, saying why; nothing redirects', () => {
    const { felt, larue } = batch(4, false);
    const index = clusterArticles([...felt, ...larue]);
    const kept = storyOf(index, felt[0].id)!;
    const left = storyOf(index, larue[0].id)!;
    const merged = storyOf(clusterArticles([...felt, ...larue], noSplit), felt[0].id)!;
    // The story made in the run keeps its id; the side that leaves takes its first report's, as any story does.
    expect(kept.id).toBe(merged.id);
    expect(left.id).toBe(hashString('story:' + left.members[0]));
    expect(index.redirects).toEqual({});
    expect(left.why[left.members[0]]).toMatch(
      new RegExp(`^first report; left story ${kept.id} with 3 more reports of this run: their leads name [^,]*LaRue, which those of its other 4 reports do not \\(theirs name Felt[^)]*\\), and they agree with one another \\(0\\.\\d\\d\\) far more than with them \\(0\\.\\d\\d\\)$`),
    );
  });

  it('later runs keep both ids: more reports of each death join their own story, and the two never merge', () => {
    const { felt, larue } = batch(4, false);
    const first = clusterArticles([...felt, ...larue]);
    const feltId = storyOf(first, felt[0].id)!.id;
    const larueId = storyOf(first, larue[0].id)!.id;
    expect(larueId).not.toBe(feltId);
    const more = [...event('28_ecb', false).slice(4, 7), ...event('28_ecbplus', false).slice(4, 7)];
    const later = oneEach(JSON.parse(JSON.stringify(first)) as ClusterIndex, more);
    for (const x of event('28_ecb', false).slice(0, 7)) expect(storyOf(later, x.id)!.id, x.id).toBe(feltId);
    for (const x of event('28_ecbplus', false).slice(0, 7)) expect(storyOf(later, x.id)!.id, x.id).toBe(larueId);
    expect(later.redirects).toEqual({});
  });

  // One event told two ways: the bisection finds two sides that agree across less than within, but they share their
  // core name (the robbery in Paris; the actress's death), so nothing splits. Ignoring the names, each would split.
  const oneEvent = [
    { name: 'a Paris jewellery robbery, as "armed robbers" and as "Harry Winston" (24_ecb)', cluster: '24_ecb', withDates: true },
    { name: 'the same, undated (24_ecb)', cluster: '24_ecb', withDates: false },
    { name: "an actress's death (4_ecbplus)", cluster: '4_ecbplus', withDates: true },
  ];
  it.each(oneEvent)('one event, two framings, stays as it was: $name', ({ cluster, withDates }) => {
    const articles = event(cluster, withDates);
    const index = clusterArticles(articles);
    expect(partition(index)).toEqual(partition(clusterArticles(articles, noSplit)));
    const namesIgnored = clusterArticles(articles, { ...DEFAULT_PARAMS, splitShare: 0, splitRare: 1 });
    expect(namesIgnored.stories.length).toBeGreaterThan(index.stories.length);
  });
});

describe('scripts without capitals or spaces: one event together, a look-alike apart (Chinese, Japanese, Hindi)', () => {
  // Reports written for these tests (test/fixtures/multilingual.ts), dated as feeds date them.
  const received = new Date('2025-01-01T00:00:00Z');
  const reports = (event: string) => MULTILINGUAL_EVENTS[event].map((x) => normalizeArticle(x, received));
  const cases = [
    { name: 'Chinese: two outlets on the Luding earthquake; the Jishishan earthquake (same wording, a year later) apart', same: 'zh-luding', other: 'zh-jishishan' },
    { name: 'Japanese: two outlets on the Noto earthquake; the Hyuganada earthquake apart', same: 'ja-noto', other: 'ja-hyuganada' },
    { name: 'Hindi: two outlets on the Chandrayaan-3 landing; the Aditya-L1 launch ten days later apart', same: 'hi-chandrayaan', other: 'hi-aditya' },
  ];
  const check = (index: ClusterIndex, same: Article[], other: Article[]) => {
    const story = storyOf(index, same[0].id)!;
    for (const a of same) expect(storyOf(index, a.id), a.url).toBe(story);
    for (const b of other) expect(storyOf(index, b.id), b.url).not.toBe(story);
    expect(story.copy_of, 'independent reports are not copies').toEqual({});
  };
  it.each(cases)('$name — in one batch', ({ same, other }) => {
    const a = reports(same);
    const b = reports(other);
    check(clusterArticles([...a, ...b]), a, b);
  });
  const later = ({ same, other }: { same: string; other: string }) => {
    const a = reports(same);
    const b = reports(other);
    check(addArticles(clusterArticles(a), b).index, a, b);
  };
  it.each(cases.slice(0, 2))('$name — the look-alike in a later run', later);
  it('keeps the six events of three languages as six stories in one batch', () => {
    const events = Object.keys(MULTILINGUAL_EVENTS);
    const all = events.flatMap((e) => reports(e).map((a) => ({ e, a })));
    const index = clusterArticles(all.map((x) => x.a));
    const expected = events.map((e) => all.filter((x) => x.e === e).map((x) => x.a.id).sort()).sort((x, y) => (x[0] < y[0] ? -1 : 1));
    expect(partition(index)).toEqual(expected);
  });
  it('marks a near-verbatim copy of a Chinese report as a rewrite of it', () => {
    const [original, other] = reports('zh-luding');
    const copy = { ...original, id: 'copy', url: 'https://copies.example/luding', source: '转载网', text: `${original.text}\n（来源：新华社）`, published: '2022-09-05T09:00:00.000Z' };
    const story = clusterArticles([original, other, copy]).stories[0];
    expect(story.copy_of).toEqual({ copy: original.id });
  });
  // Known limit, kept failing so a fix shows: without dates, two Chinese reports of two earthquakes written in the
  // seismic network's set wording ("据中国地震台网正式测定……发生6.8级地震，震源深度16千米") share more than two outlets'
  // own words on one of them; Chinese has no capitals to mark the places as names, so the name check cannot help.
  // Known limit: Devanagari has no capitals, so the reader finds no names in Hindi, and the principal-name check that
  // parts such pairs in English has nothing to compare. Arriving in a later run, the launch report joins the landing's
  // story just above the threshold: they share ISRO, its chairman, India, "successfully", and Chandrayaan-3 (recalled
  // in the launch report's last line).
  it.fails(`known limit: ${cases[2].name} — the look-alike in a later run`, () => later(cases[2]));
  it.fails('known limit: Chinese, without dates — the Jishishan earthquake apart from the Luding one', () => {
    const undated = (e: string) => reports(e).map((a) => ({ ...a, published: received.toISOString(), published_inferred: true }));
    const a = undated('zh-luding');
    const b = undated('zh-jishishan');
    check(clusterArticles([...a, ...b]), a, b);
  });
});

describe('reassignment after a batch', () => {
  it('moves a report placed before its own event\'s story existed to that story (topic 9, two Endangered Species Act rule changes)', () => {
    const records = ecb.filter((r) => r.topic === 9 && r.split === 'train');
    const articles = records.map((r) => ecbToArticle(r, true));
    const gold = new Map(records.map((r) => [r.id, r.cluster]));
    const eventsOf = (index: ClusterIndex, id: string) => new Set(storyOf(index, id)!.members.map((m) => gold.get(m)));
    // Without the second look it stays with the other event's reports, which were all it could join then.
    const once = clusterArticles(articles, { ...DEFAULT_PARAMS, moveMargin: -1 });
    expect(eventsOf(once, '9_2ecb')).toContain('9_ecbplus');
    const index = clusterArticles(articles);
    expect([...eventsOf(index, '9_2ecb')]).toEqual(['9_ecb']);
    expect(storyOf(index, '9_2ecb')!.why['9_2ecb']).toMatch(/similarity \d\.\d\d/);
  });
});

describe('a look-alike event in a later run parts from the story it joined (ECB+ train topics, arrival order)', () => {
  // One event's four reports in one run; three days later the look-alike's four in another. Its first report joins
  // the established story just above the threshold (its lead recalls the earlier event) and the rest follow it.
  const train = ecb.filter((r) => r.split === 'train');
  const shareStory = (index: ClusterIndex, xs: Article[], ys: Article[]) => {
    const s = storiesOf(index, xs);
    return ys.some((y) => s.has(storyOf(index, y.id)!.id));
  };
  const pairs = [
    { name: 'a lineup change, then another (topic 11)', topic: 11, first: 'ecb' },
    { name: 'one Watergate figure dies, then another (topic 28)', topic: 28, first: 'ecb' },
    { name: 'the same, the other way round (topic 28)', topic: 28, first: 'ecbplus' },
    { name: 'one earthquake, then another in the region (topic 20)', topic: 20, first: 'ecbplus' },
    { name: 'one player placed on injured reserve, then another (topic 10)', topic: 10, first: 'ecbplus' },
  ];

  it.each(pairs)('$name', async ({ topic, first }) => {
    const { reportsOn } = await import('../../bench/quality');
    const a = reportsOn(train, `${topic}_${first}`, 0, 4);
    const b = reportsOn(train, `${topic}_${other(first)}`, 3, 4);
    const before = addArticles(emptyClusterIndex(), a).index;
    const storyA = storyOf(before, a[0].id)!.id;
    // Without parting, the look-alike's reports are in the first event's story.
    expect(shareStory(addArticles(before, b, { ...DEFAULT_PARAMS, partRatio: 0 }).index, a, b)).toBe(true);
    const after = addArticles(before, b).index;
    expect(shareStory(after, a, b)).toBe(false);
    expect(storiesOf(after, b).size).toBe(1);
    // The first event's story keeps its id; the new one takes its first report's, as any story does, and says why.
    expect(storyOf(after, a[0].id)!.id).toBe(storyA);
    const storyB = storyOf(after, b[0].id)!;
    expect(storyB.id).toBe(hashString('story:' + storyB.members[0]));
    expect(storyB.why[storyB.members[0]]).toMatch(/^first report; left story .* with 3 more reports of this run/);
    expect(after.redirects[storyB.id]).toBeUndefined();
  });

  // The close calls among train's events: four more reports of one event a day later, whose mean cosine with the
  // story's earlier reports is lowest against their own (0.82–0.85 of it in one run; parting takes below 0.7). One
  // run each, 19_ecbplus is the closest: its later reports (the riots' next nights) agree with one another more than
  // with its first ones (0.68 of it after three runs), but not less with the first ones than those agree among
  // themselves — the test newcomers of several runs must pass too (see probation below).
  it.each([
    { name: 'an actress\'s death (3_ecb)', cluster: '3_ecb' },
    { name: 'an NBA trade (13_ecb)', cluster: '13_ecb' },
    { name: 'a shooting (16_ecbplus)', cluster: '16_ecbplus' },
    { name: 'riots after a police shooting, night after night (19_ecbplus)', cluster: '19_ecbplus' },
    { name: 'an election result (29_ecbplus)', cluster: '29_ecbplus' },
  ])('keeps more reports of the same event in its story, in one run and one run each: $name', async ({ cluster }) => {
    const { reportsOn } = await import('../../bench/quality');
    const a = reportsOn(train, cluster, 0, 4);
    const more = reportsOn(train, cluster, 1, 4, 4);
    expect(more).toHaveLength(4);
    const before = addArticles(emptyClusterIndex(), a).index;
    const story = new Set([storyOf(before, a[0].id)!.id]);
    expect(storiesOf(addArticles(before, more).index, [...a, ...more])).toEqual(story);
    expect(storiesOf(oneEach(before, more), [...a, ...more])).toEqual(story);
  });

  // A rewrite goes with the report it rewrites: of an earlier report it stays, of a parting report it parts.
  it.each([
    { name: 'of an earlier report stays in the story', of: 'earlier' },
    { name: 'of a parting report goes along', of: 'parting' },
  ])('a rewrite $name (topic 28)', async ({ of }) => {
    const { reportsOn } = await import('../../bench/quality');
    const a = reportsOn(train, '28_ecb', 0, 4);
    const b = reportsOn(train, '28_ecbplus', 3, 4);
    const source = of === 'earlier' ? a[1] : b[0];
    const copy = { ...rewrite(source, 'https://wire.example/watergate', 'Wire Example'), published: b[3].published };
    const after = addArticles(addArticles(emptyClusterIndex(), a).index, [...b, copy]).index;
    const story = storyOf(after, source.id)!;
    expect(story.members).toContain(copy.id);
    // Marked a copy of the report it rewrites, or of the original that report itself copies (wire copies in ECB+).
    expect(story.copy_of[copy.id]).toBe(story.copy_of[source.id] ?? source.id);
    expect(shareStory(after, a, b)).toBe(false);
  });

  // Synthetic news (bench/synthetic.ts), six runs of 1,000: each run's events are new, drawn from the same themes,
  // so many a run's event first joins an earlier run's look-alike and parts. In the sixth run a parted story's first
  // report had opened a story earlier in that run which merged into the one it left; its id came back twice.
  it('keeps the index whole over many runs that part stories: each article in one story, ids unique, redirects to living stories', async () => {
    const { syntheticArticles } = await import('../../bench/synthetic');
    let index = emptyClusterIndex();
    let parted = 0;
    for (let run = 1; run <= 6; run++) {
      const batch = syntheticArticles(1000, run, `r${run}-`);
      index = addArticles(index, batch).index;
      const ids = index.stories.map((s) => s.id);
      expect(new Set(ids).size, `run ${run}`).toBe(ids.length);
      const members = index.stories.flatMap((s) => s.members);
      expect(new Set(members).size, `run ${run}`).toBe(members.length);
      expect(members.length).toBe(run * 1000);
      for (const s of index.stories) {
        for (const [copy, original] of Object.entries(s.copy_of)) {
          expect(s.members, `run ${run}: copy ${copy} of ${original}`).toContain(copy);
          expect(s.members, `run ${run}: copy ${copy} of ${original}`).toContain(original);
        }
      }
      const living = new Set(ids);
      for (const [from, to] of Object.entries(index.redirects)) {
        expect(living.has(to), `run ${run}: ${from} → ${to}`).toBe(true);
        expect(living.has(from), `run ${run}: ${from} is a story and a redirect`).toBe(false);
      }
      parted = index.stories.filter((s) => /^first report; left story /.test(s.why[s.members[0]])).length;
    }
    expect(parted).toBeGreaterThan(10);
  });

  // A run that brings both: more reports of the story's event (and their rewrites) stay, the look-alike's part.
  it.each([
    { topic: 28, first: 'ecb' },
    { topic: 28, first: 'ecbplus' },
    { topic: 20, first: 'ecbplus' },
  ])('parts only the look-alike from a run that brings both, rewrites with their originals (topic $topic, $first first)', async ({ topic, first }) => {
    const { reportsOn } = await import('../../bench/quality');
    const a = reportsOn(train, `${topic}_${first}`, 0, 4);
    const b = reportsOn(train, `${topic}_${other(first)}`, 3, 4);
    const more = reportsOn(train, `${topic}_${first}`, 3, 2, 4);
    const copies = more.map((x, i) => ({
      ...rewrite(x, `https://wire.example/${topic}/${i}`, 'Wire Example'),
      published: new Date(Date.parse(x.published) + 30 * 60_000).toISOString(),
    }));
    const before = addArticles(emptyClusterIndex(), a).index;
    const after = addArticles(before, [...b, ...more, ...copies]).index;
    const storyA = storyOf(after, more[0].id)!;
    expect(storyA.id).toBe(storyOf(before, a[a.length - 1].id)!.id);
    for (const x of [...more, ...copies]) expect(storyOf(after, x.id)!.id, x.id).toBe(storyA.id);
    // Each rewrite and its source are marked as a pair (which is the original goes by time; a report at midnight
    // UTC reads as dated only, so the rewrite timed half an hour later may count as the original).
    copies.forEach((c, i) => expect(storyA.copy_of[c.id] === more[i].id || storyA.copy_of[more[i].id] === c.id, c.id).toBe(true));
    expect(shareStory(after, [...a, ...more], b)).toBe(false);
    expect(storiesOf(after, b).size).toBe(1);
  });

  it('never merges the two back: more reports of either event, in one run or one at a time, after a trip through JSON', async () => {
    const { reportsOn } = await import('../../bench/quality');
    const a = reportsOn(train, '28_ecb', 0, 4);
    const b = reportsOn(train, '28_ecbplus', 3, 4);
    const laterA = reportsOn(train, '28_ecb', 4, 6, 4);
    const laterB = reportsOn(train, '28_ecbplus', 4, 6, 4);
    const parted = addArticles(addArticles(emptyClusterIndex(), a).index, b).index;
    const storyB = storyOf(parted, b[0].id)!.id;
    const stored = (parted.features as { stories: Record<string, { a?: string[] }> }).stories;
    expect(stored[storyB].a).toEqual([storyOf(parted, a[0].id)!.id]);
    const reload = JSON.parse(JSON.stringify(parted)) as ClusterIndex;
    const oneRun = addArticles(reload, [...laterA, ...laterB]).index;
    const oneEach = [...laterA, ...laterB].reduce((index, x) => addArticles(index, [x]).index, reload);
    for (const index of [oneRun, oneEach]) {
      expect(shareStory(index, [...a, ...laterA], [...b, ...laterB])).toBe(false);
      expect(storyOf(index, b[0].id)!.id).toBe(storyB);
    }
  });
});

describe('a look-alike event whose reports come one run each parts over runs (probation; ECB+ train topics)', () => {
  // A digest's cron run often meets one report at a time. The look-alike's first report joins the established story
  // weakly and begins its probation; its next reports are tested with it, run after run, and they leave together.
  const train = ecb.filter((r) => r.split === 'train');
  type Stored = { stories: Record<string, { q?: { m: string[]; r: number; n: number } }>; runs?: number };
  const stored = (index: ClusterIndex) => index.features as Stored;

  it.each([
    { name: 'one Watergate figure dies, then another (topic 28)', topic: 28, first: 'ecb' },
    { name: 'the same, the other way round (topic 28)', topic: 28, first: 'ecbplus' },
  ])('$name', async ({ topic, first }) => {
    const { reportsOn } = await import('../../bench/quality');
    const a = reportsOn(train, `${topic}_${first}`, 0, 4);
    const b = reportsOn(train, `${topic}_${other(first)}`, 3, 4);
    const before = addArticles(emptyClusterIndex(), a).index;
    const storyA = storyOf(before, a[0].id)!.id;
    // Without probation the look-alike's reports all end in the first event's story.
    const without = oneEach(before, b, { ...DEFAULT_PARAMS, probationRuns: 0 });
    expect(storiesOf(without, b)).toEqual(new Set([storyA]));
    // Its first report joins weakly: on probation, with the story's centroid as it was before it.
    const first1 = addArticles(before, [b[0]]).index;
    expect(storyOf(first1, b[0].id)!.id).toBe(storyA);
    expect(stored(first1).stories[storyA].q).toMatchObject({ m: [b[0].id], n: 4, r: 2 });
    const after = oneEach(before, b);
    expect(storiesOf(after, a)).toEqual(new Set([storyA]));
    expect(storiesOf(after, b).size).toBe(1);
    const storyB = storyOf(after, b[0].id)!;
    expect(storyB.id).not.toBe(storyA);
    expect(storyB.id).toBe(hashString('story:' + storyB.members[0]));
    expect(storyB.why[storyB.members[0]]).toMatch(/^first report; left story .* with \d more reports? of its last \d runs: they agree/);
    // The story it left keeps its id and earlier reports, and no probation; the new one never merges back.
    expect(stored(after).stories[storyA].q).toBeUndefined();
    expect(storyOf(after, a[0].id)!.members).toEqual(a.map((x) => x.id));
    const laterA = reportsOn(train, `${topic}_${first}`, 4, 2, 4);
    const laterB = reportsOn(train, `${topic}_${other(first)}`, 4, 2, 4);
    const more = oneEach(after, [...laterA, ...laterB]);
    expect(storiesOf(more, [...a, ...laterA])).toEqual(new Set([storyA]));
    expect(storiesOf(more, [...b, ...laterB])).toEqual(new Set([storyB.id]));
  });

  it('moves a report on probation with its rewrite from an earlier run, marked as a copy in the new story', async () => {
    const { reportsOn } = await import('../../bench/quality');
    const a = reportsOn(train, '28_ecb', 0, 4);
    const b = reportsOn(train, '28_ecbplus', 3, 4);
    const copy = { ...rewrite(b[0], 'https://wire.example/larue', 'Wire Example'), published: new Date(Date.parse(b[0].published) + 600_000).toISOString() };
    const after = oneEach(addArticles(emptyClusterIndex(), a).index, [b[0], copy, ...b.slice(1)]);
    const storyB = storyOf(after, b[0].id)!;
    expect(storyB.id).toBe(hashString('story:' + b[0].id));
    expect(storyB.members).toContain(copy.id);
    // Marked a pair (b[0] is timed at midnight UTC, which reads as a date only: the rewrite may count as the original).
    expect(storyB.copy_of[copy.id] === b[0].id || storyB.copy_of[b[0].id] === copy.id).toBe(true);
    expect(storiesOf(after, a)).toEqual(new Set([storyOf(after, a[0].id)!.id]));
    expect(storyOf(after, a[0].id)!.copy_of[copy.id]).toBeUndefined();
  });

  it('ends a probation after probationRuns runs, and in a run of more than one chunk', async () => {
    const { reportsOn } = await import('../../bench/quality');
    const a = reportsOn(train, '28_ecb', 0, 4);
    const b = reportsOn(train, '28_ecbplus', 3, 1);
    let index = addArticles(addArticles(emptyClusterIndex(), a).index, b).index;
    const storyA = storyOf(index, a[0].id)!.id;
    expect(stored(index).stories[storyA].q?.m).toEqual([b[0].id]);
    // Unrelated reports, one run each: begun in run 2, the probation lasts through run 2 + probationRuns − 1 and is
    // dropped at its end.
    expect(stored(index).runs).toBe(2);
    const others = reportsOn(train, '14_ecb', 5, DEFAULT_PARAMS.probationRuns);
    for (let run = 3; run < 3 + others.length; run++) {
      index = addArticles(index, [others[run - 3]]).index;
      expect(stored(index).stories[storyA].q === undefined, `run ${run}`).toBe(run >= 2 + DEFAULT_PARAMS.probationRuns - 1);
    }
    // A run of more than 1,000 articles keeps no newcomers: the probations of the stories it touches end.
    const big = addArticles(emptyClusterIndex(), a).index;
    const probation = addArticles(big, b).index;
    const { syntheticArticles } = await import('../../bench/synthetic');
    const more = reportsOn(train, '28_ecb', 6, 2, 4);
    const batch = addArticles(probation, [...more, ...syntheticArticles(1000, 3, 'big-')]).index;
    expect(storyOf(batch, more[0].id)!.id).toBe(storyA);
    expect(stored(batch).stories[storyA].q).toBeUndefined();
  });

  // ECB+ train as a news stream: each topic's first event from day 2t, the other three days later, reports two hours
  // apart, a few a run; many runs with probations begun, tested, parted and ended.
  it('keeps the index whole over a stream of runs: each article in one story, ids unique, probations of members only', async () => {
    const { streamArticles } = await import('../../bench/quality');
    let index = emptyClusterIndex();
    const articles = streamArticles(train, 'ecb');
    for (let i = 0; i < articles.length; i += 3) {
      index = addArticles(index, articles.slice(i, i + 3)).index;
      const ids = index.stories.map((s) => s.id);
      expect(new Set(ids).size).toBe(ids.length);
      const members = index.stories.flatMap((s) => s.members);
      expect(new Set(members).size).toBe(members.length);
      expect(members.length).toBe(Math.min(i + 3, articles.length));
      const living = new Set(ids);
      for (const [from, to] of Object.entries(index.redirects)) expect(living.has(to) && !living.has(from), `${from} → ${to}`).toBe(true);
      for (const s of index.stories) {
        for (const [copy, original] of Object.entries(s.copy_of)) expect(s.members).toEqual(expect.arrayContaining([copy, original]));
        for (const m of stored(index).stories[s.id].q?.m ?? []) expect(s.members, `${s.id} probation`).toContain(m);
      }
    }
    expect(index.stories.filter((s) => / of its last \d+ runs: /.test(s.why[s.members[0]])).length).toBeGreaterThan(0);
    // And it scores: B-cubed 0.931 today (docs/clustering.md, the stream table; 0.919 before the merge pass held two
    // earlier stories of three or more reports apart unless they agree as much as within). Floor 0.01 below.
    const { scoreClustering } = await import('../../bench/metrics');
    const predicted = new Map(index.stories.flatMap((s) => s.members.map((m) => [m, s.id] as const)));
    expect(scoreClustering(new Map(train.map((r) => [r.id, r.cluster])), predicted).bcubed.f1).toBeGreaterThanOrEqual(0.921);
  });
});

describe('incremental and stable', () => {
  const [x1, x2, x3, x4] = seeds;

  it('keeps a story id as the story grows', () => {
    const first = addArticles(emptyClusterIndex(), [x1, x2]);
    const id = storyOf(first.index, x1.id)!.id;
    const second = addArticles(first.index, [x3, x4]);
    expect(storyOf(second.index, x1.id)!.id).toBe(id);
    expect(storyOf(second.index, x4.id)!.id).toBe(id);
    expect(second.touched).toContain(id);
  });

  it('does not modify the index it is given', () => {
    const first = addArticles(emptyClusterIndex(), [x1, x2]);
    const frozen = JSON.stringify(first.index);
    addArticles(first.index, [x3, x4]);
    expect(JSON.stringify(first.index)).toBe(frozen);
  });

  it('hands back an update that no later run touches (a run empties its own objects when done, never its result)', () => {
    const first = addArticles(emptyClusterIndex(), [x1, x2, x3]);
    const features = first.index.features as { terms: string[]; df: number[] };
    expect(features.terms.length).toBeGreaterThan(0);
    expect(features.terms).toHaveLength(features.df.length);
    const frozen = JSON.stringify(first);
    addArticles(first.index, [x4]);
    addArticles(emptyClusterIndex(), event('26_ecb'));
    expect(JSON.stringify(first)).toBe(frozen);
  });

  it('keeps an updated article in its story', () => {
    const first = addArticles(emptyClusterIndex(), [x1, x2, x3]);
    const id = storyOf(first.index, x2.id)!.id;
    const updated = { ...x2, title: 'Something else entirely', text: 'A correction was appended.' };
    const second = addArticles(first.index, [updated]);
    expect(storyOf(second.index, x2.id)!.id).toBe(id);
    expect(second.index.stories.flatMap((s) => s.members).filter((m) => m === x2.id)).toHaveLength(1);
  });

  it('merges two stories that turn out to be one: the older id survives, the other redirects to it', () => {
    // Two stories opened apart on purpose (a high join threshold), then a run with normal thresholds whose
    // new articles bridge them.
    const reports = event('26_ecb', false);
    const strict = { ...DEFAULT_PARAMS, joinThreshold: 2, mergeThreshold: 2, fragmentMax: 0 };
    const apart = addArticles(emptyClusterIndex(), reports.slice(0, 2), strict).index;
    expect(apart.stories).toHaveLength(2);
    const [older, younger] = apart.stories.map((s) => s.id);
    const joined = addArticles(apart, reports.slice(2)).index;
    const survivor = storyOf(joined, reports[0].id)!;
    expect(storyOf(joined, reports[1].id)!.id).toBe(survivor.id);
    expect(survivor.id).toBe(older);
    expect(joined.redirects[younger]).toBe(older);
    expect(joined.stories.map((s) => s.id)).not.toContain(younger);
  });

  it('refreshes an updated article in an index read back from JSON, and carries on as without the round trip', () => {
    const first = addArticles(emptyClusterIndex(), [x1, x2, x3]);
    const updated = { ...x2, text: `${x2.text}\nUpdate: a correction was appended.` };
    const viaJson = addArticles(JSON.parse(JSON.stringify(first.index)) as ClusterIndex, [updated]);
    const direct = addArticles(first.index, [updated]);
    expect(viaJson.index).toEqual(direct.index);
    const later = addArticles(JSON.parse(JSON.stringify(viaJson.index)) as ClusterIndex, [x4]);
    expect(later.index).toEqual(addArticles(direct.index, [x4]).index);
  });

  it('survives a round trip through JSON (the index is stored in KV as one value)', () => {
    const first = addArticles(emptyClusterIndex(), [x1, x2]);
    const viaJson = addArticles(JSON.parse(JSON.stringify(first.index)) as ClusterIndex, [x3, x4]);
    const direct = addArticles(first.index, [x3, x4]);
    expect(viaJson.index).toEqual(direct.index);
  });
});

describe('dates', () => {
  it('lowers the similarity more the further apart the dates: weeks a little, a year by half', async () => {
    const { withDates } = await import('../../src/cluster/scoring');
    const p = DEFAULT_PARAMS;
    expect(withDates(0.3, 3, p)).toBeGreaterThan(0.3);
    expect(withDates(0.3, 30 + p.dateWindow, p) / 0.3).toBeGreaterThan(0.99);
    expect(withDates(0.3, 365 + p.dateWindow, p) / 0.3).toBeCloseTo(0.5, 6);
    expect(withDates(0.3, 730 + p.dateWindow, p)).toBeLessThan(p.joinThreshold);
  });
});

describe('a story of one article', () => {
  it('merges with another story where the article would have joined it (join threshold, not merge threshold)', () => {
    const reports = event('26_ecb', false);
    // Three reports open a story each (nothing joins, nothing merges) ...
    const strict = { ...DEFAULT_PARAMS, joinThreshold: 2, mergeThreshold: 2, fragmentMax: 0 };
    const apart = addArticles(emptyClusterIndex(), reports.slice(0, 3), strict).index;
    expect(apart.stories).toHaveLength(3);
    // ... then a fourth joins one of them; stories of two or more never merge here (merge threshold 2).
    const noMerge = { ...DEFAULT_PARAMS, mergeThreshold: 2 };
    const later = addArticles(apart, reports.slice(3, 4), noMerge).index;
    expect(later.stories).toHaveLength(1);
    expect(later.stories[0].id).toBe(apart.stories[0].id);
    const without = addArticles(apart, reports.slice(3, 4), { ...noMerge, singleJoins: false }).index;
    expect(without.stories).toHaveLength(3);
  });
});

describe('no dates', () => {
  it('still keeps look-alike events apart and one event together when every date is removed', () => {
    const a = event('3_ecbplus', false);
    const b = event('3_ecb', false);
    const index = clusterArticles([...a, ...b]);
    const storiesA = new Set(a.map((x) => storyOf(index, x.id)!.id));
    const storiesB = new Set(b.map((x) => storyOf(index, x.id)!.id));
    expect([...storiesA].some((s) => storiesB.has(s))).toBe(false);
    expect(storiesA.size).toBeLessThanOrEqual(2);
  });

  it('treats an article whose date was inferred as undated', () => {
    const [a, b] = event('6_ecbplus');
    const far = { ...b, published: '2031-06-01T00:00:00.000Z', published_inferred: true };
    expect(clusterArticles([a, far]).stories).toHaveLength(1);
  });
});

describe('undated reports are bounded by the years their texts name (session 12)', () => {
  const noFloors = { ...DEFAULT_PARAMS, yearFloors: false };
  /** A report as a feed without dates gives it: published = received, inferred. */
  const undated = (a: Article, received: string, text = a.text): Article => ({ ...a, text, published: received, received, published_inferred: true });

  // ECB+ dev topic 5, the case the rule was found on (so a regression test, not evidence): the 76ers firing coach
  // Maurice Cheeks (Dec 2008, undated: the texts name the 2008-09 season) and hiring him three years before (dated
  // May 2005). Both leads name Cheeks and the 76ers; the hiring's reports joined the firing's story.
  it('keeps dated reports out of a story whose undated reports name years after them, in one batch and over runs', () => {
    // The whole dev split, as the benchmark reads it (the other topics set the words' weights).
    const dev = ecb.filter((r) => r.split === 'dev').map((r) => ecbToArticle(r, true));
    const firing = event('5_ecb');
    const hiring = event('5_ecbplus');
    const apart = (index: ClusterIndex) => {
      expect(storiesOf(index, firing).size).toBe(1);
      return hiring.filter((h) => storyOf(index, h.id)!.id === storyOf(index, firing[0].id)!.id).length;
    };
    expect(apart(clusterArticles(dev))).toBe(0);
    expect(apart(clusterArticles(dev, noFloors))).toBeGreaterThan(0);
    // Over runs (the hiring's reports after the rest, together or one a run) they stay apart too; there the run's
    // part test does it even without floors. The stored floor itself is tested below.
    const ids = new Set(hiring.map((h) => h.id));
    const stored = JSON.parse(JSON.stringify(addArticles(emptyClusterIndex(), dev.filter((a) => !ids.has(a.id))).index)) as ClusterIndex;
    expect(apart(addArticles(stored, hiring).index)).toBe(0);
    expect(apart(oneEach(stored, hiring))).toBe(0);
  });

  it('an undated report of the event joins its dated story (its years are the story\'s or earlier)', () => {
    const [first, ...rest] = seeds;
    const late = undated(rest[2], '2024-12-09T08:00:00.000Z');
    const index = clusterArticles([first, rest[0], rest[1], late, rest[3]]);
    expect(index.stories).toHaveLength(1);
  });

  it('one report naming a later year (a plan, a vote to come) does not move its story\'s floor', () => {
    // Archived reports received in 2028, undated; one names 2027. The floor half of them reach is still 2023.
    const received = '2028-01-10T00:00:00.000Z';
    const [a, b, c, d, e] = seeds;
    const first = [undated(a, received), undated(b, received), undated(c, received, `${c.text}\nA vote on the new order was held in 2027.`)];
    const stored = JSON.parse(JSON.stringify(addArticles(emptyClusterIndex(), first).index)) as ClusterIndex;
    expect(stored.stories).toHaveLength(1);
    const index = addArticles(stored, [d, e]).index;
    expect(index.stories).toHaveLength(1);
    // The same report alone: its 2027, stored with its story, is the floor, and the dated 2024 reports (a year and
    // more before it) stay out; without floors they join.
    const alone = JSON.parse(JSON.stringify(addArticles(emptyClusterIndex(), first.slice(2)).index)) as ClusterIndex;
    expect(storyOf(addArticles(alone, [d, e]).index, d.id)!.id).not.toBe(alone.stories[0].id);
    expect(storyOf(addArticles(alone, [d, e], noFloors).index, d.id)!.id).toBe(alone.stories[0].id);
  });
});

describe('determinism', () => {
  const input = ecb.filter((r) => r.topic === 1 || r.topic === 14).map((r) => ecbToArticle(r, true));

  it('same input twice → same index', () => {
    expect(JSON.stringify(clusterArticles(input))).toBe(JSON.stringify(clusterArticles(input)));
  });

  it('input order shuffled → same partition and ids', () => {
    const shuffled = [...input].reverse();
    const interleaved = input.filter((_, i) => i % 2 === 0).concat(input.filter((_, i) => i % 2 === 1));
    const base = clusterArticles(input);
    for (const other of [shuffled, interleaved]) {
      const index = clusterArticles(other);
      expect(partition(index)).toEqual(partition(base));
      expect(index.stories.map((s) => s.id).sort()).toEqual(base.stories.map((s) => s.id).sort());
    }
  });
});

describe('robust to web furniture', () => {
  it('ignores comment forms, repeated titles and the outlet name in the body', () => {
    const [a, b] = event('14_ecbplus');
    const noisy = {
      ...b,
      text: `${b.source}\n${b.title}\n${b.text}\nLEAVE A REPLY\nPlease enter your comment!\nPlease enter your name here\n${b.title}`,
    };
    const clean = clusterArticles([a, b]).stories[0];
    const dirty = clusterArticles([a, noisy]).stories;
    expect(dirty).toHaveLength(1);
    expect(dirty[0].why[dirty[0].members[1]]).toBe(clean.why[clean.members[1]]);
  });
});

describe('two stories readers have seen apart merge only where they agree as much as within (ECB+ train topic 25)', () => {
  // Reggie Bush hurts his knee (ECB), then Pierre Thomas, another Saints running back, is hurt three days later
  // (ECB+). Behind them, six other topics in one batch, so terms weigh as in an index of many events; then each
  // report in a run of its own, two hours apart. The second event's reports gather in a story of their own; once both
  // stories are established, a report bridging them lifts their link above the merge threshold, but the two agree
  // with each other far less than each within itself (the part test's ratio), so they stay apart.
  const train = ecb.filter((r) => r.split === 'train');
  const background = train
    .filter((r) => [1, 3, 4, 14, 20, 28].includes(r.topic))
    .map((r) => ({ ...ecbToArticle(r, false), published: '2023-12-01T00:00:00Z', published_inferred: false }));
  const reports = (cluster: string, day: number) =>
    train
      .filter((r) => r.cluster === cluster)
      .sort((x, y) => (x.id < y.id ? -1 : 1))
      .map((r, i) => ({ ...ecbToArticle(r, false), published: new Date(Date.UTC(2024, 0, 1 + day) + i * 7_200_000).toISOString(), published_inferred: false }));
  const bush = reports('25_ecb', 0);
  const thomas = reports('25_ecbplus', 3);
  const before = addArticles(emptyClusterIndex(), background).index;

  it('keeps each event whole in a story of its own', () => {
    const after = oneEach(before, [...bush, ...thomas]);
    expect(storiesOf(after, bush).size).toBe(1);
    expect(storiesOf(after, thomas).size).toBe(1);
    const storyA = storyOf(after, bush[0].id)!.id;
    const storyB = storyOf(after, thomas[0].id)!.id;
    expect(storyB).not.toBe(storyA);
    expect(storyB).toBe(hashString('story:' + thomas[0].id));
    expect(after.redirects[storyB]).toBeUndefined();
    // Without the part test's ratio (partRatio 0: no parting, no probation, no such check) the merge pass folds the
    // second event's story, established by then, into the first's.
    const without = oneEach(before, [...bush, ...thomas], { ...DEFAULT_PARAMS, partRatio: 0 });
    expect(storiesOf(without, [...bush, ...thomas])).toEqual(new Set([storyA]));
    expect(without.redirects[storyB]).toBe(storyA);
  });
});

describe('fragments: a small story of a run joins its clear best there (session 14)', () => {
  const dev = ecb.filter((r) => r.split === 'dev').map((r) => ecbToArticle(r, true));
  const gold = new Map(ecb.map((r) => [r.id, r.cluster]));
  // A law firm's blog post on the Queens hit-and-run (its own framing: the law, then the crash) and a one-line item
  // share too little with the crash's reports to join, and make a story of two.
  const fragment = ['21_6ecbplus', '21_8ecbplus'];
  // The dev batch with the default engine, clustered once for the tests that read it.
  let batch: ClusterIndex | undefined;
  const devBatch = () => (batch ??= clusterArticles(dev));

  it('merges a law firm\'s post and a one-line item into the crash\'s story in one batch, and says why', () => {
    const index = devBatch();
    const story = storyOf(index, '21_6ecbplus')!;
    expect(storyOf(index, '21_8ecbplus')!.id).toBe(story.id);
    expect(new Set(story.members.map((m) => gold.get(m)))).toEqual(new Set(['21_ecbplus']));
    expect(story.members.length).toBeGreaterThan(fragment.length);
    expect(story.why['21_6ecbplus']).toMatch(/its story merged into this one \(similarity 0\.\d\d, (no other candidate|\d+\.\d times the next best)\)/);
  });

  it('keeps them a story of two without the rule (fragmentMax 0)', () => {
    const index = clusterArticles(dev, { ...DEFAULT_PARAMS, fragmentMax: 0 });
    expect(storyOf(index, '21_6ecbplus')!.members.sort()).toEqual(fragment);
  });

  it('leaves a story of the index to the join: the same two in a later run stay apart', () => {
    const before = clusterArticles(dev.filter((a) => !fragment.includes(a.id)));
    const index = addArticles(before, dev.filter((a) => fragment.includes(a.id))).index;
    expect(storyOf(index, '21_6ecbplus')!.members.sort()).toEqual(fragment);
  });

  it('does not let two fragments of a run glue into each other, only into a story of more than fragmentMax', () => {
    // The two alone in a batch: each is the other's only candidate, a story of one each.
    const index = clusterArticles(dev.filter((a) => fragment.includes(a.id)), { ...DEFAULT_PARAMS, joinThreshold: 2, mergeThreshold: 2 });
    expect(index.stories).toHaveLength(2);
  });

  it('makes no story across two topics in the dev batch', () => {
    const index = devBatch();
    for (const s of index.stories) {
      const topics = new Set(s.members.map((m) => m.split('_')[0]));
      expect(topics.size, s.id).toBe(1);
    }
  });
});

describe('quality regression guard (ECB+, see bench/quality.ts)', () => {
  // Floors 0.01 below the figures the engine reaches today (docs/clustering.md: dev B-cubed 0.967 / pairwise
  // 0.971 with dates, 0.935 / 0.944 without, since session 14's fragments; tuned on train, 0.921 / 0.920).
  it('keeps dev B-cubed and pairwise F1 from falling', async () => {
    const { evaluate } = await import('../../bench/quality');
    const dev = ecb.filter((r) => r.split === 'dev');
    const dated = evaluate(dev, true);
    const undated = evaluate(dev, false);
    expect(dated.bcubed.f1).toBeGreaterThanOrEqual(0.957);
    expect(dated.pairwise.f1).toBeGreaterThanOrEqual(0.961);
    expect(undated.bcubed.f1).toBeGreaterThanOrEqual(0.925);
    expect(undated.pairwise.f1).toBeGreaterThanOrEqual(0.934);
  });

  // Train and dev in one batch, each split scored on its own articles (bench/quality.ts `togetherRows`): today train
  // 0.912 / 0.911 B-cubed with / without dates, dev 0.900 / 0.903 (session 14; below the split rows, a topic's own
  // words weighing more among 33 topics). Floors 0.01 below, so a change that trades this for the split rows shows.
  it('keeps B-cubed F1 from falling with train and dev clustered in one batch', async () => {
    const { evaluate, togetherRows } = await import('../../bench/quality');
    const rows = togetherRows();
    const at = (split: string, dates: boolean) => rows.find((r) => r.split === split && r.dates === dates)!;
    expect(rows.map((r) => [r.split, r.events])).toEqual([['train', 50], ['train', 50], ['dev', 16], ['dev', 16]]);
    // Really one batch: dev's articles among train's are not clustered as dev alone is (today 17 stories, not 20).
    const alone = evaluate(ecb.filter((r) => r.split === 'dev'), true);
    expect(at('dev', true).stories).not.toBe(alone.stories);
    expect(at('train', true).scores.bcubed.f1).toBeGreaterThanOrEqual(0.902);
    expect(at('train', false).scores.bcubed.f1).toBeGreaterThanOrEqual(0.901);
    expect(at('dev', true).scores.bcubed.f1).toBeGreaterThanOrEqual(0.89);
    expect(at('dev', false).scores.bcubed.f1).toBeGreaterThanOrEqual(0.893);
  });

  // Look-alike events met in arrival order (one event's story established, the other's reports three days later):
  // today train keeps 20 and 23 of 25 topics apart when the second event comes in one run, dev 6 and 5 of 8; one
  // report a run (probation, and the merge pass's check on two earlier stories), train 20 and 21, dev 6 and 5; the
  // controls (more reports of the first event later, in one run or one each, alone or with the look-alike's) stay
  // with their story (docs/clustering.md). Floors at those figures.
  it('keeps as many look-alike pairs apart in arrival order, and later reports of one event in its story', async () => {
    const { arrivalRows } = await import('../../bench/quality');
    const rows = arrivalRows();
    const at = (split: string, first: string) => rows.find((r) => r.split === split && r.first === first)!;
    const dev = (f: (r: ReturnType<typeof at>) => number) => f(at('dev', 'ecb')) + f(at('dev', 'ecbplus'));
    expect(at('train', 'ecb').topics).toBe(25);
    expect(at('train', 'ecb').apart).toBeGreaterThanOrEqual(20);
    expect(at('train', 'ecbplus').apart).toBeGreaterThanOrEqual(23);
    expect(dev((r) => r.apart)).toBeGreaterThanOrEqual(11);
    expect(at('train', 'ecb').apartTrickle).toBeGreaterThanOrEqual(20);
    expect(at('train', 'ecbplus').apartTrickle).toBeGreaterThanOrEqual(21);
    expect(dev((r) => r.apartTrickle)).toBeGreaterThanOrEqual(11);
    expect([at('train', 'ecb').same, at('train', 'ecbplus').same, dev((r) => r.same)]).toEqual([22, 20, 13]);
    expect([at('train', 'ecb').sameTrickle, at('train', 'ecbplus').sameTrickle, dev((r) => r.sameTrickle)]).toEqual([21, 20, 13]);
    expect(at('train', 'ecb').mixed + at('train', 'ecbplus').mixed).toBeGreaterThanOrEqual(34);
    expect(dev((r) => r.mixed)).toBeGreaterThanOrEqual(12);
  });
});
