import { readdir } from 'node:fs/promises';
import { describe, expect, it } from 'vitest';
import { SpoolFullError } from '../../collector/spool/types.js';
import { processedBatch } from '../support/spool-fixtures.js';
import { batchRecord } from '../../collector/spool/batch-records.js';
import { copiesOf, DATABASE, NO_COPY, ONE_COPY, open, useStore, withOutage } from '../support/spool-setup.js';

describe('spool → ClickHouse', () => {
  const store = useStore();
  const spoolDir = store.spoolDir;

  it('stores accepted batches and empties the spool', async () => {
    const dir = spoolDir();
    const { ingest, registry } = await open(dir, store.db);
    const batches = Array.from({ length: 30 }, () => processedBatch());
    expect(await Promise.all(batches.map((b) => ingest.accept(b)))).toEqual(batches.map(() => 'stored'));
    await ingest.close();
    for (const b of batches.slice(0, 3)) expect(await copiesOf(store.db, b.batch_id)).toEqual(ONE_COPY);
    const [{ total }] = (await store.db.reader.query<{ total: number }>(`SELECT count() AS total FROM ${DATABASE}.vitals WHERE batch_id IN {ids:Array(UUID)}`, {
      ids: batches.map((b) => b.batch_id),
    })) as [{ total: number }];
    expect(Number(total)).toBe(30 * 5);
    expect(await readdir(dir)).toEqual([]);
    const metrics = await registry.getMetricsAsJSON();
    const flushed = metrics.find((m) => m.name === 'percept_flush_rows_total')!;
    expect(flushed.values.find((v) => v.labels.table === 'vitals')?.value).toBe(150);
    expect(metrics.find((m) => m.name === 'percept_spool_bytes')!.values[0]!.value).toBe(0);
  });

  it('stores one copy of a batch sent twice, one after the other and at once', async () => {
    const { ingest } = await open(spoolDir(), store.db);
    const sequential = processedBatch();
    expect(await ingest.accept(sequential)).toBe('stored');
    expect(await ingest.accept(structuredClone(sequential))).toBe('duplicate');
    const concurrent = processedBatch();
    const results = await Promise.all(Array.from({ length: 10 }, () => ingest.accept(structuredClone(concurrent))));
    expect(results.filter((r) => r === 'stored')).toHaveLength(1);
    await ingest.close();
    expect(await copiesOf(store.db, sequential.batch_id)).toEqual(ONE_COPY);
    expect(await copiesOf(store.db, concurrent.batch_id)).toEqual(ONE_COPY);
  });

  it('answers 503-style SpoolFullError at a tiny cap and stores only what it took', async () => {
    const first = processedBatch();
    const second = processedBatch();
    const size = batchRecord(first).length;
    // ClickHouse down, so the first batch stays in the spool and fills it.
    const outage = withOutage(store.db);
    const { ingest } = await open(spoolDir(), outage.db, undefined, Math.floor(size * 1.5));
    expect(await ingest.accept(first)).toBe('stored');
    const error = await ingest.accept(second).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(SpoolFullError);
    expect((error as SpoolFullError).retryAfterSeconds).toBeGreaterThan(0);
    outage.down.value = false;
    await ingest.close();
    expect(await copiesOf(store.db, first.batch_id)).toEqual(ONE_COPY);
    expect(await copiesOf(store.db, second.batch_id)).toEqual(NO_COPY);
  });

  it('writes accepted, rejected and dropped counts to ingest_counters', async () => {
    const { ingest } = await open(spoolDir(), store.db);
    const batch = processedBatch({ app: 'counted' });
    await ingest.accept(batch);
    await ingest.accept(batch);
    ingest.count('counted', 'rejected', 'invalid_event', 3);
    await ingest.close();
    const rows = await store.db.reader.query<{ outcome: string; reason: string; n: number }>(
      `SELECT outcome, reason, sum(count) AS n FROM ${DATABASE}.ingest_counters WHERE app = 'counted' GROUP BY outcome, reason ORDER BY outcome`,
    );
    expect(rows.map((r) => ({ ...r, n: Number(r.n) }))).toEqual([
      { outcome: 'accepted', reason: '', n: batch.events.length },
      { outcome: 'dropped', reason: 'duplicate', n: batch.events.length },
      { outcome: 'rejected', reason: 'invalid_event', n: 3 },
    ]);
  });

  it('is ready while the spool is writable and ClickHouse answers', async () => {
    const { ingest } = await open(spoolDir(), store.db);
    expect(await ingest.readiness()).toEqual({ ready: true });
    await ingest.close();
    expect((await ingest.readiness()).ready).toBe(false);
  });
});
