import type { Registry } from 'prom-client';
import type { FastifyBaseLogger } from 'fastify';
import type { Config } from '../config/types.js';
import type { Databases } from '../db/types.js';
import type { ScrubbedBatch } from '../scrub/scrub-batch.js';
import type { AuditRow } from './batch-records.js';

/** Rows the flusher stored for one app and table, and when the batches they came in were received. */
export interface StoredRows {
  /** '' for records that mix apps (ingest counters, audit rows). */
  app: string;
  table: string;
  firstReceivedAt: number;
  lastReceivedAt: number;
}

/** What happened to a batch handed to {@link Ingest.accept}. */
export type AcceptResult = 'stored' | 'duplicate';

/** Thrown by {@link Ingest.accept} when the spool is at its cap: answer 503 with Retry-After. */
export class SpoolFullError extends Error {
  readonly retryAfterSeconds: number;
  constructor(retryAfterSeconds: number) {
    super('The spool is full: ClickHouse is not keeping up or is down. The batch was not accepted; retry later.');
    this.name = 'SpoolFullError';
    this.retryAfterSeconds = retryAfterSeconds;
  }
}

/** `flagged` counts events stored with a note (a large clock correction); they are also counted `accepted`. */
export type CounterOutcome = 'accepted' | 'rejected' | 'dropped' | 'flagged';

/** The durable half of the collector: spool, flusher, batch-id index, ingest counters. */
export interface Ingest {
  /**
   * Makes a scrubbed batch durable (only scrubBatch makes one). Resolves 'stored' once its rows are
   * fsync'd in the spool (that is what a 202 promises), 'duplicate' when the
   * same app + batch id was already accepted within 48 h (also across restarts).
   * Rejects with SpoolFullError at the cap.
   */
  accept(batch: ScrubbedBatch): Promise<AcceptResult>;
  /** Counts items into `ingest_counters` (flushed periodically). */
  count(app: string, outcome: CounterOutcome, reason: string, n?: number): void;
  /**
   * Spools one audit row without waiting for it: the caller's answer never
   * waits on the disk. A failure is logged, never thrown.
   */
  audit(row: AuditRow): void;
  /** Calls `listener` after each flush with what was stored (the query cache drops what it makes stale). */
  onStored(listener: (stored: StoredRows[]) => void): void;
  /** For /readyz: the spool is writable, and ClickHouse answers or the spool is absorbing. */
  readiness(): Promise<{ ready: boolean; reason?: string }>;
  /** Stops taking batches, drains the spool as far as the database allows, stops the flusher. */
  close(): Promise<void>;
}

export interface IngestOptions {
  config: Config;
  db: Databases;
  /** Registry the spool and flusher register their metrics on (one per app instance). */
  registry: Registry;
  logger: FastifyBaseLogger;
  /** Spool knobs with sensible defaults; tests and benchmarks shorten them. */
  tuning?: SpoolTuning;
}

/** Optional spool knobs; docs/durability.md explains each default. */
export interface SpoolTuning {
  /** A segment is sealed (and becomes one insert per table) at this size. Default 8 MiB. */
  segmentMaxBytes?: number;
  /** ...or when its oldest record is this old. Default 1000 ms. */
  sealAfterMs?: number;
  /** How often counter deltas are written to the spool. Default 5000 ms. */
  countersIntervalMs?: number;
  /** How long close() keeps flushing before leaving the rest on disk. Default 10 000 ms. */
  closeTimeoutMs?: number;
  /** Flusher retry backoff bounds while ClickHouse fails. Defaults 200 ms and 30 s. */
  backoffMinMs?: number;
  backoffMaxMs?: number;
  /** Clock for the 48 h batch-id window and counter minutes. Default Date.now. */
  clock?: () => number;
  /** Rebuild the rollup days of recovered segments (flush/rebuild-rollups.ts). Default true; false only to test what recovery leaves without it. */
  rebuildRollups?: boolean;
}
