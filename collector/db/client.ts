import { Readable } from 'node:stream';
import { drainStream } from '@clickhouse/client';
import type { ClickHouseClient } from '@clickhouse/client';
import { toDatabaseError } from './database-error.js';
import type { Database } from './types.js';

/** Inserts JSONEachRow bytes with per-statement settings, bypassing the client (see embedded.ts). */
export type RawInsert = (table: string, values: Buffer | string, settings: Record<string, string | number>) => Promise<void>;

export interface WrapOptions {
  kind: Database['kind'];
  /** Set when inserts go through Distributed tables of a cluster. */
  cluster?: string;
  /** Insert path used instead of the client's `exec`. */
  insert?: RawInsert;
}

const TABLE = /^(?:[A-Za-z_][A-Za-z0-9_]*\.)?[A-Za-z_][A-Za-z0-9_]*$/;
const TOKEN = /^[A-Za-z0-9_.:-]{1,256}$/;

/**
 * Settings of every batch insert, written into the INSERT's own SETTINGS
 * clause so they hold for that statement only. On chDB, settings passed as
 * `clickhouse_settings` become `SET` statements that stay on the session
 * and would leak one batch's token into the next insert.
 * - insert_deduplicate + token: a retried batch is a no-op;
 * - deduplicate_blocks_in_dependent_materialized_views: …in the rollups too;
 * - input_format_skip_unknown_fields = 0: a row that does not match the
 *   schema fails loudly instead of losing the unknown column's data;
 * - distributed_foreground_insert: through a Distributed table the token
 *   reaches the shards only when the insert is forwarded synchronously.
 */
const insertSettings = (token: string, cluster: string | undefined): Record<string, string | number> => ({
  insert_deduplicate: 1,
  insert_deduplication_token: token,
  deduplicate_blocks_in_dependent_materialized_views: 1,
  input_format_skip_unknown_fields: 0,
  ...(cluster ? { distributed_foreground_insert: 1 } : {}),
});

/** The settings as a SETTINGS clause; values are numbers or tokens checked against TOKEN. */
const settingsClause = (settings: Record<string, string | number>): string =>
  Object.entries(settings)
    .map(([name, value]) => `${name} = ${typeof value === 'number' ? value : `'${value}'`}`)
    .join(', ');

/** Makes a @clickhouse/client client (HTTP or chDB connection) a {@link Database}. */
export const wrapClient = (client: ClickHouseClient, options: WrapOptions): Database => {
  const run = async <T>(doing: string, operation: () => Promise<T>): Promise<T> => {
    try {
      return await operation();
    } catch (error) {
      throw toDatabaseError(error, doing);
    }
  };

  const resetSettings = async (settings: Record<string, string | number>): Promise<void> => {
    const names = Object.keys(settings);
    if (options.kind !== 'embedded' || names.length === 0) return;
    await client.command({ query: `SET ${names.map((name) => `${name} = DEFAULT`).join(', ')}` });
  };

  return {
    kind: options.kind,

    command: (sql, settings = {}, params = {}) =>
      run(`running ${describe(sql)}`, async () => {
        try {
          await client.command({ query: sql, clickhouse_settings: settings, query_params: params });
        } finally {
          await resetSettings(settings);
        }
      }),

    query: <T>(sql: string, params: Record<string, unknown> = {}) =>
      run(`running ${describe(sql)}`, async () => {
        const result = await client.query({ query: sql, format: 'JSONEachRow', query_params: params });
        return result.json<T>();
      }),

    insertNdjson: (table, ndjson, dedupToken) =>
      run(`inserting into ${table}`, async () => {
        if (!TABLE.test(table)) throw new Error(`${JSON.stringify(table)} is not a table name.`);
        if (!TOKEN.test(dedupToken)) throw new Error(`The deduplication token must match ${TOKEN}, got ${JSON.stringify(dedupToken)}.`);
        if (ndjson.length === 0) return;
        const settings = insertSettings(dedupToken, options.cluster);
        if (options.insert) return options.insert(table, ndjson, settings);
        // exec streams the bytes as they are; insert() would demand objects and serialise them again in JS.
        const result = await client.exec({
          query: `INSERT INTO ${table} SETTINGS ${settingsClause(settings)} FORMAT JSONEachRow`,
          values: Readable.from([ndjson], { objectMode: false }),
          clickhouse_settings: { wait_end_of_query: 1 },
        });
        // Read the (empty) answer to the end so the socket goes back to the pool instead of being torn down.
        await drainStream(result.stream);
      }),

    ping: async () => {
      try {
        const result = await client.ping({ select: true });
        return result.success;
      } catch {
        return false;
      }
    },

    close: () => run('closing the connection', () => client.close()),
  };
};

/** The first words of a statement, for error messages: never row data. */
const describe = (sql: string): string => {
  const words = sql.trim().split(/\s+/).slice(0, 6).join(' ');
  return words.length > 80 ? `${words.slice(0, 80)}…` : words;
};
