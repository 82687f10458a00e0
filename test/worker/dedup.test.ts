// Deduplication through the real path: articles posted to /api/articles, the pipeline run by /api/rebuild and by
// the scheduled handler, stories read back from /api/stories and the feeds. Real reports from ECB+ train topics
// (test/worker/generated/ecb-fixtures.ts), each topic two look-alike events of one kind.
import { describe, expect, it } from 'vitest';
import type { ArticleInput } from '../../src/model';
import { ECB_DATES, ECB_EVENTS } from './generated/ecb-fixtures';
import { get, json, post, runCron } from './helpers';

interface ApiStory {
  id: string;
  headline: string;
  articles: string[];
  sources: { url: string; copy_of?: string }[];
  outlet_count: number;
  independent_count: number;
  version: string;
  changes: string[];
}

async function stories(): Promise<ApiStory[]> {
  return (await json<{ stories: ApiStory[] }>(await get('/api/stories?limit=500'))).stories;
}

const storyWith = (list: ApiStory[], url: string) => list.find((s) => s.articles.includes(url));

/** Two events' stories: different, each holding exactly that event's reports. */
function twoWhole(list: ApiStory[], first: ArticleInput[], second: ArticleInput[]): [ApiStory, ApiStory] {
  const a = storyWith(list, first[0].url)!;
  const b = storyWith(list, second[0].url)!;
  expect(b.id).not.toBe(a.id);
  expect([...a.articles].sort()).toEqual(first.map((x) => x.url).sort());
  expect([...b.articles].sort()).toEqual(second.map((x) => x.url).sort());
  return [a, b];
}

/** Cron runs that build over every stored article, whatever its date. */
const ALL = { DIGEST_WINDOW_HOURS: 'all' };
const HOUR = 3_600_000;
const DAY = 24 * HOUR;

/** Reports published from `at`, `step` apart, in the order given. */
const dated = (reports: ArticleInput[], at: number, step = HOUR) =>
  reports.map((r, i) => ({ ...r, published: new Date(at + i * step).toISOString() }));

const byUrl = (xs: ArticleInput[]) => [...xs].sort((x, y) => (x.url < y.url ? -1 : 1));

async function ingest(articles: ArticleInput[]): Promise<void> {
  const r = await post('/api/articles', articles);
  expect(r.status, await r.clone().text()).toBe(201);
}

async function rebuild(): Promise<void> {
  const r = await post('/api/rebuild', '');
  expect(r.status).toBe(200);
  expect((await json(r)).ok).toBe(true);
}

it('has the ECB+ events (../shared/data/ecbplus-train-dev.jsonl, bundled by scripts/bundle-test-fixtures.mjs)', () => {
  expect(Object.keys(ECB_EVENTS).length, 'ECB+ data missing: clone the repo beside ../shared').toBe(16);
});

describe('look-alike events stay apart, each event together (posted, rebuilt, read from /api/stories)', () => {
  const cases = [
    { name: 'two supermarket fires in two towns (topic 14)', a: '14_ecb', b: '14_ecbplus' },
    { name: 'two rehab check-ins by two actresses (topic 1)', a: '1_ecb', b: '1_ecbplus' },
    { name: 'two prison escapes / sentencings (topic 3)', a: '3_ecb', b: '3_ecbplus' },
    { name: 'two deaths of two actresses (topic 4)', a: '4_ecb', b: '4_ecbplus' },
    { name: 'two earthquakes in one region (topic 20)', a: '20_ecb', b: '20_ecbplus' },
  ];
  it.each(cases)('$name', async ({ a, b }) => {
    const first = ECB_EVENTS[a];
    const second = ECB_EVENTS[b];
    await ingest([...first, ...second]);
    await rebuild();
    const list = await stories();
    // Each event's main story: the one holding most of its reports.
    const main = (reports: ArticleInput[]) => {
      const counts = new Map<string, number>();
      for (const r of reports) {
        const id = storyWith(list, r.url)!.id;
        counts.set(id, (counts.get(id) ?? 0) + 1);
      }
      const [id, n] = [...counts].sort((x, y) => y[1] - x[1])[0];
      return { id, n };
    };
    const storyA = main(first);
    const storyB = main(second);
    expect(storyA.id).not.toBe(storyB.id);
    // No report joins the other event's story; most of each event's reports are together (an outlier may stand
    // alone: a one-line report, a background piece).
    for (const x of first) expect(storyWith(list, x.url)!.id, x.url).not.toBe(storyB.id);
    for (const y of second) expect(storyWith(list, y.url)!.id, y.url).not.toBe(storyA.id);
    expect(storyA.n).toBeGreaterThanOrEqual(first.length / 2);
    expect(storyB.n).toBeGreaterThanOrEqual(second.length / 2);
  });
});

