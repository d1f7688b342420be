import { mkdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { createClient, parseError } from '@clickhouse/client';
import type { ClickHouseClient, ClickHouseClientConfigOptions } from '@clickhouse/client';
import type { RawInsert } from './client.js';
import { toDatabaseError } from './database-error.js';

type ChdbConnectionModule = typeof import('chdb/connection');

/**
 * chDB is an optional dependency: a collector that talks to a server must not
 * need its native binary, so it is imported only when embedded mode is chosen.
 */
const loadChdb = async (): Promise<ChdbConnectionModule> => {
  try {
    return await import('chdb/connection');
  } catch (error) {
    const code = (error as { code?: unknown }).code;
    if (code === 'ERR_MODULE_NOT_FOUND' || code === 'MODULE_NOT_FOUND') {
      throw new Error(
        'The embedded database needs the `chdb` package, which is not installed (it is optional). ' +
          'Run `npm install chdb`, or set CLICKHOUSE_URL to use a ClickHouse server instead.',
        { cause: error },
      );
    }
    throw error;
  }
};

/** Where chDB keeps its data under the collector's data folder. */
export const chdbPath = (dataDir: string): string => join(dataDir, 'clickhouse');

/**
 * The process id of another live process holding the chDB folder under
 * `dataDir`, or null. The engine writes its PID into `status` while it holds
 * the folder and removes the file on a clean exit; a file left by a crash
 * names a dead process and does not count. Checked before opening, because a
 * refused open prints the engine's raw lock error straight to stderr.
 */
export const folderHolder = (dataDir: string): number | null => {
  let text: string;
  try {
    text = readFileSync(join(chdbPath(dataDir), 'status'), 'utf8');
  } catch {
    return null;
  }
  const pid = Number(/^PID:\s*(\d+)/m.exec(text)?.[1]);
  if (!Number.isInteger(pid) || pid <= 0 || pid === process.pid) return null;
  try {
    process.kill(pid, 0);
    return pid;
  } catch (error) {
    // EPERM: the process exists but belongs to another user.
    return (error as NodeJS.ErrnoException).code === 'EPERM' ? pid : null;
  }
};

export interface EmbeddedClient {
  client: ClickHouseClient;
  insert: RawInsert;
}

/**
 * Opens `count` clients on one chDB data folder, all in `database` (created
 * if missing). Connections of one process on one folder share the data; a
 * second process on the same folder is refused with "Cannot lock file".
 */
export const openEmbeddedClients = async (dataDir: string, database: string, count: number): Promise<EmbeddedClient[]> => {
  const { createChdbConnection } = await loadChdb();
  const path = chdbPath(dataDir);
  const clients: EmbeddedClient[] = [];
  try {
    mkdirSync(path, { recursive: true });
    for (let i = 0; i < count; i++) {
      const connection = createChdbConnection({ path });
      // chdb types its connection against @clickhouse/client-common, which the client now bundles a copy of:
      // the same shape under two declarations, hence the cast.
      const client = createClient({ connection: connection as unknown as ClickHouseClientConfigOptions['connection'] });
      clients.push({ client, insert: rawInsert(connection.chdb) });
      await client.command({ query: `CREATE DATABASE IF NOT EXISTS ${database}` });
      // chDB ignores the client's `database` option; USE stays on the session. Numbers, not strings, for 64-bit
      // integers, as the server clients are configured, so results look the same on both.
      await client.command({ query: `USE ${database}` });
      await client.command({ query: 'SET output_format_json_quote_64bit_integers = 0' });
    }
    return clients;
  } catch (error) {
    await Promise.allSettled(clients.map(({ client }) => client.close()));
    throw toDatabaseError(error, `opening the embedded database in ${path}`);
  }
};

/**
 * Inserts through chDB's raw passthrough: the Buffer goes to the engine as it
 * is. The client's `exec` over the same connection took 2.3× as long for the
 * same 100k-row body (bench/chdb-insert.ts). Errors are parsed the way the
 * client parses them, so they carry the same code and type.
 */
const rawInsert =
  (chdb: InstanceType<ChdbConnectionModule['ChdbConnection']>['chdb']): RawInsert =>
  async (table, values, settings) => {
    try {
      await chdb.rawInsert({ table, values, format: 'JSONEachRow', settings });
    } catch (error) {
      const parsed = parseError(error instanceof Error ? error.message : String(error));
      throw parsed === error ? error : Object.assign(parsed, { cause: error });
    }
  };
