// Hand-made stories for the Slack/Discord builder and delivery tests, and hostile text an outlet could send.
import type { Site, Story, StorySource } from '../../src/model';

export const SITE: Site = { url: 'https://news.example.org', title: 'mergewire', description: 'Merged news.', language: 'en' };

/** Everything that formats, pings or links on either platform. */
export const HOSTILE =
  '<!channel> <!here> <!everyone> <@U123> @everyone @here <@123> <@!123> <@&789> <#456> ' +
  '*bold* _it_ ~strike~ `code` ||spoiler|| > quote # head [click](javascript:alert(1)) <https://evil.example|x> a|b & <b>tag</b>';

export function source(storyId: string, n: number, extra: Partial<StorySource> = {}): StorySource {
  return {
    article_id: `${storyId}-a${n}`,
    source: `Outlet ${n}`,
    url: `https://outlet${n}.example/${storyId}`,
    title: `Report ${n}`,
    published: '2026-11-24T09:00:00.000Z',
    ...extra,
  };
}

/** A story with `sources` outlets, one summary sentence per outlet (at most three), updated at minute `i`. */
export function makeStory(i: number, o: { sources?: number; headline?: string; sentence?: string; sentences?: number } = {}): Story {
  const id = `story${String(i).padStart(3, '0')}`;
  const sources = Array.from({ length: o.sources ?? 2 }, (_, n) => source(id, n + 1));
  const count = o.sentences ?? Math.min(3, sources.length);
  return {
    id,
    headline: o.headline ?? `Headline ${i}`,
    summary: Array.from({ length: count }, (_, n) => ({
      text: o.sentence ?? `Sentence ${n + 1} of story ${i}.`,
      article_ids: [sources[n % sources.length].article_id],
    })),
    sources,
    facts: [],
    single_source: [],
    outlet_count: sources.length,
    independent_count: sources.length,
    first_published: '2026-11-24T09:00:00.000Z',
    updated: `2026-11-24T10:${String(i % 60).padStart(2, '0')}:00.000Z`,
    language: 'en',
    changes: [],
    version: `v-${id}-${sources.length}`,
  };
}

/** The story with one more source (a new article from a new outlet). */
export function withNewSource(story: Story, outlet = 'Late Wire'): Story {
  const n = story.sources.length + 1;
  const s = source(story.id, n, { source: outlet });
  return {
    ...story,
    sources: [...story.sources, s],
    outlet_count: story.outlet_count + 1,
    independent_count: story.independent_count + 1,
    changes: [`${outlet} joined`],
    version: `${story.version}+${n}`,
  };
}

/** The story with hostile text in every field an outlet controls. */
export function hostileStory(i: number): Story {
  const base = makeStory(i, { sources: 3, headline: HOSTILE, sentence: HOSTILE });
  return {
    ...base,
    sources: base.sources.map((s, n) => ({ ...s, source: `${HOSTILE.slice(0, 40)} ${n}`, url: n === 0 ? 'javascript:alert(1)' : s.url })),
  };
}
