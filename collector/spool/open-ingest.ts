import { constants } from 'node:fs';
import { access } from 'node:fs/promises';
import { createAcceptor } from './acceptor.js';
import { BatchIndex, batchKey } from './batch-index.js';
import { IngestCounters } from './ingest-counters.js';
import { Flusher } from '../flush/flusher.js';
import { loadHistory } from './history.js';
import { registerSpoolMetrics } from './spool-metrics.js';
import { auditRecord, countersRecord } from './batch-records.js';
import { recoverSpool } from './segment-files.js';
import { SegmentWriter } from './segment-writer.js';
import type { Ingest, IngestOptions, StoredRows } from './types.js';

const MiB = 1024 * 1024;
/** Above this share of the cap, readiness needs ClickHouse to answer. */
const READY_FILL = 0.8;

/**
 * Opens the durable half of the collector on `config.spoolDir`: recovers what
 * a previous run left (cutting torn tails), rebuilds the batch-id index from
 * the spool and from ClickHouse, and starts the flusher. See docs/durability.md.
 */
export const openIngest = async (options: IngestOptions): Promise<Ingest> => {
  const { config, db, logger } = options;
  const tuning = options.tuning ?? {};
  const clock = tuning.clock ?? Date.now;
  const dir = config.spoolDir;
  const sealAfterMs = tuning.sealAfterMs ?? 1000;

  const recovered = await recoverSpool(dir);
  if (recovered.tornBytes > 0) {
    logger.warn({ dir, bytes: recovered.tornBytes }, 'Cut a torn tail from the spool: a crash interrupted a write that was never acknowledged.');
  }
  const index = new BatchIndex(clock);
  for (const h of recovered.headers) if (h.batchId) index.remember(batchKey(h.app, h.batchId), h.receivedAt);
  const skip = new Set<string>();
  const history = () => loadHistory(db.reader, config.database.database, index, skip);
  await history().catch((error: unknown) => {
    logger.warn(
      { err: error },
      'Could not read recent batch ids from ClickHouse; accepting anyway, and the flusher will drop retried copies once ClickHouse answers.',
    );
  });

  const counters = new IngestCounters(clock);
  const storedListeners: ((stored: StoredRows[]) => void)[] = [];
  let closing = false;
  const writer: SegmentWriter = new SegmentWriter({
    dir,
    segmentMaxBytes: tuning.segmentMaxBytes ?? 8 * MiB,
    clock,
    onSealed: (segment) => flusher.enqueue(segment),
  });
  const spooledBytes = () => flusher.bytes + writer.unsealedBytes;
  const metrics = registerSpoolMetrics(options.registry, {
    bytes: spooledBytes,
    segments: () => flusher.segments,
    oldestAt: () => flusher.oldestAt ?? writer.oldestUnsealedAt,
    fsyncs: () => writer.stats.fsyncs,
    clickhouseUp: () => flusher.clickhouseUp,
    now: clock,
  });
  const flusher = new Flusher({
    db: db.writer,
    database: config.database.database,
    logger,
    metrics,
    clock,
    prepare: history,
    skip: (app, batchId) => skip.has(batchKey(app, batchId)),
    backoffMinMs: tuning.backoffMinMs,
    backoffMaxMs: tuning.backoffMaxMs,
    rebuildRollups: tuning.rebuildRollups,
    claimOrder: !config.database.cluster,
    onStored: (stored) => {
      for (const listener of storedListeners) {
        // The rows are stored whatever a listener does: its failure must not fail the flush.
        try {
          listener(stored);
        } catch (error) {
          logger.error({ err: error }, 'A listener of stored rows failed; the rows are stored, but cached query results may stay stale until their TTL.');
        }
      }
    },
  });
  for (const segment of recovered.segments) flusher.enqueue(segment);
  flusher.start();

  const writeCounters = async (): Promise<void> => {
    const rows = counters.take();
    if (rows.length === 0) return;
    try {
      await writer.append(countersRecord(rows, clock()), clock());
    } catch (error) {
      counters.restore(rows);
      logger.warn({ err: error }, 'Could not write ingest counters to the spool; they are kept in memory and retried.');
    }
  };
  const timers = [
    setInterval(
      () => {
        writer
          .sealIfOlderThan(sealAfterMs)
          .catch((error: unknown) => logger.error({ err: error, dir }, 'Could not seal a spool segment; check the spool directory.'));
      },
      Math.max(10, Math.floor(sealAfterMs / 2)),
    ),
    setInterval(() => void writeCounters(), tuning.countersIntervalMs ?? 5000),
    setInterval(() => index.prune(), 10 * 60 * 1000),
  ];
  for (const t of timers) t.unref();

  const accept = createAcceptor({
    writer,
    index,
    counters,
    maxBytes: config.spoolMaxBytes,
    spooledBytes,
    retryAfterSeconds: () => flusher.retryAfterSeconds,
    closing: () => closing,
    onResult: (result) => metrics.accepted.inc({ result }),
  });

  let closed: Promise<void> | undefined;
  const close = async (): Promise<void> => {
    closing = true;
    for (const t of timers) clearInterval(t);
    await writeCounters();
    await writer
      .close()
      .catch((error: unknown) => logger.error({ err: error, dir }, 'Could not seal the last spool segment; it is recovered on the next start.'));
    const deadline = tuning.closeTimeoutMs ?? 10_000;
    if (!(await flusher.drained(deadline))) {
      logger.warn({ segments: flusher.segments, bytes: flusher.bytes }, 'Shutting down with unflushed spool segments; they are stored on the next start.');
    }
    await Promise.race([flusher.stop(), new Promise((resolve) => setTimeout(resolve, 1000).unref())]);
  };

  return {
    accept,
    count: (app, outcome, reason, n = 1) => counters.add(app, outcome, reason, n),
    audit: (row) => {
      writer.append(auditRecord(row, clock()), clock()).catch((error: unknown) => {
        logger.error({ err: error, actor: row.actor, query: row.query }, 'Could not write an audit row to the spool; check the spool directory.');
      });
    },
    onStored: (listener) => {
      storedListeners.push(listener);
    },
    readiness: async () => {
      if (closing) return { ready: false, reason: 'The collector is shutting down.' };
      try {
        await access(dir, constants.W_OK);
      } catch {
        return { ready: false, reason: `The spool directory ${dir} is not writable.` };
      }
      if (spooledBytes() < READY_FILL * config.spoolMaxBytes || (await db.reader.ping())) return { ready: true };
      return { ready: false, reason: 'ClickHouse does not answer and the spool is over 80 % full.' };
    },
    close: () => (closed ??= close()),
  };
};
