import type { ScrubbedBatch } from '../scrub/scrub-batch.js';
import { batchKey, type BatchIndex } from './batch-index.js';
import type { IngestCounters } from './ingest-counters.js';
import { batchRecord } from './batch-records.js';
import type { SegmentWriter } from './segment-writer.js';
import { SpoolFullError, type AcceptResult } from './types.js';

/** Refuses batches while the collector shuts down; a SpoolFullError so the route answers 503 + Retry-After. */
export class SpoolClosingError extends SpoolFullError {
  constructor() {
    super(2);
    this.name = 'SpoolClosingError';
    this.message = 'The collector is shutting down and no longer takes batches; retry in a moment.';
  }
}

export interface AcceptorParts {
  writer: SegmentWriter;
  index: BatchIndex;
  counters: IngestCounters;
  maxBytes: number;
  /** Bytes in the spool right now: sealed segments plus what the writer holds. */
  spooledBytes: () => number;
  retryAfterSeconds: () => number;
  closing: () => boolean;
  /** Told the result of every call, for metrics. */
  onResult?: (result: AcceptResult | 'full') => void;
}

/**
 * Builds `accept`: duplicate check, size cap and reservation all happen
 * synchronously before the first await, so concurrent copies of one batch
 * cannot both be stored. A duplicate of a batch whose first copy is still
 * being written waits for that write: its 2xx must promise the same thing.
 */
export const createAcceptor =
  (parts: AcceptorParts) =>
  async (batch: ScrubbedBatch): Promise<AcceptResult> => {
    const { writer, index, counters } = parts;
    const events = batch.events.length;
    if (parts.closing()) throw new SpoolClosingError();
    const key = batchKey(batch.app, batch.batch_id);
    const seen = index.lookup(key);
    if (seen) {
      if (seen.pending) await seen.pending;
      counters.add(batch.app, 'dropped', 'duplicate', events);
      parts.onResult?.('duplicate');
      return 'duplicate';
    }
    const record = batchRecord(batch);
    if (parts.spooledBytes() + record.length > parts.maxBytes) {
      counters.add(batch.app, 'rejected', 'spool_full', events);
      parts.onResult?.('full');
      throw new SpoolFullError(parts.retryAfterSeconds());
    }
    const write = writer.append(record, batch.received_at);
    index.reserve(key, write);
    await write;
    counters.add(batch.app, 'accepted', '', events);
    parts.onResult?.('stored');
    return 'stored';
  };
