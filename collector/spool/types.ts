import type { Registry } from 'prom-client';
import type { FastifyBaseLogger } from 'fastify';
import type { Config } from '../config/types.js';
import type { Databases } from '../db/types.js';
import type { ProcessedBatch } from '../pipeline/types.js';

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

export type CounterOutcome = 'accepted' | 'rejected' | 'dropped';

/** The durable half of the collector: spool, flusher, batch-id index, ingest counters. */
export interface Ingest {
  /**
   * Makes a processed batch durable. Resolves 'stored' once its rows are
   * fsync'd in the spool (that is what a 202 promises), 'duplicate' when the
   * same app + batch id was already accepted within 48 h (also across restarts).
   * Rejects with SpoolFullError at the cap.
   */
  accept(batch: ProcessedBatch): Promise<AcceptResult>;
  /** Counts items into `ingest_counters` (flushed periodically). */
  count(app: string, outcome: CounterOutcome, reason: string, n?: number): void;
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
}
