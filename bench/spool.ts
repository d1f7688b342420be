/**
 * Spool accept throughput: group commit against one fdatasync per record,
 * same machine, same run, same batches. Each mode keeps CONCURRENCY accepts
 * in flight (as many requests would) until BATCHES are durable.
 *
 *   node --import tsx bench/spool.ts [batches] [concurrency]
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createAcceptor } from '../collector/spool/acceptor.js';
import { BatchIndex } from '../collector/spool/batch-index.js';
import { IngestCounters } from '../collector/spool/ingest-counters.js';
import { SegmentWriter } from '../collector/spool/segment-writer.js';
import { processedBatch } from '../test/support/spool-fixtures.js';

const BATCHES = Number(process.argv[2] ?? 2000);
const CONCURRENCY = Number(process.argv[3] ?? 64);

interface Result {
  perSecond: number;
  fsyncs: number;
  ms: number;
}

const run = async (groupCommit: boolean): Promise<Result> => {
  const dir = await mkdtemp(join(process.env.SPOOL_BENCH_DIR ?? tmpdir(), 'percept-spool-bench-'));
  const writer = new SegmentWriter({ dir, segmentMaxBytes: 8 * 1024 * 1024, clock: Date.now, groupCommit, onSealed: () => undefined });
  const accept = createAcceptor({
    writer,
    index: new BatchIndex(Date.now),
    counters: new IngestCounters(Date.now),
    maxBytes: Number.MAX_SAFE_INTEGER,
    spooledBytes: () => writer.unsealedBytes,
    retryAfterSeconds: () => 1,
    closing: () => false,
  });
  const batches = Array.from({ length: BATCHES }, () => processedBatch());
  let next = 0;
  const started = performance.now();
  await Promise.all(
    Array.from({ length: CONCURRENCY }, async () => {
      while (next < batches.length) await accept(batches[next++]!);
    }),
  );
  const ms = performance.now() - started;
  const fsyncs = writer.stats.fsyncs;
  await writer.close();
  await rm(dir, { recursive: true, force: true });
  return { perSecond: (BATCHES / ms) * 1000, fsyncs, ms };
};

const show = (name: string, r: Result): string =>
  `${name.padEnd(26)} ${r.perSecond.toFixed(0).padStart(8)} batches/s  ${String(r.fsyncs).padStart(6)} fsyncs  ${r.ms.toFixed(0).padStart(6)} ms`;

const baseline = await run(false);
const grouped = await run(true);
console.log(`spool accept, ${BATCHES} batches (7 events each), ${CONCURRENCY} in flight, dir ${process.env.SPOOL_BENCH_DIR ?? tmpdir()}`);
console.log(show('one fsync per record', baseline));
console.log(show('group commit', grouped));
console.log(
  `group commit / per-record: ${(grouped.perSecond / baseline.perSecond).toFixed(1)}× throughput, ${(baseline.fsyncs / grouped.fsyncs).toFixed(1)}× fewer fsyncs`,
);
