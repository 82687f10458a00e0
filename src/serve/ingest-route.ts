/**
 * Serve (edge): `POST /api/articles` — reads a JSON body of one article or an array (at most 500, at most
 * 5 MB), validates all of it, and stores it only if every article is valid (a bad batch stores nothing).
 */
import { ApiError } from './http';
import { validateBatch } from '../ingest/validate-article';
import { planUpsert } from '../ingest/plan-upsert';
import type { KvStore } from '../store/kv-store';
import { readBodyCapped } from '../ingest/poll-sources';
import { IngestError } from '../ingest/feeds/errors';

export const MAX_BODY_BYTES = 5 * 1024 * 1024;
export const MAX_BATCH = 500;
const READ_TIMEOUT_MS = 30_000;

/** Read the body, refusing more than 5 MB with 413 whatever Content-Length claims (the poller's capped reader). */
async function readCapped(req: Request): Promise<Uint8Array> {
  try {
    return await readBodyCapped(req, MAX_BODY_BYTES, AbortSignal.timeout(READ_TIMEOUT_MS), READ_TIMEOUT_MS);
  } catch (e) {
    if (e instanceof IngestError && e.code === 'too_large') {
      throw new ApiError(413, 'too_large', `The body is larger than 5 MB; send at most ${MAX_BATCH} articles and 5 MB per request.`);
    }
    if (e instanceof IngestError && e.code === 'timeout') throw new ApiError(408, 'timeout', 'The body did not arrive in time.');
    throw e;
  }
}

export async function ingestArticles(req: Request, store: KvStore, now: Date) {
  const type = (req.headers.get('Content-Type') ?? '').split(';')[0].trim().toLowerCase();
  if (type !== 'application/json' && !/^application\/[\w.+-]+\+json$/.test(type)) {
    throw new ApiError(415, 'unsupported_media_type', `Send articles as JSON with Content-Type: application/json (got ${JSON.stringify(type || 'none')}).`);
  }
  const bytes = await readCapped(req);
  let text: string;
  try {
    text = new TextDecoder('utf-8', { fatal: true, ignoreBOM: false }).decode(bytes);
  } catch {
    throw new ApiError(400, 'bad_encoding', 'The body is not valid UTF-8.');
  }
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (e) {
    throw new ApiError(400, 'bad_json', `The body is not valid JSON: ${(e as Error).message}`);
  }
  const batch = Array.isArray(value) ? value : [value];
  if (batch.length === 0) throw new ApiError(400, 'empty_batch', 'The array holds no articles; send one article or an array of 1 to 500.');
  if (batch.length > MAX_BATCH) throw new ApiError(413, 'too_many_articles', `The batch holds ${batch.length} articles; send at most ${MAX_BATCH} per request.`);
  const checked = validateBatch(batch);
  if ('errors' in checked) {
    const where = (i: number) => (Array.isArray(value) ? `article ${i}` : 'article');
    const message = `Nothing was stored. ${checked.errors.map((e) => `${where(e.index)}: ${e.field} ${e.message}`).join('; ')}.`;
    throw new ApiError(400, 'invalid_articles', message, checked.errors);
  }
  const manifest = (await store.getManifest()) ?? { articles: {} };
  const plan = planUpsert(checked.inputs, manifest, now);
  await store.putArticles(plan.articles, manifest);
  return plan.results;
}
