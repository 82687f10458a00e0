/**
 * Serve (edge): bearer-token check for write routes, in constant time (both sides are hashed to a fixed
 * length first, so neither the content nor the length of the secret leaks through timing).
 */
import { ApiError } from './http';

async function digest(s: string): Promise<ArrayBuffer> {
  return crypto.subtle.digest('SHA-256', new TextEncoder().encode(s));
}

async function constantTimeEqual(a: string, b: string): Promise<boolean> {
  const [da, db] = await Promise.all([digest(a), digest(b)]);
  const subtle = crypto.subtle as SubtleCrypto & { timingSafeEqual?: (a: ArrayBuffer, b: ArrayBuffer) => boolean };
  if (subtle.timingSafeEqual) return subtle.timingSafeEqual(da, db);
  const x = new Uint8Array(da);
  const y = new Uint8Array(db);
  let diff = 0;
  for (let i = 0; i < x.length; i++) diff |= x[i] ^ y[i];
  return diff === 0;
}

/** Throws the contract's 503 (no token configured) or 401 (missing / wrong token). */
export async function requireToken(authorization: string | undefined, token: string | null): Promise<void> {
  if (!token) {
    throw new ApiError(
      503,
      'ingest_disabled',
      'Write routes are off: no INGEST_TOKEN is configured. Set one with `wrangler secret put INGEST_TOKEN` (deployed) or an INGEST_TOKEN=... line in .dev.vars (local), then restart.',
    );
  }
  const m = /^Bearer\s+(.+)$/i.exec(authorization?.trim() ?? '');
  if (!m || !(await constantTimeEqual(m[1].trim(), token))) {
    throw new ApiError(401, 'unauthorized', 'Send the ingest token as `Authorization: Bearer <INGEST_TOKEN>`.', undefined, {
      'WWW-Authenticate': 'Bearer realm="mergewire"',
    });
  }
}
