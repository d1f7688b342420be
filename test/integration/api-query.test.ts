import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Collector } from '../support/http.js';
import { startApiCollector, TOKENS } from '../support/api.js';
import { insertRows, vitalRow } from '../support/api-seeds.js';

/** POST /api/v1/query on a real collector (chDB): who may run SQL, what runs, and under which limits. */
let collector: Collector;
beforeAll(async () => {
  collector = await startApiCollector({ api: { maxResultRows: 5, queryTimeoutMs: 1000, maxConcurrent: 2 } });
  await insertRows(
    collector.app.db.writer,
    'vitals',
    ['1.0', '1.0', '1.1'].map((release, i) => vitalRow({ app: 'shop', metric: 'LCP', value: 1000 + i, metricId: `sql-${i}`, release })),
  );
});
afterAll(async () => {
  await collector.close();
});

const post = (body: unknown, token: string = TOKENS.all) =>
  collector.app.inject({
    method: 'POST',
    url: '/api/v1/query',
    headers: { 'content-type': 'application/json', ...(token ? { authorization: `Bearer ${token}` } : {}) },
    payload: JSON.stringify(body),
  });
const errorOf = (response: { json(): unknown }) => (response.json() as { error: { code: string; message: string } }).error;

describe('POST /api/v1/query', () => {
  it('runs a SELECT for a token of every app, as JSON or CSV', async () => {
    const sql = "SELECT release, count() AS n FROM vitals WHERE app = 'shop' GROUP BY release ORDER BY release;";
    const json = await post({ sql });
    expect(json.statusCode, json.body).toBe(200);
    expect(json.json()).toMatchObject({
      data: [
        { release: '1.0', n: 2 },
        { release: '1.1', n: 1 },
      ],
      meta: { cached: false, rows: 2 },
    });
    const csv = await post({ sql, format: 'csv' });
    expect(csv.headers['content-type']).toMatch(/^text\/csv/);
    expect(csv.body).toBe('release,n\r\n1.0,2\r\n1.1,1\r\n');
  });

  it('refuses a token for some apps with 403, saying why', async () => {
    for (const token of [TOKENS.shop, TOKENS.both]) {
      const response = await post({ sql: 'SELECT 1' }, token);
      expect(response.statusCode).toBe(403);
      expect(errorOf(response)).toMatchObject({ code: 'forbidden', message: expect.stringContaining('cannot be limited to some apps') });
    }
    expect((await post({ sql: 'SELECT 1' }, '')).statusCode).toBe(401);
  });

  it('refuses writes, DDL and settings changes with 400 read_only, and nothing changes', async () => {
    for (const sql of [
      'DROP TABLE vitals',
      "INSERT INTO alert_leases (rule_id, slot, owner) SELECT 'x', 1, 'y'",
      '/* looks harmless */ TRUNCATE TABLE vitals',
      'SET max_execution_time = 0',
      // Past the first keyword only the connection's readonly = 1 stands in the way.
      'SELECT count() FROM vitals SETTINGS max_execution_time = 0',
      "SELECT * FROM file('/etc/hostname', 'LineAsString')",
    ]) {
      const response = await post({ sql });
      expect(response.statusCode, sql).toBe(400);
      expect(errorOf(response).code, `${sql}: ${errorOf(response).message}`).toBe('read_only');
    }
    const count = await post({ sql: 'SELECT count() AS n FROM vitals' });
    expect((count.json() as { data: unknown }).data).toEqual([{ n: 3 }]);
    expect((await post({ sql: 'SELECT count() AS n FROM alert_leases' })).json()).toMatchObject({ data: [{ n: 0 }] });
  });

  it('runs one statement at a time', async () => {
    const response = await post({ sql: 'SELECT 1; DROP TABLE vitals' });
    expect(response.statusCode).toBe(400);
    expect(errorOf(response)).toMatchObject({ code: 'bad_sql', message: expect.stringContaining('Multi-statements are not allowed') });
    expect((await post({ sql: 'SELECT count() AS n FROM vitals' })).json()).toMatchObject({ data: [{ n: 3 }] });
    // A ; inside a string or a comment is no second statement.
    expect((await post({ sql: "/* a; b */ SELECT ';' AS s -- c; d" })).json()).toMatchObject({ data: [{ s: ';' }] });
  });

  it('explains a statement ClickHouse cannot run, and a bad body', async () => {
    const unknown = await post({ sql: 'SELECT nope FROM vitals' });
    expect(unknown.statusCode).toBe(400);
    expect(errorOf(unknown)).toMatchObject({ code: 'bad_sql', message: expect.stringContaining('nope') });
    const empty = await post({ sql: '  ' });
    expect(empty.statusCode).toBe(400);
    expect(errorOf(empty)).toMatchObject({ code: 'bad_filter', message: expect.stringContaining('sql is empty') });
    expect(errorOf(await post({ sql: 'SELECT 1', format: 'xml' })).code).toBe('bad_filter');
  });

  it('holds the row and time limits of the API (422 query_limit)', async () => {
    const rows = await post({ sql: 'SELECT number FROM system.numbers LIMIT 6' });
    expect(rows.statusCode).toBe(422);
    expect(errorOf(rows).code).toBe('query_limit');
    expect((await post({ sql: 'SELECT number FROM system.numbers LIMIT 5' })).statusCode).toBe(200);
    const slow = await post({ sql: 'SELECT sleepEachRow(1) FROM numbers(3)' });
    expect(slow.statusCode, slow.body).toBe(422);
    expect(errorOf(slow)).toMatchObject({ code: 'query_limit', message: expect.stringContaining('time limit 1 s') });
  });

  it('takes a slot of the API concurrency limit (429 too_busy when all are taken)', async () => {
    const answers = await Promise.all(Array.from({ length: 6 }, () => post({ sql: 'SELECT 1 AS one' })));
    const busy = answers.filter((answer) => answer.statusCode === 429);
    expect(answers.filter((answer) => answer.statusCode === 200).length).toBeGreaterThan(0);
    expect(busy.length).toBeGreaterThan(0);
    expect(errorOf(busy[0]!).code).toBe('too_busy');
    expect(busy[0]!.headers['retry-after']).toBe('1');
  });

  it('writes the statement and the reader to the audit log, never the token', async () => {
    const marker = "SELECT 'audit-marker-7' AS m";
    expect((await post({ sql: marker })).statusCode).toBe(200);
    expect((await post({ sql: marker }, TOKENS.shop)).statusCode).toBe(403);
    let rows: { actor: string; apps: string[]; params: string; status: string; error: string; rows: number }[] = [];
    for (let i = 0; i < 200 && rows.length < 2; i++) {
      rows = await collector.app.db.reader.query(
        "SELECT actor, apps, params, status, error, rows FROM audit_log WHERE query = '/api/v1/query' AND params LIKE '%audit-marker-7%' ORDER BY status",
      );
      if (rows.length < 2) await new Promise((resolve) => setTimeout(resolve, 100));
    }
    expect(rows).toEqual([
      { actor: 'analyst', apps: ['*'], params: JSON.stringify({ sql: marker, format: null }), status: '200', error: '', rows: 1 },
      { actor: 'shop-team', apps: ['*'], params: JSON.stringify({ sql: marker, format: null }), status: '403', error: 'forbidden', rows: 0 },
    ]);
    expect(JSON.stringify(rows)).not.toContain(TOKENS.all);
  });

  it('is in the OpenAPI document', async () => {
    const document = (await collector.app.inject({ method: 'GET', url: '/api/v1/openapi.json' })).json() as {
      paths: Record<string, { post?: { requestBody: { content: Record<string, { schema: { required: string[] } }> } } }>;
    };
    expect(document.paths['/query']!.post!.requestBody.content['application/json']!.schema.required).toEqual(['sql']);
  });
});
