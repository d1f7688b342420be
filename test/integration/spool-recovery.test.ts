import { cp, mkdir, readdir } from 'node:fs/promises';
import { describe, expect, it } from 'vitest';
import type { Databases } from '../../collector/db/types.js';
import type { ProcessedBatch } from '../../collector/pipeline/types.js';
import { processedBatch } from '../support/spool-fixtures.js';
import { copiesOf, DATABASE, eventually, FAST, NO_COPY, ONE_COPY, open, useStore, withOutage } from '../support/spool-setup.js';

const DAY = 86_400_000;
/** Close quickly while ClickHouse is down: what is not flushed stays on disk. */
const GIVE_UP = { ...FAST, closeTimeoutMs: 100 };

const vitalsOf = async (db: Databases, batches: ProcessedBatch[]): Promise<number> => {
  const [row] = await db.reader.query<{ n: number }>(`SELECT count() AS n FROM ${DATABASE}.vitals WHERE batch_id IN {ids:Array(UUID)}`, {
    ids: batches.map((b) => b.batch_id),
  });
  return Number(row!.n);
};

describe('spool recovery', () => {
  const store = useStore();
  const spoolDir = store.spoolDir;

  it('replays what a previous run left, once, and still knows its batch ids after a restart', async () => {
    const dir = spoolDir();
    const outage = withOutage(store.db);
    const first = await open(dir, outage.db, GIVE_UP);
    const a = processedBatch();
    const b = processedBatch();
    expect(await first.ingest.accept(a)).toBe('stored');
    expect(await first.ingest.accept(b)).toBe('stored');
    await first.ingest.close();
    expect((await readdir(dir)).some((f) => f.endsWith('.seg'))).toBe(true);
    expect(await copiesOf(store.db, a.batch_id)).toEqual(NO_COPY);

    const second = await open(dir, store.db);
    expect(await second.ingest.accept(structuredClone(a))).toBe('duplicate');
    await second.ingest.close();
    expect(await copiesOf(store.db, a.batch_id)).toEqual(ONE_COPY);
    expect(await copiesOf(store.db, b.batch_id)).toEqual(ONE_COPY);
    expect(await readdir(dir)).toEqual([]);

    // Spool empty now: the ids come back from ClickHouse.
    const third = await open(dir, store.db);
    expect(await third.ingest.accept(structuredClone(b))).toBe('duplicate');
    expect(await third.ingest.accept(processedBatch())).toBe('stored');
    await third.ingest.close();
    expect(await copiesOf(store.db, b.batch_id)).toEqual(ONE_COPY);
  });

  it('stores a segment flushed twice (crash between insert and delete) exactly once', async () => {
    const dir = spoolDir();
    const saved = `${dir}-saved`;
    const outage = withOutage(store.db);
    const first = await open(dir, outage.db, { ...GIVE_UP, sealAfterMs: 60_000 });
    // Two days of event times, so each table's block spans two partitions.
    const batches = Array.from({ length: 300 }, (_, i) => processedBatch({}, Date.now() - (i % 2) * DAY));
    await Promise.all(batches.map((batch) => first.ingest.accept(batch)));
    await first.ingest.close();
    await mkdir(saved);
    await cp(dir, saved, { recursive: true });
    expect((await readdir(saved)).filter((f) => f.endsWith('.seg'))).toHaveLength(1);

    const second = await open(dir, store.db);
    await second.ingest.close();
    expect(await vitalsOf(store.db, batches)).toBe(300 * 5);

    // The crash: the segment file survived its successful insert.
    await cp(saved, dir, { recursive: true });
    const third = await open(dir, store.db);
    await third.ingest.close();
    expect(await readdir(dir)).toEqual([]);
    expect(await vitalsOf(store.db, batches)).toBe(300 * 5);
    expect(await copiesOf(store.db, batches[7]!.batch_id)).toEqual(ONE_COPY);
  });

  it('keeps everything while ClickHouse is down and drains when it is back', async () => {
    const dir = spoolDir();
    const outage = withOutage(store.db);
    const { ingest, registry, lines } = await open(dir, outage.db);
    const batches = Array.from({ length: 20 }, () => processedBatch());
    for (const batch of batches) expect(await ingest.accept(batch)).toBe('stored');
    const metric = async (name: string) => (await registry.getMetricsAsJSON()).find((m) => m.name === name)!.values[0]!.value;
    await eventually(async () => (await metric('percept_clickhouse_insert_errors_total')) >= 5, 'the flusher retried a few times');
    expect(await metric('percept_spool_bytes')).toBeGreaterThan(0);
    expect(await metric('percept_clickhouse_up')).toBe(0);
    expect(await vitalsOf(store.db, batches)).toBe(0);
    expect(lines.filter((l) => l.level === 'error')).toHaveLength(1);
    expect(await ingest.readiness()).toEqual({ ready: true });

    outage.down.value = false;
    await eventually(async () => (await vitalsOf(store.db, batches)) === 20 * 5, 'the spool drained into ClickHouse');
    // The "again" line follows the whole segment's inserts, a moment after the rows are visible.
    await eventually(() => lines.some((l) => /again/.test(l.msg)), 'the flusher said ClickHouse is back');
    expect(lines.filter((l) => /again/.test(l.msg))).toHaveLength(1);
    await ingest.close();
    expect(await vitalsOf(store.db, batches)).toBe(20 * 5);
    expect(await copiesOf(store.db, batches[0]!.batch_id)).toEqual(ONE_COPY);
  });

  it('drops a retried copy accepted while ClickHouse could not tell it was stored', async () => {
    const dir = spoolDir();
    const stored = processedBatch();
    const before = await open(dir, store.db);
    await before.ingest.accept(stored);
    await before.ingest.close();

    const outage = withOutage(store.db);
    const blind = await open(dir, outage.db);
    expect(await blind.ingest.accept(structuredClone(stored))).toBe('stored');
    outage.down.value = false;
    await blind.ingest.close();
    expect(await copiesOf(store.db, stored.batch_id)).toEqual(ONE_COPY);
  });
});