describe('a story of one batch holding two look-alike events splits in two (session 10)', () => {
  // Two Watergate figures' deaths (topic 28), four reports of each in one batch, published in turn an hour apart:
  // reports of each recall the other man, and they gather in one story; the split pass cuts it, each side naming
  // its own man in its leads.
  it('keeps each death whole in a story of its own; the side that left says why on its page', async () => {
    const felt = ECB_EVENTS['28_ecb'].slice(0, 4);
    const larue = ECB_EVENTS['28_ecbplus'].slice(0, 4);
    await ingest(dated(felt.flatMap((x, i) => [x, larue[i]]), Date.now() - DAY));
    await rebuild();
    const [a, b] = twoWhole(await stories(), felt, larue);
    const pages = await Promise.all([a, b].map(async (s) => (await get(`/stories/${s.id}`)).text()));
    const left = [pages[0].includes(`left story ${b.id}`), pages[1].includes(`left story ${a.id}`)];
    expect(left.filter(Boolean)).toHaveLength(1);
    expect(pages[left[0] ? 0 : 1]).toMatch(/their leads name [^,]*(LaRue|Felt)[^,]*, which those of its other 4 reports do not/);
  });
});

describe('a look-alike event days later gets a story of its own (two cron runs)', () => {
  // One earthquake's reports, then three days later another's in the same region (topic 20): the second's first
  // report recalls the first quake in its lead and joins its story; its other reports follow it. The run parts them.
  it('parts the later event\'s reports into their own story, which keeps apart as more reports come', async () => {
    const now = Date.now();
    const first = dated(ECB_EVENTS['20_ecbplus'].slice(0, 4), now - 3 * DAY);
    const second = dated(ECB_EVENTS['20_ecb'].slice(0, 4), now - 4 * HOUR);
    await ingest(first);
    await runCron(now - HOUR, ALL);
    const storyA = storyWith(await stories(), first[0].url)!;
    expect(storyA.articles).toHaveLength(4);

    await ingest(second);
    await runCron(now, ALL);
    let list = await stories();
    expect(storyWith(list, first[0].url)!.id).toBe(storyA.id);
    expect(storyWith(list, first[0].url)!.articles).toHaveLength(4);
    // Its reports joined and left within the run: the first story did not change, for readers too.
    expect(storyWith(list, first[0].url)!.version).toBe(storyA.version);
    const storyB = storyWith(list, second[0].url)!;
    expect(storyB.id).not.toBe(storyA.id);
    expect([...storyB.articles].sort()).toEqual(second.map((x) => x.url).sort());
    const page = await get(`/stories/${storyB.id}`);
    expect(page.status).toBe(200);
    expect(await page.text()).toContain(`left story ${storyA.id}`);
    const feed = await json(await get('/feed.json'));
    for (const id of [storyA.id, storyB.id]) expect(feed.items.filter((i: any) => i.url.endsWith(`/stories/${id}`))).toHaveLength(1);

    // More reports of the first quake a run later join its story; the two never merge back.
    const later = dated(ECB_EVENTS['20_ecbplus'].slice(4, 6), now + HOUR);
    await ingest(later);
    await runCron(now + 30 * 60_000, ALL);
    list = await stories();
    for (const x of later) expect(storyWith(list, x.url)!.id).toBe(storyA.id);
    expect(storyWith(list, first[0].url)!.articles).toHaveLength(6);
    expect([...storyWith(list, second[0].url)!.articles].sort()).toEqual(second.map((x) => x.url).sort());
    expect(storyWith(list, second[0].url)!.id).toBe(storyB.id);
  });
});

