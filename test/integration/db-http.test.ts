import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DatabaseError } from '../../collector/db/database-error.js';
import { openDatabases } from '../../collector/db/open.js';
import type { Databases } from '../../collector/db/types.js';
import { startClickHouseHttp, type ClickHouseHttp } from '../support/clickhouse-http.js';

/**
 * What the server mode puts on the wire, against a real engine behind
 * ClickHouse's HTTP interface (test/support/clickhouse-http.ts): the NDJSON
 * body arrives byte for byte, the insert settings ride in the statement,
 * errors keep ClickHouse's code and type.
 */
let http: ClickHouseHttp;
let dbs: Databases;

beforeAll(async () => {
  http = await startClickHouseHttp();
  await openDatabases({ url: http.url, database: 'percept', dataDir: '/nonexistent', retentionDays: 30 }).then((first) => first.close());
  http.queries.length = 0;
  dbs = await openDatabases({ url: http.url, user: 'percept', password: 'secret', database: 'percept', dataDir: '/nonexistent', retentionDays: 30 });
  await dbs.writer.command(
    'CREATE TABLE IF NOT EXISTS percept.vitals (app String, value Float64) ENGINE = MergeTree ORDER BY app SETTINGS non_replicated_deduplication_window = 100',
  );
});
afterAll(async () => {
  await dbs?.close();
  await http?.close();
});

describe('openDatabases with a server url', () => {
  it('opens HTTP clients without creating a database that exists', () => {
    expect(dbs.writer.kind).toBe('server');
    expect(http.queries.some((query) => /system\.databases/.test(query))).toBe(true);
    expect(http.queries.some((query) => /CREATE DATABASE/.test(query))).toBe(false);
  });

  it('sends the NDJSON bytes unchanged, with the dedup settings in the statement, and stores them once', async () => {
    const ndjson = Buffer.from('{"app":"demo","value":2600.5}\n{"app":"demo","value":0.04}\n');
    await dbs.writer.insertNdjson('vitals', ndjson, 'batch-1:vitals');
    const insert = http.requests.at(-1)!;
    expect(insert.params.get('query')).toBe(
      "INSERT INTO vitals SETTINGS insert_deduplicate = 1, insert_deduplication_token = 'batch-1:vitals', " +
        'deduplicate_blocks_in_dependent_materialized_views = 1, input_format_skip_unknown_fields = 0 FORMAT JSONEachRow',
    );
    expect(insert.body.equals(ndjson)).toBe(true);
    expect(insert.params.get('database')).toBe('percept');
    expect(insert.params.get('wait_end_of_query')).toBe('1');
    await dbs.writer.insertNdjson('vitals', ndjson, 'batch-1:vitals');
    expect(await dbs.reader.query('SELECT app, value FROM vitals ORDER BY value')).toEqual([
      { app: 'demo', value: 0.04 },
      { app: 'demo', value: 2600.5 },
    ]);
  });

  it('keeps the ClickHouse error code and type and says what to do', async () => {
    const error = await dbs.reader.query('SELECT * FROM no_such_table').catch((e: unknown) => e);
    expect(error).toBeInstanceOf(DatabaseError);
    expect(error).toMatchObject({ code: '60', type: 'UNKNOWN_TABLE' });
    expect((error as Error).message).toMatch(/run `percept migrate`/);
  });

  it('pings with a query (which checks credentials) and answers false when nothing listens', async () => {
    expect(await dbs.reader.ping()).toBe(true);
    const down = await openDatabases({ url: 'http://127.0.0.1:1', database: 'percept', dataDir: '/nonexistent', retentionDays: 30 }).catch((e: unknown) => e);
    expect(down).toBeInstanceOf(DatabaseError);
    expect((down as Error).message).toMatch(/ECONNREFUSED.*Nothing listens at CLICKHOUSE_URL/s);
  });
});
