import { ClickHouseLogLevel, createClient } from '@clickhouse/client';
import type { ClickHouseClient } from '@clickhouse/client';
import { toDatabaseError } from './database-error.js';
import type { DatabaseOptions } from './types.js';

const clientFor = (options: DatabaseOptions, database?: string, settings: Readonly<Record<string, string | number>> = {}): ClickHouseClient =>
  createClient({
    url: options.url,
    username: options.user ?? 'default',
    password: options.password ?? '',
    ...(database ? { database } : {}),
    // ON CLUSTER DDL waits for every node (distributed_ddl_task_timeout, 180 s by default); progress headers
    // keep such a request alive through proxies that close idle connections.
    request_timeout: 240_000,
    clickhouse_settings: {
      send_progress_in_http_headers: 1,
      http_headers_progress_interval_ms: '10000',
      // Same result shape as chDB: 64-bit integers (counts) as JSON numbers.
      output_format_json_quote_64bit_integers: 0,
      ...(options.readonly ? { readonly: '2' } : {}),
      ...settings,
    },
    // Failures reach the caller as DatabaseError, which it logs with context; the client's own console log would repeat them.
    log: { level: ClickHouseLogLevel.OFF },
  });

/**
 * Creates `options.database` on the server (ON CLUSTER with a cluster) when
 * it is missing, then opens `count` HTTP clients bound to it, each sending
 * `settings` with every request.
 */
export const openServerClients = async (
  options: DatabaseOptions,
  count: number,
  settings: Readonly<Record<string, string | number>> = {},
): Promise<ClickHouseClient[]> => {
  const bootstrap = clientFor(options);
  try {
    const existing = await bootstrap.query({
      query: 'SELECT name FROM system.databases WHERE name = {name:String}',
      query_params: { name: options.database },
      format: 'JSONEachRow',
    });
    if ((await existing.json()).length === 0) {
      const onCluster = options.cluster ? ` ON CLUSTER '${options.cluster}'` : '';
      await bootstrap.command({ query: `CREATE DATABASE IF NOT EXISTS ${options.database}${onCluster}` });
    }
  } catch (error) {
    throw toDatabaseError(error, `preparing database ${options.database} at ${redact(options.url)}`);
  } finally {
    await bootstrap.close();
  }
  return Array.from({ length: count }, () => clientFor(options, options.database, settings));
};

/** The URL without credentials, for messages. */
const redact = (url: string | undefined): string => {
  try {
    const parsed = new URL(url ?? '');
    return `${parsed.protocol}//${parsed.host}`;
  } catch {
    return 'CLICKHOUSE_URL';
  }
};
