import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { ProcessedBatch } from '../../collector/pipeline/types.js';
import { createAcceptor } from '../../collector/spool/acceptor.js';
import { BATCH_ID_TTL_MS, BatchIndex, batchKey } from '../../collector/spool/batch-index.js';
import { IngestCounters } from '../../collector/spool/ingest-counters.js';
import { decodeRecords } from '../../collector/rows/record-codec.js';
import { batchRecord } from '../../collector/spool/batch-records.js';
import type { SealedSegment } from '../../collector/spool/segment-files.js';
import { SegmentWriter } from '../../collector/spool/segment-writer.js';
import { SpoolFullError } from '../../collector/spool/types.js';
import { processedBatch } from '../support/spool-fixtures.js';

describe('accept', () => {
  let dir: string;
  let now: number;
  let sealed: SealedSegment[];
  let writer: SegmentWriter;
  let index: BatchIndex;
  let counters: IngestCounters;
  let closing: boolean;
  const open = (maxBytes = 1 << 30) =>
    createAcceptor({
      writer,
      index,
      counters,
      maxBytes,
      spooledBytes: () => writer.unsealedBytes + sealed.reduce((n, s) => n + s.bytes, 0),
      retryAfterSeconds: () => 7,
      closing: () => closing,
    });
  const spooledIds = async () => {
    await writer.close();
    const ids: string[] = [];
    for (const s of sealed) ids.push(...decodeRecords(await readFile(s.path)).records.map((r) => r.batchId));
    return ids;
  };

  beforeEach(async () => {
    dir = await mkdtemp(join(tmpdir(), 'percept-spool-'));
    now = Date.UTC(2026, 10, 1, 12, 0, 0);
    sealed = [];
    closing = false;
    writer = new SegmentWriter({ dir, segmentMaxBytes: 1 << 20, clock: () => now, onSealed: (s) => sealed.push(s) });
    index = new BatchIndex(() => now);
    counters = new IngestCounters(() => now);
  });
  afterEach(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  it('takes only a scrubbed batch: an unscrubbed one does not compile', async () => {
    const accept = open();
    const scrubbed = processedBatch({}, now);
    const { ...unscrubbed } = scrubbed; // a plain ProcessedBatch: the brand is lost with the copy's type
    // @ts-expect-error ProcessedBatch is not a ScrubbedBatch: only scrubBatch makes one.
    const refused: Parameters<typeof accept>[0] = unscrubbed as ProcessedBatch;
    expect(refused.batch_id).toBe(scrubbed.batch_id);
    expect(await accept(scrubbed)).toBe('stored');
  });

  it('stores exactly one of many concurrent copies of a batch', async () => {
    const accept = open();
    const batch = processedBatch({}, now);
    const results = await Promise.all(Array.from({ length: 20 }, () => accept(structuredClone(batch))));
    expect(results.filter((r) => r === 'stored')).toHaveLength(1);
    expect(results.filter((r) => r === 'duplicate')).toHaveLength(19);
    expect(await spooledIds()).toEqual([batch.batch_id]);
  });

  it('answers duplicate for a sequential retry, and counts it as dropped', async () => {
    const accept = open();
    const batch = processedBatch({}, now);
    expect(await accept(batch)).toBe('stored');
    expect(await accept({ ...batch, events: batch.events.slice(0, 2) })).toBe('duplicate');
    expect(await spooledIds()).toEqual([batch.batch_id]);
    const rows = counters.take();
    expect(rows).toContainEqual({ app: 'demo', minute: now / 1000, outcome: 'accepted', reason: '', count: batch.events.length });
    expect(rows).toContainEqual({ app: 'demo', minute: now / 1000, outcome: 'dropped', reason: 'duplicate', count: 2 });
  });

  it('keys on app and batch id together', async () => {
    const accept = open();
    const batch = processedBatch({}, now);
    expect(await accept(batch)).toBe('stored');
    expect(await accept({ ...batch, app: 'other' })).toBe('stored');
  });

  it('forgets a batch id after 48 hours', async () => {
    const accept = open();
    const batch = processedBatch({}, now);
    expect(await accept(batch)).toBe('stored');
    now += BATCH_ID_TTL_MS - 1;
    expect(await accept(batch)).toBe('duplicate');
    now += 1;
    expect(await accept(batch)).toBe('stored');
    index.prune();
    expect(index.size).toBe(1);
  });

  it('rejects with SpoolFullError at the cap and writes nothing', async () => {
    const first = processedBatch({}, now);
    const size = batchRecord(first).length;
    const accept = open(Math.floor(size * 1.5));
    expect(await accept(first)).toBe('stored');
    const used = writer.unsealedBytes;
    const error = await accept(processedBatch({}, now)).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(SpoolFullError);
    expect((error as SpoolFullError).retryAfterSeconds).toBe(7);
    expect(writer.unsealedBytes).toBe(used);
    // A retry of a batch already taken is still acknowledged when full: it is stored.
    expect(await accept(first)).toBe('duplicate');
    expect(counters.take()).toContainEqual(expect.objectContaining({ outcome: 'rejected', reason: 'spool_full' }));
  });

  it('withdraws the reservation when the spool write fails, so a retry is stored', async () => {
    const accept = open();
    const batch = processedBatch({}, now);
    await writer.close();
    await expect(accept(batch)).rejects.toThrow(/closed/);
    expect(index.lookup(batchKey(batch.app, batch.batch_id))).toBeUndefined();
  });

  it('refuses batches while closing with a 503-mapped error', async () => {
    closing = true;
    await expect(open()(processedBatch({}, now))).rejects.toBeInstanceOf(SpoolFullError);
  });
});

describe('batch index history', () => {
  it('reports a copy that was reserved before the history was known', () => {
    const now = 1_000_000;
    const index = new BatchIndex(() => now);
    index.reserve('demo\u0000a', Promise.resolve());
    expect(index.remember('demo\u0000a', now - 10)).toBe(true);
    expect(index.remember('demo\u0000b', now - 10)).toBe(false);
    expect(index.lookup('demo\u0000b')).toBeDefined();
    expect(index.remember('demo\u0000old', now - BATCH_ID_TTL_MS)).toBe(false);
    expect(index.lookup('demo\u0000old')).toBeUndefined();
  });
});

describe('ingest counters', () => {
  it('sums by app, minute, outcome and reason, and can put a take back', () => {
    let now = Date.UTC(2026, 0, 1, 0, 0, 30);
    const counters = new IngestCounters(() => now);
    counters.add('a', 'rejected', 'invalid_event', 2);
    counters.add('a', 'rejected', 'invalid_event');
    now += 60_000;
    counters.add('a', 'rejected', 'invalid_event');
    counters.add('a', 'accepted', '', 0);
    const rows = counters.take();
    expect(rows).toEqual([
      { app: 'a', minute: Date.UTC(2026, 0, 1) / 1000, outcome: 'rejected', reason: 'invalid_event', count: 3 },
      { app: 'a', minute: Date.UTC(2026, 0, 1, 0, 1) / 1000, outcome: 'rejected', reason: 'invalid_event', count: 1 },
    ]);
    expect(counters.take()).toEqual([]);
    counters.restore(rows);
    counters.add('a', 'rejected', 'invalid_event');
    expect(counters.take().map((r) => r.count)).toEqual([3, 2]);
  });
});
