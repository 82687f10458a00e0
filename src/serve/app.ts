/**
 * Serve (edge): the HTTP routes of SPEC "HTTP". Public GET/HEAD routes read the stored edition (one KV
 * read) and answer with validators; the first request after a deploy builds the edition once. Write
 * routes need the bearer token. One error handler answers the contract's JSON error shape; nothing
 * leaks a stack, and no input makes a route answer 500.
 */
import { Hono, type Context } from 'hono';
import type { Env } from '../config';
import type { Story } from '../model';
import { errorBody, respond, ApiError } from './http';
import { requireToken } from './auth';
import { renderStoryPage } from '../render/html';
import { renderStoriesJson } from '../render/api';
import { etagOf, type Format } from '../pipeline/edition';
import { KEYS } from '../store/keys';
import type { StoredEdition } from '../store/kv-store';
import { ingestArticles } from './ingest-route';
import { createRuntime, type Runtime } from '../runtime';
import type { RunStatus } from '../pipeline/run-pipeline';
import { healthFromState, loadPollState } from '../ingest/poll-sources';

type AppEnv = { Bindings: Env; Variables: { rt: Runtime } };

/**
 * Public pages change at most once per cron run (30 minutes); let caches keep them briefly.
 * Last-Modified is when the stored edition last changed (it is written only when its output changed), so
 * If-Modified-Since never hides a change that article times would not show (RFC 9110 §8.8.2).
 */
const PUBLIC_CACHE = 'public, max-age=300, stale-while-revalidate=600';

export const app = new Hono<AppEnv>();

app.use('*', async (c, next) => {
  c.set('rt', createRuntime(c.env));
  await next();
});

// One build per isolate at a time when the store has no edition yet (or a new deploy bundled new files).
let firstBuild: Promise<unknown> | null = null;

async function currentEdition(c: Context<AppEnv>): Promise<StoredEdition> {
  const rt = c.get('rt');
  let edition = await rt.store.getEdition();
  if (!edition || edition.bundle_hash !== rt.bundleHash) {
    firstBuild ??= rt.run('first-use', new Date()).finally(() => (firstBuild = null));
    await firstBuild;
    edition = await rt.store.getEdition();
  }
  if (!edition) throw new ApiError(503, 'no_edition', 'The digest has not been built yet and building it failed; see /healthz.');
  return edition;
}

function serveFormat(format: Format) {
  return async (c: Context<AppEnv>) => {
    const e = await currentEdition(c);
    const out = e.outputs[format];
    return respond(c.req.raw, { body: out.body, type: out.type, etag: out.etag, lastModified: new Date(e.built), cacheControl: PUBLIC_CACHE });
  };
}

app.get('/', serveFormat('html'));
app.get('/feed.xml', serveFormat('rss'));
app.get('/feed.atom', serveFormat('atom'));
app.get('/feed.json', serveFormat('json'));
app.get('/slack.json', serveFormat('slack'));
app.get('/discord.json', serveFormat('discord'));

app.get('/api/stories', async (c) => {
  const e = await currentEdition(c);
  const sinceRaw = c.req.query('since');
  const limitRaw = c.req.query('limit');
  if (sinceRaw === undefined && limitRaw === undefined) return serveFormat('stories')(c);
  let since: Date | undefined;
  if (sinceRaw !== undefined) {
    since = new Date(sinceRaw);
    if (!/^\d{4}-\d{2}-\d{2}/.test(sinceRaw) || Number.isNaN(since.getTime())) {
      throw new ApiError(400, 'bad_since', `since must be an RFC 3339 time such as 2024-12-05T00:00:00Z (got ${JSON.stringify(sinceRaw)})`);
    }
  }
  let limit: number | undefined;
  if (limitRaw !== undefined) {
    limit = Number(limitRaw);
    if (!/^\d+$/.test(limitRaw) || limit < 1 || limit > 500) throw new ApiError(400, 'bad_limit', `limit must be a whole number from 1 to 500 (got ${JSON.stringify(limitRaw)})`);
  }
  const body = renderStoriesJson(e.stories, c.get('rt').config.site.url, { since, limit });
  return respond(c.req.raw, { body, type: 'application/json; charset=utf-8', etag: etagOf(body), lastModified: new Date(e.built), cacheControl: PUBLIC_CACHE });
});

