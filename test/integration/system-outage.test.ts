import { rm } from 'node:fs/promises';
import { join } from 'node:path';
import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { benchBody } from '../support/payload.js';
import { migrate } from '../../collector/db/migrate.js';
import type { Databases } from '../../collector/db/types.js';
import { withOutage } from '../support/spool-setup.js';
import { baseOf, buildIngestApp, systemConfig } from '../support/system-app.js';
import { DATABASE, eventually, freshDir, isOneCopy, metric, openStored, postBatch, request, rowsByBatch } from '../support/system-helpers.js';
import { ackedMore, startLoad, type Load } from '../support/system-load.js';

/**
 * ClickHouse unavailable for a while under load: the spool absorbs, the
 * collector stays ready, and once the database is back every acknowledged
 * batch lands exactly once. With a tiny spool, clients get 503 + Retry-After
 * and nothing acknowledged is lost. The outage is the one injected fault:
 * inserts, queries and pings fail while it lasts (spool-setup's withOutage).
 */
let root = '';
let db: Databases;
const apps: FastifyInstance[] = [];
let running: Load | undefined;

beforeAll(async () => {
  root = await freshDir('system-outage');
  db = await openStored(join(root, 'data'));
  await migrate(db.writer, { database: DATABASE, retentionDays: 90 });
});

afterAll(async () => {
  await running?.stop();
  for (const app of apps) await app.close();
  await db?.close();
  if (root) await rm(root, { recursive: true, force: true });
});

/**
 * Drained: every stored batch's ingested_batches row is in ClickHouse and
 * nothing waits. The row count states the promise itself rather than
 * relying on how percept_spool_bytes is accounted.
 */
const drained = (base: string) =>
  eventually(
    async () =>
      (await metric(base, 'percept_spool_bytes')) === 0 &&
      (await metric(base, 'percept_clickhouse_up')) === 1 &&
      (await metric(base, 'percept_flush_rows_total', 'table="ingested_batches"')) >= (await metric(base, 'percept_spool_batches_total', 'result="stored"')),
    'the spool to drain once ClickHouse is back',
    45_000,
  );

describe('ClickHouse down under load', () => {
  it('absorbs the outage in the spool, stays ready, and stores every acknowledged batch once', { timeout: 90_000 }, async () => {
    const outage = withOutage(db);
    outage.down.value = false;
    const app = await buildIngestApp(await systemConfig(join(root, 'data'), join(root, 'spool-a')), outage.db);
    apps.push(app);
    const base = baseOf(app);
    const load = startLoad({ target: () => base, senders: 4 });
    running = load;

    await ackedMore(load, 20);
    outage.down.value = true;
    const beforeOutage = new Set(load.acked.keys());
    await eventually(async () => (await metric(base, 'percept_clickhouse_up')) === 0, 'a flush to fail');
    await ackedMore(load, 60);
    const duringOutage = [...load.acked.keys()].filter((id) => !beforeOutage.has(id));
    expect(await metric(base, 'percept_spool_bytes')).toBeGreaterThan(0);
    expect(await metric(base, 'percept_clickhouse_insert_errors_total')).toBeGreaterThan(0);
    const ready = await request(`${base}/readyz`);
    expect(ready.status, ready.body).toBe(200);
    const landedEarly = await rowsByBatch(db);
    expect(duringOutage.filter((id) => landedEarly.has(id))).toEqual([]);

    outage.down.value = false;
    await load.stop();
    await drained(base);

    const stored = await rowsByBatch(db);
    expect([...load.acked.keys()].filter((id) => !stored.has(id))).toEqual([]);
    expect([...stored].filter(([, rows]) => !isOneCopy(rows))).toEqual([]);
    expect([...stored.keys()].filter((id) => !load.sent.has(id))).toEqual([]);
    expect(load.refused.size, JSON.stringify([...load.refused])).toBe(0);
  });

  it('answers 503 with Retry-After at a tiny spool cap and loses nothing it acknowledged', { timeout: 90_000 }, async () => {
    const outage = withOutage(db);
    const config = await systemConfig(join(root, 'data'), join(root, 'spool-b'), { PERCEPT_SPOOL_MAX_BYTES: String(64 * 1024) });
    const app = await buildIngestApp(config, outage.db);
    apps.push(app);
    const base = baseOf(app);

    const acked: string[] = [];
    const refused = new Map<string, string>();
    for (let i = 0; i < 40 && refused.size < 3; i++) {
      const body = benchBody();
      const id = (JSON.parse(body) as { batch_id: string }).batch_id;
      const answer = await postBatch(base, body);
      if (answer.status === 202) {
        acked.push(id);
        continue;
      }
      expect(answer.status, answer.body).toBe(503);
      expect(answer.headers['retry-after']).toMatch(/^[1-9][0-9]*$/);
      expect(answer.headers['content-type']).toMatch(/^application\/json/);
      const { error } = JSON.parse(answer.body) as { error: { code: string; message: string } };
      expect(error.code).toBe('spool_full');
      expect(error.message).toMatch(/retry/i);
      refused.set(id, body);
    }
    expect(acked.length).toBeGreaterThan(0);
    expect(refused.size).toBe(3);
    const notReady = await request(`${base}/readyz`);
    expect(notReady.status).toBe(503);
    expect(JSON.parse(notReady.body)).toMatchObject({ ready: false, reason: expect.stringMatching(/ClickHouse/) });

    outage.down.value = false;
    await drained(base);
    const afterDrain = await rowsByBatch(db);
    expect(acked.filter((id) => !afterDrain.has(id) || !isOneCopy(afterDrain.get(id)!))).toEqual([]);
    expect([...refused.keys()].filter((id) => afterDrain.has(id))).toEqual([]);

    for (const body of refused.values()) expect((await postBatch(base, body)).status).toBe(202);
    await drained(base);
    const stored = await rowsByBatch(db);
    expect([...acked, ...refused.keys()].filter((id) => !stored.has(id) || !isOneCopy(stored.get(id)!))).toEqual([]);
    expect((await request(`${base}/readyz`)).status).toBe(200);
  });
});