describe('a look-alike event whose reports come one cron run each still gets a story of its own (probation)', () => {
  // One Watergate figure's death, four reports; days later another's (topic 28), one report a cron run. The first
  // joins the earlier story weakly and is shown in it; on probation, it leaves with the next, run after run.
  it('moves the later event\'s reports, shown in the first story for a run, into their own story', async () => {
    const now = Date.now();
    const first = dated(byUrl(ECB_EVENTS['28_ecb']).slice(0, 4), now - 3 * DAY);
    const second = dated(byUrl(ECB_EVENTS['28_ecbplus']).slice(0, 4), now - 6 * HOUR);
    await ingest(first);
    await runCron(now - 7 * HOUR, ALL);
    const storyA = storyWith(await stories(), first[0].url)!;
    expect(storyA.articles).toHaveLength(4);

    // Its first report: into the first story (readers see it there).
    await ingest([second[0]]);
    await runCron(now - 5 * HOUR, ALL);
    let list = await stories();
    const shown = storyWith(list, second[0].url)!;
    expect(shown.id).toBe(storyA.id);
    expect(shown.articles).toHaveLength(5);

    for (let i = 1; i < second.length; i++) {
      await ingest([second[i]]);
      await runCron(now - (5 - i) * HOUR, ALL);
    }
    list = await stories();
    const a = storyWith(list, first[0].url)!;
    expect(a.id).toBe(storyA.id);
    expect([...a.articles].sort()).toEqual(first.map((x) => x.url).sort());
    expect(a.version).not.toBe(shown.version);
    // Its readers are told the report left.
    expect(a.changes).toContain(`${second[0].source} no longer in this story`);
    const storyB = storyWith(list, second[0].url)!;
    expect(storyB.id).not.toBe(storyA.id);
    expect([...storyB.articles].sort()).toEqual(second.map((x) => x.url).sort());
    const page = await get(`/stories/${storyB.id}`);
    expect(page.status).toBe(200);
    expect(await page.text()).toMatch(new RegExp(`left story ${storyA.id} with \\d more reports? of its last \\d runs`));
    // Each story once in the feeds; the first story's item no longer lists the report that left.
    const feed = await json(await get('/feed.json'));
    for (const id of [storyA.id, storyB.id]) expect(feed.items.filter((i: any) => i.url.endsWith(`/stories/${id}`))).toHaveLength(1);
    const itemA = feed.items.find((i: any) => i.url.endsWith(`/stories/${storyA.id}`));
    expect(JSON.stringify(itemA)).not.toContain(second[0].url);
  });
});

describe('undated reports are bounded by the years their texts name (session 12; ECB+ dev topic 5)', () => {
  // One coach fired (Dec 2008; posted without dates, as a feed without dates gives them: the texts name the 2008-09
  // season) and hired three years before (May 2005, dated). Both leads name Maurice Cheeks and the 76ers; the rule
  // was found on this dev topic, so this is a regression test through the real path, not evidence. (Through the
  // Worker these cases stay apart even without floors — the order by URL hash differs from the benchmark's; the
  // pure core's test shows the merge the floors prevent, and the test below one through KV.)
  const firing = ECB_EVENTS['5_ecb'];
  const hiring = ECB_EVENTS['5_ecbplus']
    .filter((r) => ECB_DATES[r.url])
    .map((r) => ({ ...r, published: `${ECB_DATES[r.url]}T12:00:00Z` }));

  // Behind them, the other bundled topics (undated), in a cron run of their own: they set the words' weights.
  const background = Object.entries(ECB_EVENTS)
    .filter(([cluster]) => !cluster.startsWith('5_'))
    .flatMap(([, reports]) => reports);

  it.each([
    { name: 'both in the next cron run', runs: [[...firing, ...hiring]] },
    { name: 'the undated firing in one cron run, the dated hiring in the next', runs: [firing, hiring] },
    { name: 'the dated hiring in one cron run, the undated firing in the next', runs: [hiring, firing] },
  ])('$name: no story holds reports of both', async ({ runs }) => {
    const now = Date.now();
    await ingest(background);
    await runCron(now - HOUR, ALL);
    for (const [i, run] of runs.entries()) {
      await ingest(run);
      await runCron(now + i * HOUR, ALL);
    }
    const list = await stories();
    // No story mixes the two events; most of the firing's reports are in one story (an outlier may stand alone).
    const firingStories = new Set(firing.map((x) => storyWith(list, x.url)!.id));
    for (const h of hiring) expect(firingStories.has(storyWith(list, h.url)!.id), h.url).toBe(false);
    const main = Math.max(...[...firingStories].map((id) => firing.filter((x) => storyWith(list, x.url)!.id === id).length));
    expect(main).toBeGreaterThanOrEqual(firing.length - 2);
  }, 20_000);
});

describe('a story of undated reports keeps its floor in KV: reports dated years before it stay out', () => {
  // One supermarket fire's reports (topic 14), three posted without dates whose texts name 2012 (the floor: 2011),
  // in one cron run; in the next, two more reports of it dated 2008. Three years before every year the story's texts
  // name, they cannot report its event: they make their own story. Without floors (an undated story has no dates)
  // they would join it.
  it('keeps the reports dated 2008 out of the story whose undated reports name 2012', async () => {
    const reports = byUrl(ECB_EVENTS['14_ecbplus']);
    const undated = reports.slice(0, 3).map((r) => ({ ...r, text: `${r.text}\nThe store had reopened in 2012 after a refit.` }));
    const early = dated(reports.slice(3, 5), Date.UTC(2008, 5, 1));
    await ingest(undated);
    await runCron(Date.now(), ALL);
    const story = storyWith(await stories(), undated[0].url)!;
    expect([...story.articles].sort()).toEqual(undated.map((x) => x.url).sort());
    await ingest(early);
    await runCron(Date.now() + HOUR, ALL);
    const list = await stories();
    expect([...storyWith(list, undated[0].url)!.articles].sort()).toEqual(undated.map((x) => x.url).sort());
    expect(storyWith(list, early[0].url)!.id).not.toBe(story.id);
    expect(storyWith(list, early[1].url)!.id).toBe(storyWith(list, early[0].url)!.id);
  });
});

