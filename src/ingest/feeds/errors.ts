/**
 * Ingest stage (pure): the typed error every feed-reading step throws for an expected failure. The poller catches it
 * per source and records `code` and `message` in that source's health, so one bad outlet never fails a run.
 */

export type IngestErrorCode =
  /** The feed URL (or a redirect target) is not an absolute http(s) URL. */
  | 'bad_url'
  /** The request failed before any response (DNS, connection refused, TLS…). */
  | 'network'
  /** No complete response within the time limit. */
  | 'timeout'
  /** The body is larger than the byte cap (by Content-Length or as read). */
  | 'too_large'
  | 'too_many_redirects'
  /** A non-2xx answer other than 304/429/503-with-Retry-After. */
  | 'http_status'
  /** 429, or 503 with Retry-After: the server asked us to come back later. */
  | 'rate_limited'
  /** The body is none of RSS, RDF, Atom, JSON Feed (e.g. an HTML page). */
  | 'not_a_feed'
  /** XML or JSON too broken to read. */
  | 'malformed'
  /** A DOCTYPE declares entities: refused (entity expansion, external entities). */
  | 'entity_declaration'
  /** Bytes invalid in the declared encoding, or an encoding TextDecoder does not know. */
  | 'bad_encoding'
  /** The body is binary (NUL bytes, compressed data, images…). */
  | 'binary'
  /** Nesting or element count beyond the parser's bounds. */
  | 'too_complex'
  /** The run's subrequest budget ran out before this source was done; it goes first next run. */
  | 'subrequest_budget';

/** An expected, per-source failure: `code` for programs, `message` in words for `/healthz`. */
export class IngestError extends Error {
  override readonly name = 'IngestError';
  constructor(
    readonly code: IngestErrorCode,
    message: string,
    /** HTTP status, when the failure came with one. */
    readonly status?: number,
  ) {
    super(message);
  }
}
