import type { ApiLimits } from '../config/types.js';
import { DatabaseError } from '../db/database-error.js';
import type { Database } from '../db/types.js';
import { perceptError } from '../errors.js';

/** Seconds a client is asked to wait when every query slot is taken: queries are short, so one is enough. */
export const BUSY_RETRY_SECONDS = 1;

/**
 * At most `max` queries at once; a call that finds every slot taken is
 * refused at once (429 + Retry-After) rather than queued, so a heavy
 * dashboard cannot pile up work behind the reader connection.
 */
export class QueryGate {
  private running = 0;

  constructor(private readonly max: number) {}

  get inFlight(): number {
    return this.running;
  }

  /** A release function, or throws `too_busy`. */
  enter(): () => void {
    if (this.running >= this.max) throw perceptError('too_busy', { retryAfterSeconds: BUSY_RETRY_SECONDS });
    this.running += 1;
    let released = false;
    return () => {
      if (released) return;
      released = true;
      this.running -= 1;
    };
  }
}

/** Node errors that mean ClickHouse cannot be reached: the reader should retry, not report a bug. */
const UNREACHABLE = new Set(['ECONNREFUSED', 'ENOTFOUND', 'ECONNRESET', 'ETIMEDOUT', 'EHOSTUNREACH', 'EPIPE']);
/** Seconds a reader is asked to wait while ClickHouse does not answer. */
export const UNAVAILABLE_RETRY_SECONDS = 5;

/** ClickHouse errors that mean the query went over a limit, not that something broke. */
const LIMIT_ERRORS = new Set(['TIMEOUT_EXCEEDED', 'TOO_SLOW', 'MEMORY_LIMIT_EXCEEDED', 'TOO_MANY_ROWS_OR_BYTES', '159', '160', '241', '396']);

/** Whole seconds of the per-query time limit (ClickHouse counts in seconds). */
export const limitSeconds = (limits: ApiLimits): number => Math.max(1, Math.ceil(limits.queryTimeoutMs / 1000));

/**
 * The API error for a database failure that is about the API's limits
 * (`query_limit`) or an unreachable ClickHouse (`database_unavailable`);
 * undefined for any other failure.
 */
export const limitError = (error: unknown, seconds: number, advice: string): Error | undefined => {
  if (!(error instanceof DatabaseError)) return undefined;
  if (LIMIT_ERRORS.has(error.type ?? '') || LIMIT_ERRORS.has(error.code ?? '')) {
    return perceptError('query_limit', { message: `The query went over the API's limits (${error.type ?? error.code}; time limit ${seconds} s): ${advice}.` });
  }
  if (UNREACHABLE.has(error.code ?? '')) return perceptError('database_unavailable', { retryAfterSeconds: UNAVAILABLE_RETRY_SECONDS });
  return undefined;
};

/**
 * The reader connection as query modules see it: every SELECT carries the
 * per-query time limit in its own SETTINGS clause (so the setting holds for
 * that statement only, also on chDB's session), results longer than the row
 * limit fail with `query_limit`, and nothing but SELECTs can run. Query
 * modules therefore never end their SQL with SETTINGS or FORMAT.
 */
export const limitedDatabase = (db: Database, limits: ApiLimits): Database => {
  const seconds = limitSeconds(limits);
  const settings = `SETTINGS max_execution_time = ${seconds}, timeout_overflow_mode = 'throw'`;
  return {
    kind: db.kind,
    command: () => Promise.reject(new Error('The query API runs SELECTs only.')),
    insertNdjson: () => Promise.reject(new Error('The query API runs SELECTs only.')),
    ping: () => db.ping(),
    close: () => Promise.resolve(),
    query: async <T>(sql: string, params?: Record<string, unknown>) => {
      let rows: T[];
      try {
        rows = await db.query<T>(`${sql}\n${settings}`, params);
      } catch (error) {
        throw limitError(error, seconds, 'narrow the date range or add filters') ?? error;
      }
      if (rows.length > limits.maxResultRows) {
        throw perceptError('query_limit', {
          message: `The answer has more than ${limits.maxResultRows} rows, the API's limit: narrow the date range or add filters.`,
        });
      }
      return rows;
    },
  };
};
