import { mkdtemp, readdir, readFile, rm, stat, truncate, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { decodeRecords, encodeRecord } from '../../collector/rows/record-codec.js';
import { recoverSpool } from '../../collector/spool/segment-files.js';
import { SegmentWriter } from '../../collector/spool/segment-writer.js';

const record = (batchId: string, rows = 3): Buffer =>
  encodeRecord({ app: 'demo', batchId, receivedAt: 1_700_000_000_000 }, [
    { table: 'vitals', rows, ndjson: Buffer.from('{"a":1}\n'.repeat(rows)) },
    { table: 'ingested_batches', rows: 1, ndjson: Buffer.from(`{"batch_id":"${batchId}"}\n`) },
  ]);

describe('spool records', () => {
  it('decodes what it encodes, with table bytes as slices', () => {
    const buf = Buffer.concat([record('b1'), record('b2', 5)]);
    const { records, validBytes } = decodeRecords(buf);
    expect(validBytes).toBe(buf.length);
    expect(records.map((r) => r.batchId)).toEqual(['b1', 'b2']);
    expect(records[1]!.tables[0]!.rows).toBe(5);
    expect(records[1]!.tables[0]!.ndjson.toString()).toBe('{"a":1}\n'.repeat(5));
    expect(records[1]!.tables[1]!.ndjson.toString()).toBe('{"batch_id":"b2"}\n');
  });

  it('stops at a record whose bytes were changed', () => {
    const first = record('b1');
    const second = record('b2');
    second[second.length - 3] ^= 0xff;
    const { records, validBytes } = decodeRecords(Buffer.concat([first, second, record('b3')]));
    expect(records.map((r) => r.batchId)).toEqual(['b1']);
    expect(validBytes).toBe(first.length);
  });
});

describe('recovery after a crash', () => {
  let dir: string;
  beforeEach(async () => {
    dir = await mkdtemp(join(tmpdir(), 'percept-spool-'));
  });
  afterEach(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  it('keeps the complete records of an open segment and cuts its torn tail', async () => {
    const writer = new SegmentWriter({ dir, segmentMaxBytes: 1 << 20, clock: Date.now, onSealed: () => undefined });
    await Promise.all(['b1', 'b2', 'b3'].map((id) => writer.append(record(id), 1_700_000_000_000)));
    const [open] = await readdir(dir);
    expect(open).toMatch(/\.open$/);
    const path = join(dir, open!);
    const full = (await stat(path)).size;
    const third = record('b3').length;
    // A crash while the third record was being written: half of it reached the disk.
    await truncate(path, full - Math.floor(third / 2));

    const recovered = await recoverSpool(dir);
    expect(recovered.headers.map((h) => h.batchId)).toEqual(['b1', 'b2']);
    expect(recovered.tornBytes).toBe(third - Math.floor(third / 2));
    expect(recovered.segments).toHaveLength(1);
    const segment = recovered.segments[0]!;
    expect(segment.path).toMatch(/\.seg$/);
    expect(segment.oldestAt).toBe(1_700_000_000_000);
    expect((await stat(segment.path)).size).toBe(full - third);
    expect(await readdir(dir)).toEqual([segment.name + '.seg']);
  });

  it('returns sealed segments oldest first and ignores other files', async () => {
    await writeFile(join(dir, '0000000000002-bbbbbbbbbbbb.seg'), record('late'));
    await writeFile(join(dir, '0000000000001-aaaaaaaaaaaa.seg'), record('early'));
    await writeFile(join(dir, 'notes.txt'), 'not a segment');
    const recovered = await recoverSpool(dir);
    expect(recovered.segments.map((s) => s.name)).toEqual(['0000000000001-aaaaaaaaaaaa', '0000000000002-bbbbbbbbbbbb']);
    expect(recovered.headers.map((h) => h.batchId)).toEqual(['early', 'late']);
    expect(recovered.tornBytes).toBe(0);
    expect(await readFile(join(dir, 'notes.txt'), 'utf8')).toBe('not a segment');
  });
});
