import { randomBytes } from 'node:crypto';
import { openDatabases } from '../../collector/db/open.js';
import type { DatabaseOptions, Databases } from '../../collector/db/types.js';

/**
 * Where the database-facing integration suites keep their data: embedded
 * chDB in a fresh folder per test file (the default), or, when CLICKHOUSE_URL
 * is set, that ClickHouse server (CLICKHOUSE_USER and CLICKHOUSE_PASSWORD
 * when it needs them), each test file in a database of its own that is
 * dropped when the file closes it. test/README.md says how to run them
 * against a real server; the `integration-server` project of vitest.config.ts
 * runs a set of them through test/support/clickhouse-http.ts.
 */
export interface ClickHouseServer {
  url: string;
  user?: string;
  password?: string;
}

export const clickhouseServer = (): ClickHouseServer | undefined => {
  const url = process.env.CLICKHOUSE_URL;
  if (!url) return undefined;
  return { url, user: process.env.CLICKHOUSE_USER || undefined, password: process.env.CLICKHOUSE_PASSWORD || undefined };
};

/**
 * The database name a test file uses: `base` on its own embedded folder; on a
 * shared server `base` plus a random suffix, so files running at the same time
 * (and runs of other people) never see each other's rows.
 */
export const testDatabase = (base: string): string => (clickhouseServer() ? `${base}_${randomBytes(4).toString('hex')}` : base);

/** Opens the test database, on the server when CLICKHOUSE_URL is set (closing drops it there), else chDB in `dataDir`. */
export const openTestDatabases = async (options: DatabaseOptions): Promise<Databases> => {
  const server = clickhouseServer();
  if (!server) return openDatabases(options);
  const dbs = await openDatabases({ ...options, ...server });
  return {
    ...dbs,
    close: async () => {
      try {
        await dbs.writer.command(`DROP DATABASE IF EXISTS ${options.database}`);
      } finally {
        await dbs.close();
      }
    },
  };
};

/** The environment a collector built by loadConfig needs to store in the test database: empty for embedded. */
export const serverEnv = (database: string): Record<string, string> => {
  const server = clickhouseServer();
  if (!server) return {};
  return {
    CLICKHOUSE_URL: server.url,
    CLICKHOUSE_DATABASE: database,
    ...(server.user ? { CLICKHOUSE_USER: server.user } : {}),
    ...(server.password ? { CLICKHOUSE_PASSWORD: server.password } : {}),
  };
};

/** Drops a database a collector created on the server (the collector does not drop its own). */
export const dropServerDatabase = async (database: string): Promise<void> => {
  const server = clickhouseServer();
  if (!server) return;
  const dbs = await openDatabases({ ...server, database, dataDir: '/nonexistent', retentionDays: 1 });
  try {
    await dbs.writer.command(`DROP DATABASE IF EXISTS ${database}`);
  } finally {
    await dbs.close();
  }
};
