import { randomUUID } from 'node:crypto';
import { rm } from 'node:fs/promises';
import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildApp } from '../../collector/app.js';
import { openDatabases } from '../../collector/db/open.js';
import type { Databases } from '../../collector/db/types.js';
import { exampleBatch } from '../support/batches.js';
import { startClickHouseHttp, type ClickHouseHttp } from '../support/clickhouse-http.js';
import { eventually, freshDir } from '../support/system-helpers.js';
import { systemConfig } from '../support/system-app.js';

/**
 * Two collectors behind one load balancer, writing to one ClickHouse server
 * (real SQL through test/support/clickhouse-http.ts). A batch whose 202 was
 * lost is retried by the SDK and may reach the other collector; either way
 * the database must end with one copy (docs/durability.md, "Several collectors").
 */
let http: ClickHouseHttp;
const collectors: FastifyInstance[] = [];
const dirs: string[] = [];

const start = async (name: string, databases?: Databases): Promise<FastifyInstance> => {
  const dir = await freshDir(name);
  dirs.push(dir);
  const app = await buildApp(await systemConfig(dir, `${dir}/spool`, { CLICKHOUSE_URL: http.url }), { databases });
  collectors.push(app);
  return app;
};

const post = async (app: FastifyInstance, body: unknown): Promise<number> =>
  (await app.inject({ method: 'POST', url: '/v1/batch', headers: { 'content-type': 'application/json' }, payload: JSON.stringify(body) })).statusCode;

const vitalsOf = async (batchId: string): Promise<number> => {
  const [row] = await http.rows<{ n: number }>(`SELECT count() AS n FROM percept.vitals WHERE batch_id = '${batchId}'`);
  return Number(row!.n);
};

/** Posts a fresh batch to `app` and waits until it is stored: everything that app accepted before it is flushed too. */
const flushed = async (app: FastifyInstance): Promise<void> => {
  const marker = exampleBatch();
  expect(await post(app, marker)).toBe(202);
  await eventually(async () => (await vitalsOf(marker.batch_id)) > 0, 'the marker batch to be stored');
};

let a: FastifyInstance;
let b: FastifyInstance;
beforeAll(async () => {
  http = await startClickHouseHttp();
  a = await start('collector-a');
  b = await start('collector-b');
});
const opened: Databases[] = [];
afterAll(async () => {
  for (const app of collectors) await app.close();
  for (const db of opened) await db.close();
  await http?.close();
  for (const dir of dirs) await rm(dir, { recursive: true, force: true });
});

describe('two collectors on one database', () => {
  it('store a batch posted to both once', async () => {
    const batch = exampleBatch();
    expect(await post(a, batch)).toBe(202);
    expect(await post(b, batch)).toBe(202);
    await flushed(a);
    await flushed(b);
    const vitals = batch.events.filter((event) => event.type === 'vital').length;
    expect(await vitalsOf(batch.batch_id)).toBe(vitals);
  });

  it('store a batch retried to the second after the first stored it once', async () => {
    const batch = exampleBatch();
    expect(await post(a, batch)).toBe(202);
    await eventually(async () => (await vitalsOf(batch.batch_id)) > 0, 'the first copy to be stored');
    expect(await post(b, batch)).toBe(202);
    await flushed(b);
    const vitals = batch.events.filter((event) => event.type === 'vital').length;
    expect(await vitalsOf(batch.batch_id)).toBe(vitals);
    const [claims] = await http.rows<{ n: number }>(`SELECT uniqExact(claim) AS n FROM percept.ingested_batches WHERE batch_id = '${batch.batch_id}'`);
    expect(Number(claims!.n)).toBe(1);
  });

  it('store distinct batches from both collectors, none dropped', async () => {
    const batches = [exampleBatch(), exampleBatch(), exampleBatch({ batch_id: randomUUID() })];
    expect(await post(a, batches[0])).toBe(202);
    expect(await post(b, batches[1])).toBe(202);
    expect(await post(b, batches[2])).toBe(202);
    await flushed(a);
    await flushed(b);
    for (const batch of batches) expect(await vitalsOf(batch.batch_id)).toBeGreaterThan(0);
  });

  it('store a batch once when the collector holding the older copy claims it last', async () => {
    // Collector c takes the batch first (its segment is older) but stalls just before its claim insert.
    const db = await openDatabases({ url: http.url, database: 'percept', dataDir: '/nonexistent', retentionDays: 30 });
    opened.push(db);
    let release!: () => void;
    const gate = new Promise<void>((resolve) => (release = resolve));
    let stalled = false;
    const c = await start('collector-c', {
      ...db,
      writer: {
        ...db.writer,
        insertNdjson: async (table, ndjson, token) => {
          if (table.endsWith('.ingested_batches') && !stalled) {
            stalled = true;
            await gate;
          }
          return db.writer.insertNdjson(table, ndjson, token);
        },
      },
    });
    const batch = exampleBatch();
    expect(await post(c, batch)).toBe(202);
    await eventually(() => stalled, 'collector c to reach its claim insert');
    // Meanwhile the retry reaches a, which claims, reads back only its own claim and stores the batch.
    expect(await post(a, batch)).toBe(202);
    await eventually(async () => (await vitalsOf(batch.batch_id)) > 0, "a's copy to be stored");
    release();
    await flushed(c);
    const vitals = batch.events.filter((event) => event.type === 'vital').length;
    expect(await vitalsOf(batch.batch_id)).toBe(vitals);
  });
});
