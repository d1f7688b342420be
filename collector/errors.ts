import type { Problem } from '../schema/index.js';

/**
 * The error catalogue: every error the collector answers with, by stable code.
 * Codes are part of the HTTP contract (docs/configuration.md, /openapi.json):
 * clients and dashboards may switch on them, so a code is never renamed.
 */
export const CATALOGUE = {
  body_empty: [400, 'The body is empty: send one batch as a JSON object.'],
  invalid_json: [400, 'The body is not valid JSON.'],
  forbidden_key: [400, 'The body contains a "__proto__" or "constructor.prototype" key; such bodies are refused.'],
  body_not_object: [400, 'The body must be one batch as a JSON object, not an array, string, number or null.'],
  corrupt_body: [400, 'The compressed body could not be decompressed: it is corrupt or truncated. Compress it again, or send it uncompressed.'],
  bad_request: [400, 'The request is malformed.'],
  invalid_envelope: [400, 'The batch envelope is invalid, so nothing in it was stored. Each problem names the field.'],
  no_valid_events: [400, 'No event in the batch is valid, so nothing was stored. Each problem names the field.'],
  key_conflict: [400, 'The key in the body and the key in the query string differ: send one key.'],
  missing_key: [401, 'No ingest key: send the app\'s public key as "key" in the body or as ?key= in the query string.'],
  unknown_key: [401, "This ingest key is not known to the collector: check the key in your snippet against the collector's config."],
  key_app_mismatch: [403, 'The ingest key belongs to another app than the one named in the batch ("app").'],
  origin_not_allowed: [403, 'This origin may not send data to this app: add it to the app\'s "origins" in the collector config.'],
  bad_filter: [400, 'A query parameter is invalid: each problem names the parameter and says what it accepts.'],
  unauthorized: [401, 'No valid read token: send `Authorization: Bearer <token>` with a token from the collector\'s "readers" config or PERCEPT_READ_TOKENS.'],
  bad_sql: [400, 'ClickHouse could not run the statement (syntax, an unknown table or column, a type error): the message gives its reason.'],
  read_only: [400, 'POST /api/v1/query runs read-only statements only (SELECT, SHOW, DESCRIBE, EXISTS, EXPLAIN): writes, DDL, SET and settings are refused.'],
  forbidden: [403, 'This read token may not read that app: ask for a token whose "apps" include it.'],
  not_found: [404, 'There is nothing at this address.'],
  sdk_not_built: [404, 'The SDK has not been built yet: run `npm run build` and reload.'],
  request_timeout: [408, 'The request took too long to arrive.'],
  body_too_large: [413, 'The body is too large after decompression: send smaller batches.'],
  unsupported_media_type: [415, 'Send the batch as application/json or text/plain.'],
  unsupported_encoding: [415, 'Content-Encoding must be gzip, deflate, br or identity.'],
  query_limit: [422, "The query went over the API's limits (time or rows): narrow the date range or add filters."],
  rate_limited: [429, 'Too many requests: retry after the number of seconds in Retry-After.'],
  too_busy: [429, 'The query API is running as many queries as it allows: retry after the number of seconds in Retry-After.'],
  internal_error: [500, 'Something went wrong on our side and nothing was stored: retry later.'],
  database_unavailable: [503, 'ClickHouse does not answer, so the query could not run: retry after the number of seconds in Retry-After.'],
  spool_full: [503, 'The collector cannot store more right now and did not accept the batch: retry after the number of seconds in Retry-After.'],
  shutting_down: [503, 'The collector is shutting down and did not accept the batch: retry after the number of seconds in Retry-After.'],
} as const satisfies Record<string, readonly [number, string]>;

export type ErrorCode = keyof typeof CATALOGUE;

/** Codes only the read API (/api/v1/) answers with; the ingest endpoint's documentation leaves them out. */
export const READ_API_CODES: ReadonlySet<ErrorCode> = new Set<ErrorCode>([
  'bad_filter',
  'bad_sql',
  'read_only',
  'unauthorized',
  'forbidden',
  'query_limit',
  'too_busy',
  'database_unavailable',
]);

/** Why one event of a batch was dropped. */
export interface RejectedEvent {
  index: number;
  problems: Problem[];
}

/** The body of every 4xx and 5xx answer. */
export interface ErrorBody {
  error: {
    code: ErrorCode;
    message: string;
    /** Each offending field with a readable path; empty when the error is about the request as a whole. */
    problems: Problem[];
    /** Per-event rejections, only for `no_valid_events`. */
    rejected?: RejectedEvent[];
    /** Only on 5xx: quote it when reporting a problem; the log line carries the same id. */
    request_id?: string;
  };
}

export interface ErrorDetails {
  message?: string;
  problems?: Problem[];
  rejected?: RejectedEvent[];
  retryAfterSeconds?: number;
}

/** An error from the catalogue; the error handler turns it into its status and {@link ErrorBody}. */
export class PerceptError extends Error {
  readonly code: ErrorCode;
  readonly statusCode: number;
  readonly problems: Problem[];
  readonly rejected?: RejectedEvent[];
  readonly retryAfterSeconds?: number;

  constructor(code: ErrorCode, details: ErrorDetails = {}) {
    const [statusCode, message] = CATALOGUE[code];
    super(details.message ?? message);
    this.name = 'PerceptError';
    this.code = code;
    this.statusCode = statusCode;
    this.problems = details.problems ?? [];
    if (details.rejected) this.rejected = details.rejected;
    if (details.retryAfterSeconds !== undefined) this.retryAfterSeconds = details.retryAfterSeconds;
  }

  /** The JSON body sent to the client. */
  toBody(): ErrorBody {
    const error: ErrorBody['error'] = { code: this.code, message: this.message, problems: this.problems };
    if (this.rejected) error.rejected = this.rejected;
    return { error };
  }
}

/** Shorthand for `new PerceptError(code, details)`. */
export const perceptError = (code: ErrorCode, details?: ErrorDetails): PerceptError => new PerceptError(code, details);
