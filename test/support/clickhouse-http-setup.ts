import { afterAll } from 'vitest';
import { startClickHouseHttp } from './clickhouse-http.js';

/**
 * Setup file of the `integration-server` project (vitest.config.ts): before a
 * test file loads, starts the HTTP stand-in (clickhouse-http.ts) in its
 * worker and points CLICKHOUSE_URL at it, so the file's suites run in server
 * mode (clickhouse-target.ts) on a real engine of their own.
 */
const http = await startClickHouseHttp();
process.env.CLICKHOUSE_URL = http.url;

afterAll(async () => {
  delete process.env.CLICKHOUSE_URL;
  const reached = http.queries.length;
  await http.close();
  // A file that never reached the stand-in ran on chDB, or not at all: it proves nothing about server mode.
  if (reached === 0) throw new Error('This test file sent no query to the ClickHouse HTTP stand-in: it does not use test/support/clickhouse-target.ts.');
});
