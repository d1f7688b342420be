/** The raw tables a batch is written to, in insert order. */
export const RAW_TABLES = ['page_views', 'vitals', 'workflow_runs', 'workflow_steps'] as const;
export type RawTable = (typeof RAW_TABLES)[number];

/** One row per accepted batch: what rebuilds the batch-id index after a restart (schema/clickhouse/004-ingested-batches.sql). */
export const INGESTED_BATCHES = 'ingested_batches';
export const INGEST_COUNTERS = 'ingest_counters';
/** One row per query API call (schema/clickhouse/003 and 020). */
export const AUDIT_LOG = 'audit_log';

/**
 * Tables in the order the flusher inserts them. The batch-id row goes first:
 * it claims the batch for this collector, so another collector that flushes a
 * retried copy of it afterwards finds it and skips it (docs/durability.md).
 */
export const FLUSH_ORDER: readonly string[] = [INGESTED_BATCHES, ...RAW_TABLES, INGEST_COUNTERS, AUDIT_LOG];