describe('two established stories of look-alike events stay apart when a later report bridges them', () => {
  // Reggie Bush hurts his knee (topic 25, ECB); three days later Pierre Thomas, another Saints running back, is hurt
  // (ECB+). Behind them, the other bundled topics; then each report in a cron run of its own. The second event's
  // reports gather in their own story; once both stories are established, a report lifts their link above the
  // merge threshold, but the two agree with each other far less than each within itself: no merge.
  it('keeps each event whole in a story of its own, run after run', async () => {
    const now = Date.now();
    const background = Object.entries(ECB_EVENTS)
      .filter(([cluster]) => !cluster.startsWith('25_') && !cluster.startsWith('5_'))
      .flatMap(([, reports]) => dated(reports, now - 40 * DAY, 0));
    const bush = dated(byUrl(ECB_EVENTS['25_ecb']), now - 5 * DAY, 2 * HOUR);
    const thomas = dated(byUrl(ECB_EVENTS['25_ecbplus']), now - 2 * DAY, 2 * HOUR);
    await ingest(background);
    await runCron(now - 6 * DAY, ALL);
    for (const report of [...bush, ...thomas]) {
      await ingest([report]);
      await runCron(Date.parse(report.published) + 60_000, ALL);
    }
    twoWhole(await stories(), bush, thomas);
    // Twenty-seven cron runs over 170 articles: 4–6 s here, over vitest's default 5 s.
  }, 60_000);
});

describe('a story grows without changing its id; a rewrite is no independent report', () => {
  it('a later report joins the story on the next cron run: same id in /api/stories and in every feed', async () => {
    const reports = ECB_EVENTS['14_ecbplus'];
    await ingest(reports.slice(0, 3));
    await runCron();
    const before = storyWith(await stories(), reports[0].url)!;
    const feedBefore = await json(await get('/feed.json'));
    const itemBefore = feedBefore.items.find((i: any) => i.url.endsWith(`/stories/${before.id}`));
    expect(itemBefore).toBeDefined();

    // It says it was published before the others (a late report): the story still changed now, and says so.
    await ingest([{ ...reports[3], published: '2000-01-01T00:00:00Z' }]);
    await runCron(Date.now() + 30 * 60_000);
    const after = storyWith(await stories(), reports[3].url)!;
    expect(after.id).toBe(before.id);
    expect(after.articles).toHaveLength(before.articles.length + 1);
    expect(after.version).not.toBe(before.version);
    expect(after.changes.join(' ')).toContain(reports[3].source);
    const feedAfter = await json(await get('/feed.json'));
    const itemAfter = feedAfter.items.filter((i: any) => i.id === itemBefore.id);
    expect(itemAfter).toHaveLength(1);
    expect(Date.parse(itemAfter[0].date_modified)).toBeGreaterThan(Date.parse(itemBefore.date_modified));
    expect(Date.parse(itemAfter[0].date_published)).toBe(Date.parse('2000-01-01T00:00:00Z'));
    const atom = await (await get('/feed.atom')).text();
    expect(atom.split(`/stories/${before.id}</id>`).length - 1).toBe(1);
  });

  it('a wire rewrite posted by another outlet is marked copy_of and does not count as independent', async () => {
    const [original, other] = ECB_EVENTS['4_ecbplus'];
    const lines = original.text!.split('\n');
    const rewrite: ArticleInput = {
      url: 'https://rewrites.example/wire-copy',
      source: 'Rewrite Daily',
      title: `${original.title} (wire)`,
      text: [...lines.slice(2), ...lines.slice(0, 2)].join('\n'),
    };
    await ingest([original, other]);
    await rebuild();
    await ingest([rewrite]);
    await rebuild();
    const story = storyWith(await stories(), original.url)!;
    expect(story.articles).toContain(rewrite.url);
    const copies = story.sources.filter((s) => s.copy_of);
    expect(copies.map((s) => [s.url, s.copy_of])).toContainEqual([rewrite.url, original.url]);
    // Each copy is one report less: independent reports are the articles that are not copies.
    expect(story.independent_count).toBe(story.articles.length - copies.length);
    expect(story.independent_count).toBeLessThan(story.outlet_count);
  });
});
