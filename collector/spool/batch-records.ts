import type { ScrubbedBatch } from '../scrub/scrub-batch.js';
import { rowsText } from '../rows/row-text.js';
import { AUDIT_LOG, INGEST_COUNTERS, INGESTED_BATCHES } from '../rows/tables.js';
import type { CounterRow } from './ingest-counters.js';
import { encodeRecord, type TableChunk } from '../rows/record-codec.js';

const chunk = (table: string, rows: readonly object[]): TableChunk => {
  let text = '';
  for (const row of rows) text += JSON.stringify(row) + '\n';
  return { table, rows: rows.length, ndjson: Buffer.from(text) };
};

/**
 * The spool record of an accepted batch. This is the one place rows are
 * serialised: the flusher later concatenates these bytes and never parses them.
 */
export const batchRecord = (batch: ScrubbedBatch): Buffer => {
  const tables: TableChunk[] = rowsText(batch).map((t) => ({ table: t.table, rows: t.rows, ndjson: Buffer.from(t.text) }));
  const seconds = Math.floor(batch.received_at / 1000);
  tables.push(chunk(INGESTED_BATCHES, [{ app: batch.app, batch_id: batch.batch_id, received_at: seconds }]));
  return encodeRecord({ app: batch.app, batchId: batch.batch_id, receivedAt: batch.received_at }, tables);
};

/** A record of counter deltas: they ride the same durable path as the data. */
export const countersRecord = (rows: CounterRow[], now: number): Buffer =>
  encodeRecord({ app: '', batchId: '', receivedAt: now }, [chunk(INGEST_COUNTERS, rows)]);

/** A row of `audit_log` (schema/clickhouse/003 and 020), written for every query API call. */
export interface AuditRow {
  /** `YYYY-MM-DD hh:mm:ss.sss` UTC. */
  time: string;
  actor: string;
  apps: string[];
  query: string;
  params: string;
  rows: number;
  duration_ms: number;
  status: string;
  error: string;
  cached: boolean;
}

/** A record of one audit row: the same durable path as the data, so an audit row survives a crash once spooled. */
export const auditRecord = (row: AuditRow, now: number): Buffer => encodeRecord({ app: '', batchId: '', receivedAt: now }, [chunk(AUDIT_LOG, [row])]);
