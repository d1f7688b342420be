import { cp, mkdir, readdir } from 'node:fs/promises';
import { describe, expect, it } from 'vitest';
import type { Databases } from '../../collector/db/types.js';
import type { ProcessedBatch } from '../../collector/pipeline/types.js';
import type { ScrubbedBatch } from '../../collector/scrub/index.js';
import { INGESTED_BATCHES } from '../../collector/rows/tables.js';
import { rowObjects } from '../support/rows.js';
import { RAW_TABLES } from '../../collector/rows/tables.js';
import type { Row } from '../support/rows.js';
import { processedBatch } from '../support/spool-fixtures.js';
import { copiesOf, DATABASE, FAST, NO_COPY, ONE_COPY, open, useStore, withOutage } from '../support/spool-setup.js';

/**
 * Segments found on disk at start may have been cut off mid-flush by a crash,
 * and ClickHouse may have logged a block's dedup id without its data. The
 * flusher must check what each table holds instead of trusting the token.
 */
const DAY = 86_400_000;
const GIVE_UP = { ...FAST, closeTimeoutMs: 100, sealAfterMs: 60_000 };

const ndjson = (rows: readonly object[]): string => rows.map((row) => JSON.stringify(row) + '\n').join('');

/** The rows a batch puts in each table that carries batch ids, as the spool writes them. */
const rowsOf = (batch: ProcessedBatch): [string, Row[]][] => {
  const rows = rowObjects(batch);
  return [
    ...RAW_TABLES.map((table): [string, Row[]] => [table, rows[table] ?? []]),
    [INGESTED_BATCHES, [{ app: batch.app, batch_id: batch.batch_id, received_at: Math.floor(batch.received_at / 1000) }]],
  ];
};

describe('recovered segments are verified, not trusted to their tokens', () => {
  const store = useStore();
  const spoolDir = store.spoolDir;

  /** Accepts the batches while ClickHouse is down, so they stay in one sealed segment on disk; returns its name. */
  const spoolOnly = async (dir: string, batches: ScrubbedBatch[]): Promise<string> => {
    const first = await open(dir, withOutage(store.db).db, GIVE_UP);
    for (const batch of batches) expect(await first.ingest.accept(batch)).toBe('stored');
    await first.ingest.close();
    const segments = (await readdir(dir)).filter((f) => f.endsWith('.seg'));
    expect(segments).toHaveLength(1);
    return segments[0]!.slice(0, -'.seg'.length);
  };

  /** Puts `${segment}:${table}` in each table's dedup log with no rows behind it: a crash between the log and the part. */
  const poison = async (segment: string): Promise<void> => {
    const decoy = processedBatch();
    for (const [table, rows] of rowsOf(decoy)) {
      await store.db.writer.insertNdjson(`${DATABASE}.${table}`, ndjson(rows), `${segment}:${table}`);
      await store.db.writer.command(`DELETE FROM ${DATABASE}.${table} WHERE batch_id = '${decoy.batch_id}'`);
    }
    expect(await copiesOf(store.db, decoy.batch_id)).toEqual(NO_COPY);
  };

  it('stores every batch of a recovered segment whose tokens ClickHouse already logged', async () => {
    const dir = spoolDir();
    const batches = Array.from({ length: 12 }, () => processedBatch());
    await poison(await spoolOnly(dir, batches));

    const second = await open(dir, store.db);
    await second.ingest.close();
    expect(await readdir(dir)).toEqual([]);
    for (const batch of batches) expect(await copiesOf(store.db, batch.batch_id)).toEqual(ONE_COPY);
  });

  it('completes a batch of which only some partitions were stored', async () => {
    const dir = spoolDir();
    const now = Date.now();
    const split = processedBatch({}, now);
    split.events = split.events.map((event, i) => (i % 2 === 1 ? { ...event, ts: event.ts - DAY } : event));
    const whole = processedBatch({}, now);
    const segment = await spoolOnly(dir, [split, whole]);
    await poison(segment);
    // The crash stored yesterday's part of the split batch's vitals, not today's.
    const yesterday = new Date(now - DAY).toISOString().slice(0, 10);
    const stored = (rowObjects(split).vitals ?? []).filter((row) => String(row.time).startsWith(yesterday));
    expect(stored.length).toBeGreaterThan(0);
    expect(stored.length).toBeLessThan(5);
    await store.db.writer.insertNdjson(`${DATABASE}.vitals`, ndjson(stored), 'test:partly-stored');

    const second = await open(dir, store.db);
    await second.ingest.close();
    expect(await readdir(dir)).toEqual([]);
    expect(await copiesOf(store.db, split.batch_id)).toEqual(ONE_COPY);
    expect(await copiesOf(store.db, whole.batch_id)).toEqual(ONE_COPY);
  });

  it('sends nothing again for a recovered segment that was stored in full (crash before the delete)', async () => {
    const dir = spoolDir();
    const saved = `${dir}-saved`;
    const batches = Array.from({ length: 8 }, () => processedBatch());
    await spoolOnly(dir, batches);
    await mkdir(saved);
    await cp(dir, saved, { recursive: true });
    const second = await open(dir, store.db);
    await second.ingest.close();
    await cp(saved, dir, { recursive: true });

    const inserted: string[] = [];
    const counting: Databases = {
      ...store.db,
      writer: {
        ...store.db.writer,
        insertNdjson: (table, bytes, token) => {
          inserted.push(table);
          return store.db.writer.insertNdjson(table, bytes, token);
        },
      },
    };
    const third = await open(dir, counting);
    await third.ingest.close();
    expect(await readdir(dir)).toEqual([]);
    expect(inserted.filter((table) => !table.endsWith('.ingest_counters'))).toEqual([]);
    for (const batch of batches) expect(await copiesOf(store.db, batch.batch_id)).toEqual(ONE_COPY);
  });
});
