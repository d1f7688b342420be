import { mkdtemp, readdir, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { decodeRecords, encodeRecord } from '../../collector/rows/record-codec.js';
import type { SealedSegment } from '../../collector/spool/segment-files.js';
import { SegmentWriter } from '../../collector/spool/segment-writer.js';

const record = (batchId: string, bytes = 100): Buffer =>
  encodeRecord({ app: 'demo', batchId, receivedAt: 1 }, [{ table: 'vitals', rows: 1, ndjson: Buffer.from(`{"x":"${'x'.repeat(bytes)}"}\n`) }]);

describe('segment writer', () => {
  let dir: string;
  let sealed: SealedSegment[];
  const open = (options: { segmentMaxBytes?: number; groupCommit?: boolean } = {}) =>
    new SegmentWriter({
      dir,
      segmentMaxBytes: options.segmentMaxBytes ?? 1 << 20,
      groupCommit: options.groupCommit,
      clock: Date.now,
      onSealed: (s) => sealed.push(s),
    });

  beforeEach(async () => {
    dir = await mkdtemp(join(tmpdir(), 'percept-spool-'));
    sealed = [];
  });
  afterEach(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  it('lets concurrent appends share fsyncs (group commit)', async () => {
    const writer = open();
    const ids = Array.from({ length: 64 }, (_, i) => `b${i}`);
    await Promise.all(ids.map((id) => writer.append(record(id), 1)));
    expect(writer.stats.records).toBe(64);
    expect(writer.stats.fsyncs).toBeLessThan(64);
    await writer.close();
    expect(sealed).toHaveLength(1);
    const { records } = decodeRecords(await readFile(sealed[0]!.path));
    expect(records.map((r) => r.batchId).sort()).toEqual([...ids].sort());
  });

  it('pays one fsync per record with group commit off', async () => {
    const writer = open({ groupCommit: false });
    await Promise.all(Array.from({ length: 10 }, (_, i) => writer.append(record(`b${i}`), 1)));
    expect(writer.stats.fsyncs).toBe(10);
    await writer.close();
  });

  it('seals a segment before it would pass its size, keeping record order', async () => {
    const one = record('b0', 1000).length;
    const writer = open({ segmentMaxBytes: one * 3 });
    for (let i = 0; i < 7; i++) await writer.append(record(`b${i}`, 1000), 1);
    await writer.close();
    expect(sealed.map((s) => s.bytes)).toEqual([one * 3, one * 3, one]);
    const ids: string[] = [];
    for (const s of sealed) ids.push(...decodeRecords(await readFile(s.path)).records.map((r) => r.batchId));
    expect(ids).toEqual(['b0', 'b1', 'b2', 'b3', 'b4', 'b5', 'b6']);
    expect((await readdir(dir)).every((f) => f.endsWith('.seg'))).toBe(true);
  });

  it('seals by age only once the oldest record is old enough', async () => {
    let now = 1000;
    const writer = new SegmentWriter({ dir, segmentMaxBytes: 1 << 20, clock: () => now, onSealed: (s) => sealed.push(s) });
    await writer.append(record('b0'), 1000);
    await writer.sealIfOlderThan(500);
    expect(sealed).toHaveLength(0);
    now = 1600;
    await writer.sealIfOlderThan(500);
    expect(sealed).toHaveLength(1);
    expect(writer.unsealedBytes).toBe(0);
  });

  it('counts every byte exactly once while a segment is being sealed', async () => {
    const writer = open();
    for (let i = 0; i < 5; i++) await writer.append(record(`b${i}`), 1);
    const total = writer.unsealedBytes;
    const seen = new Set<number>();
    let done = false;
    const closing = writer.close().then(() => {
      done = true;
    });
    // Close, rename and directory fsync each hand the loop back: look at the count on every turn.
    let turns = 0;
    while (!done) {
      seen.add(writer.unsealedBytes + sealed.reduce((n, s) => n + s.bytes, 0));
      turns += 1;
      await new Promise((resolve) => setImmediate(resolve));
    }
    await closing;
    expect(turns).toBeGreaterThan(1);
    expect([...seen]).toEqual([total]);
    expect(writer.unsealedBytes).toBe(0);
    expect(sealed.map((s) => s.bytes)).toEqual([total]);
  });

  it('refuses appends after close and leaves no empty segment behind', async () => {
    const writer = open();
    await writer.close();
    await expect(writer.append(record('late'), 1)).rejects.toThrow(/closed/);
    expect(await readdir(dir)).toEqual([]);
  });
});
