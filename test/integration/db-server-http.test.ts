import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DatabaseError } from '../../collector/db/database-error.js';
import { migrate } from '../../collector/db/migrate.js';
import { openDatabases } from '../../collector/db/open.js';
import type { Databases } from '../../collector/db/types.js';
import { rowsText } from '../../collector/rows/row-text.js';
import { exampleBatch } from '../support/batches.js';
import { startClickHouseHttp } from '../support/clickhouse-http.js';
import type { ClickHouseHttp } from '../support/clickhouse-http.js';
import { processed, RETENTION_DAYS } from '../support/db-fixtures.js';

/**
 * Server mode (CLICKHOUSE_URL) on real SQL: @clickhouse/client over HTTP to a
 * real engine (test/support/clickhouse-http.ts), so migrations, dedup tokens,
 * rollups and analyst queries run as they would against a ClickHouse server.
 */
const NOW = Date.UTC(2026, 10, 2, 10, 0, 0);
let http: ClickHouseHttp;
let dbs: Databases;

const insertBatch = async (token: string, app = 'shop') => {
  for (const { table, text } of rowsText(processed(exampleBatch({ app }, NOW)))) await dbs.writer.insertNdjson(table, text, `${token}:${table}`);
};

beforeAll(async () => {
  http = await startClickHouseHttp();
  dbs = await openDatabases({
    url: http.url,
    user: 'percept',
    password: 'secret',
    database: 'percept',
    dataDir: '/nonexistent',
    retentionDays: RETENTION_DAYS,
  });
  await migrate(dbs.writer, { database: 'percept', retentionDays: RETENTION_DAYS, rollupRetentionDays: RETENTION_DAYS });
});
afterAll(async () => {
  await dbs?.close();
  await http?.close();
});

describe('server mode over HTTP on a real engine', () => {
  it('creates the database and applies every migration', async () => {
    expect(dbs.writer.kind).toBe('server');
    expect(http.queries.some((query) => /CREATE DATABASE IF NOT EXISTS percept/.test(query))).toBe(true);
    const [row] = await dbs.reader.query<{ n: number }>('SELECT count() AS n FROM schema_migrations');
    expect(row!.n).toBeGreaterThanOrEqual(4);
    const again = await migrate(dbs.writer, { database: 'percept', retentionDays: RETENTION_DAYS, rollupRetentionDays: RETENTION_DAYS });
    expect(again.applied).toEqual([]);
  });

  it('stores a batch once when its insert is retried with the same token', async () => {
    await insertBatch('seg-1');
    await insertBatch('seg-1');
    const [vitals] = await dbs.reader.query<{ n: number }>("SELECT count() AS n FROM vitals WHERE app = 'shop'");
    const [rollup] = await dbs.reader.query<{ n: number }>("SELECT sum(samples) AS n FROM vitals_daily_state WHERE app = 'shop'");
    expect(vitals!.n).toBeGreaterThan(0);
    expect(rollup!.n).toBe(vitals!.n);
    await insertBatch('seg-2');
    const [twice] = await dbs.reader.query<{ n: number }>("SELECT count() AS n FROM vitals WHERE app = 'shop'");
    expect(twice!.n).toBe(2 * vitals!.n);
  });

  it('binds query parameters, arrays included, and keeps per-request settings to that request', async () => {
    const rows = await dbs.reader.query<{ app: string; n: number }>(
      'SELECT app, count() AS n FROM vitals WHERE app IN {apps:Array(String)} AND metric = {metric:String} GROUP BY app',
      { apps: ['shop', 'other'], metric: 'LCP' },
    );
    expect(rows).toEqual([{ app: 'shop', n: 2 }]);
    const [setting] = await dbs.reader.query<{ value: string }>("SELECT value FROM system.settings WHERE name = 'insert_deduplication_token'");
    expect(setting!.value).toBe('');
  });

  it('binds parameters that hold quotes, backslashes and newlines as the server does', async () => {
    const text = "it's a\\b\nc\td";
    const [row] = await dbs.reader.query<{ s: string; a: string[] }>('SELECT {s:String} AS s, {a:Array(String)} AS a', { s: text, a: [text, 'x'] });
    expect(row).toEqual({ s: text, a: [text, 'x'] });
  });

  it('answers the analyst views from the rollups', async () => {
    const [row] = await dbs.reader.query<{ samples: number; day: string }>("SELECT samples, day FROM vitals_daily WHERE app = 'shop' AND metric = 'LCP'");
    expect(row).toEqual({ samples: 2, day: '2026-11-02' });
  });

  it('keeps the ClickHouse error code and type', async () => {
    const error = await dbs.reader.query('SELECT * FROM no_such_table').catch((e: unknown) => e);
    expect(error).toBeInstanceOf(DatabaseError);
    expect(error).toMatchObject({ code: '60', type: 'UNKNOWN_TABLE' });
  });

  it('fails inserts clearly while the server is down and takes them again when it is back', async () => {
    await http.stop();
    expect(await dbs.writer.ping()).toBe(false);
    const down = await insertBatch('seg-3', 'outage').catch((e: unknown) => e);
    expect(down).toBeInstanceOf(DatabaseError);
    await http.start();
    await insertBatch('seg-3', 'outage');
    const [row] = await dbs.reader.query<{ n: number }>("SELECT count() AS n FROM vitals WHERE app = 'outage'");
    expect(row!.n).toBeGreaterThan(0);
  });
});
