import { wrapClient } from './client.js';
import { openEmbeddedClients } from './embedded.js';
import { openServerClients } from './server.js';
import type { Database, DatabaseOptions } from './types.js';

export interface LockedLimits {
  /** ClickHouse max_execution_time, whole seconds. */
  seconds: number;
  /** Rows a result may have; more fail with TOO_MANY_ROWS_OR_BYTES. */
  maxRows: number;
}

/**
 * A connection for statements written by a person (POST /api/v1/query): the
 * limits are settings of the connection itself and `readonly = 1` comes last,
 * which forbids changing any setting afterwards. With `readonly = 2` a
 * statement could lift the time limit with its own SETTINGS clause (the
 * statement's clause wins over one appended after it) and read files of the
 * collector's machine through file(); `readonly = 1` refuses both, and every
 * write, DDL and SET. On chDB the settings stay on the connection's session,
 * so a statement followed by `; DROP …` meets them too; a server runs one
 * statement per request and gets them with each.
 */
export const openLockedReader = async (options: DatabaseOptions, limits: LockedLimits): Promise<Database> => {
  const settings = {
    max_execution_time: limits.seconds,
    timeout_overflow_mode: 'throw',
    max_result_rows: limits.maxRows,
    result_overflow_mode: 'throw',
  };
  if (options.url) {
    const [client] = await openServerClients({ ...options, readonly: false }, 1, { ...settings, readonly: 1 });
    return wrapClient(client!, { kind: 'server' });
  }
  const [embedded] = await openEmbeddedClients(options.dataDir, options.database, 1);
  const db = wrapClient(embedded!.client, { kind: 'embedded', insert: embedded!.insert });
  try {
    for (const [name, value] of Object.entries(settings)) await db.command(`SET ${name} = ${typeof value === 'number' ? value : `'${value}'`}`);
    await db.command('SET readonly = 1');
  } catch (error) {
    await db.close().catch(() => undefined);
    throw error;
  }
  return db;
};