app.get('/stories/:id', async (c) => {
  const rt = c.get('rt');
  const id = c.req.param('id');
  const e = await currentEdition(c);
  let story: Story | undefined = e.stories.find((s) => s.id === id);
  if (!story) {
    const archive = await rt.store.getStoryArchive();
    const target = archive?.redirects[id];
    if (target) return c.redirect(`/stories/${encodeURIComponent(target)}`, 301);
    story = archive?.stories[id];
  }
  if (!story) throw new ApiError(404, 'story_not_found', `No story has the id ${JSON.stringify(id)}; the brief at / lists the current ones.`);
  const body = renderStoryPage(story, rt.config.site);
  return respond(c.req.raw, { body, type: 'text/html; charset=utf-8', etag: etagOf(body), lastModified: new Date(e.built), cacheControl: PUBLIC_CACHE });
});

app.get('/healthz', async (c) => {
  const rt = c.get('rt');
  const [last, manifest, archive] = await Promise.all([
    rt.store.getJsonValue<RunStatus>(KEYS.lastRun),
    rt.store.getManifest(),
    rt.store.getStoryArchive(),
  ]);
  const ok = rt.config.problems.length === 0 && (last?.ok ?? true);
  const body = JSON.stringify(
    {
      status: ok ? 'ok' : 'degraded',
      last_run: last && { ...last, poll_state: undefined },
      articles: manifest ? Object.keys(manifest.articles).length : 0,
      stories: archive ? Object.keys(archive.stories).length : 0,
      // The configured sources now (a source added since the last run shows as not yet polled), with each one's
      // health from the last run's poll state.
      sources: healthFromState(rt.config.sources, loadPollState(last?.poll_state)).map(
        (h) => last?.sources.find((x) => x.feed === h.feed && x.name === h.name) ?? h,
      ),
      webhooks: last?.webhooks ?? null,
      config_problems: rt.config.problems,
    },
    null,
    2,
  );
  return respond(c.req.raw, {
    body,
    type: 'application/json; charset=utf-8',
    etag: etagOf(body),
    lastModified: new Date(last?.finished ?? 0),
    cacheControl: 'no-cache',
  });
});

app.post('/api/articles', async (c) => {
  const rt = c.get('rt');
  await requireToken(c.req.header('Authorization'), rt.config.ingestToken);
  const results = await ingestArticles(c.req.raw, rt.store, new Date());
  return c.json({ results }, 201);
});

app.post('/api/rebuild', async (c) => {
  const rt = c.get('rt');
  await requireToken(c.req.header('Authorization'), rt.config.ingestToken);
  const status = await rt.run('rebuild', new Date(), { fetch: (input, init) => fetch(input, init) });
  return c.json(status, status.ok ? 200 : 502);
});

app.notFound((c) => {
  const known = ['/', '/feed.xml', '/feed.atom', '/feed.json', '/slack.json', '/discord.json', '/api/stories', '/healthz', '/api/articles', '/api/rebuild'];
  const path = c.req.path;
  if (known.includes(path) || path.startsWith('/stories/')) {
    return new Response(errorBody('method_not_allowed', `${c.req.method} is not allowed on ${path}.`), {
      status: 405,
      headers: { 'Content-Type': 'application/json; charset=utf-8', Allow: path.startsWith('/api/') && path !== '/api/stories' ? 'POST' : 'GET, HEAD' },
    });
  }
  return new Response(errorBody('not_found', `Nothing is at ${path}. Try / (the brief), /feed.xml, /feed.atom, /feed.json or /api/stories.`), {
    status: 404,
    headers: { 'Content-Type': 'application/json; charset=utf-8' },
  });
});

app.onError((err, c) => {
  if (err instanceof ApiError) {
    return new Response(errorBody(err.code, err.message, err.details), {
      status: err.status,
      headers: { 'Content-Type': 'application/json; charset=utf-8', ...err.headers },
    });
  }
  console.error('unexpected error', c.req.method, c.req.path, err);
  return new Response(errorBody('unavailable', 'The request could not be completed right now; try again shortly. /healthz shows the service state.'), {
    status: 503,
    headers: { 'Content-Type': 'application/json; charset=utf-8', 'Retry-After': '30' },
  });
});
