/**
 * A ClickHouse failure told to a person: what failed, ClickHouse's own code
 * and type (e.g. `60 UNKNOWN_TABLE`), and what to do about it.
 */
export class DatabaseError extends Error {
  /** ClickHouse error code as a string (`'60'`), or a Node error code (`'ECONNREFUSED'`). */
  readonly code: string | undefined;
  /** ClickHouse error type, e.g. `UNKNOWN_TABLE`. */
  readonly type: string | undefined;
  constructor(message: string, code: string | undefined, type: string | undefined, cause: unknown) {
    super(message, { cause });
    this.name = 'DatabaseError';
    this.code = code;
    this.type = type;
  }
}

const HINTS: Readonly<Record<string, string>> = {
  UNKNOWN_TABLE: 'The schema is missing or older than this collector: run `percept migrate`.',
  UNKNOWN_DATABASE: 'The database does not exist: run `percept migrate`, or check the database name in the config.',
  NO_SUCH_COLUMN_IN_TABLE: 'The schema is older than this collector: run `percept migrate`.',
  UNKNOWN_IDENTIFIER: 'A column is missing: run `percept migrate`, or check the column names in the query.',
  INCORRECT_DATA: 'Rows do not match the table columns: run `percept migrate` so the schema matches this collector.',
  CANNOT_PARSE_INPUT_ASSERTION_FAILED: 'Rows do not match the table columns: run `percept migrate` so the schema matches this collector.',
  AUTHENTICATION_FAILED: 'ClickHouse refused the credentials: check CLICKHOUSE_USER and CLICKHOUSE_PASSWORD.',
  REQUIRED_PASSWORD: 'ClickHouse refused the credentials: check CLICKHOUSE_USER and CLICKHOUSE_PASSWORD.',
  ACCESS_DENIED: 'The ClickHouse user lacks a grant this operation needs; grant it or use another user.',
  TOO_MANY_PARTS: 'ClickHouse is merging slower than inserts arrive: insert fewer, larger batches; the spool will retry.',
  TIMEOUT_EXCEEDED: 'The query took too long: narrow the time range or query a rollup (*_daily) instead of raw rows.',
  MEMORY_LIMIT_EXCEEDED: 'The query needs more memory than allowed: narrow the time range or query a rollup (*_daily).',
  SYNTAX_ERROR: 'The SQL does not parse; the message shows where.',
  READONLY: 'This connection only reads (percept query): writes, DDL and other changes are refused.',
  ECONNREFUSED: 'Nothing listens at CLICKHOUSE_URL: start ClickHouse or fix the URL; the spool keeps batches meanwhile.',
  ENOTFOUND: 'The host in CLICKHOUSE_URL does not resolve: fix the URL.',
  ECONNRESET: 'ClickHouse closed the connection: check the server log; the operation can be retried.',
  ETIMEDOUT: 'ClickHouse did not answer in time: check that the server is up and reachable.',
};

const LOCKED = /Cannot lock file/i;
const ONE_FOLDER = /only one active data directory per process/i;

/** True when opening failed because another process holds the chDB data folder. */
export const isFolderLocked = (error: unknown): boolean => error instanceof DatabaseError && LOCKED.test(error.message);

/** Wraps anything thrown by @clickhouse/client or chDB into a {@link DatabaseError} that says what to do. */
export const toDatabaseError = (error: unknown, doing: string): DatabaseError => {
  if (error instanceof DatabaseError) return error;
  const fields = (typeof error === 'object' && error !== null ? error : {}) as { code?: unknown; type?: unknown; message?: unknown };
  const code = fields.code === undefined ? undefined : String(fields.code);
  const type = typeof fields.type === 'string' ? fields.type : undefined;
  const detail = (typeof fields.message === 'string' ? fields.message : String(error)).trim();
  const hint = LOCKED.test(detail)
    ? 'Another process uses this chDB data folder: stop it, or give this one its own data folder.'
    : ONE_FOLDER.test(detail)
      ? 'chDB opens one data folder per process: close the open databases before opening another folder.'
      : (HINTS[type ?? ''] ?? HINTS[code ?? '']);
  const label = [code, type].filter(Boolean).join(' ');
  const message = `ClickHouse failed while ${doing}: ${detail}${label ? ` (${label})` : ''}${hint ? ` ${hint}` : ''}`;
  return new DatabaseError(message, code, type, error);
};
