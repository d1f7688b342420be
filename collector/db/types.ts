/**
 * The one surface through which the collector reaches ClickHouse. Everything
 * behind it goes through @clickhouse/client, over HTTP to a server or through
 * chDB's in-process connection; callers cannot tell which.
 */
export interface Database {
  readonly kind: 'embedded' | 'server';
  /** Runs a statement that returns no rows (DDL, INSERT … SELECT, SYSTEM …), with `{name:Type}` parameters. */
  command(sql: string, settings?: Record<string, string | number>, params?: Record<string, unknown>): Promise<void>;
  /** Runs a SELECT with `{name:Type}` parameters and returns its rows. */
  query<T = Record<string, unknown>>(sql: string, params?: Record<string, unknown>): Promise<T[]>;
  /**
   * Inserts pre-serialised JSONEachRow lines as they are, so the event loop
   * never serialises rows. The token makes a retried insert a no-op.
   */
  insertNdjson(table: string, ndjson: string | Buffer, dedupToken: string): Promise<void>;
  /** True when the engine answers. Never throws. */
  ping(): Promise<boolean>;
  close(): Promise<void>;
}

/**
 * Two connections to the same data: one connection runs its operations one at
 * a time, so ingest inserts must not queue behind dashboard queries.
 */
export interface Databases {
  writer: Database;
  reader: Database;
  close(): Promise<void>;
}

export interface DatabaseOptions {
  /** http(s)://host:port of a ClickHouse server; absent means embedded chDB. */
  url?: string;
  user?: string;
  password?: string;
  database: string;
  /** With a cluster name, DDL runs ON CLUSTER with Replicated engines. */
  cluster?: string;
  /**
   * Read-only connections (ClickHouse `readonly = 2`: reads and SET, no
   * writes, no DDL), for `percept query`.
   */
  readonly?: boolean;
  /** chDB data folder when embedded. */
  dataDir: string;
  /**
   * Retention of raw rows that name none, days: the default of their
   * `retention_days` column. Rows from the collector carry their app's.
   */
  retentionDays: number;
}
