/**
 * Serve (edge helpers): the contract's error shape and conditional GETs (RFC 9110 §13).
 */
import { HTTPException } from 'hono/http-exception';
import type { ContentfulStatusCode } from 'hono/utils/http-status';

/** An expected failure with the contract's `{ error: { code, message } }` body. */
export class ApiError extends HTTPException {
  constructor(
    status: ContentfulStatusCode,
    readonly code: string,
    message: string,
    readonly details?: unknown,
    readonly headers: Record<string, string> = {},
  ) {
    super(status, { message });
  }
}

export function errorBody(code: string, message: string, details?: unknown): string {
  return JSON.stringify({ error: { code, message, ...(details === undefined ? {} : { details }) } }, null, 2);
}

/** RFC 9110 §13.1.2: does If-None-Match match this ETag (weak comparison; `*` matches any)? */
export function etagMatches(ifNoneMatch: string, etag: string): boolean {
  if (ifNoneMatch.trim() === '*') return true;
  const bare = (t: string) => t.trim().replace(/^W\//, '');
  return ifNoneMatch.split(',').some((t) => bare(t) === bare(etag));
}

/** RFC 9110 §13.1.3: If-Modified-Since, evaluated only when there is no If-None-Match. */
export function notModifiedSince(ifModifiedSince: string, lastModified: Date): boolean {
  const since = Date.parse(ifModifiedSince);
  if (Number.isNaN(since)) return false;
  return Math.floor(lastModified.getTime() / 1000) <= Math.floor(since / 1000);
}

export interface Representation {
  body: string;
  type: string;
  etag: string;
  lastModified: Date;
  cacheControl: string;
  status?: number;
}

/** Answer a GET/HEAD with validators, or 304 when the client's copy is current. */
export function respond(req: Request, r: Representation): Response {
  const headers = new Headers({
    'Content-Type': r.type,
    ETag: r.etag,
    'Last-Modified': r.lastModified.toUTCString(),
    'Cache-Control': r.cacheControl,
    'X-Content-Type-Options': 'nosniff',
  });
  if (r.type.startsWith('text/html')) {
    headers.set('Content-Security-Policy', "default-src 'none'; style-src 'unsafe-inline'; img-src 'self'; base-uri 'none'; form-action 'none'; frame-ancestors 'none'");
    headers.set('Referrer-Policy', 'strict-origin-when-cross-origin');
  }
  const inm = req.headers.get('If-None-Match');
  const ims = req.headers.get('If-Modified-Since');
  const status = r.status ?? 200;
  if (status === 200 && (inm !== null ? etagMatches(inm, r.etag) : ims !== null && notModifiedSince(ims, r.lastModified))) {
    headers.delete('Content-Type');
    return new Response(null, { status: 304, headers });
  }
  return new Response(req.method === 'HEAD' ? null : r.body, { status, headers });
}
