import { createHash } from 'node:crypto';
import type { Database } from '../db/types.js';

/** The rows one batch record holds for one table. */
export interface BatchChunk {
  app: string;
  batchId: string;
  rows: number;
  ndjson: Buffer;
}

/** What a table still lacks of a recovered segment, and the token to insert it with. */
export interface MissingRows {
  parts: Buffer[];
  rows: number;
  token: string;
}

/** Ids per query: keeps the parameter list far below a server's URL limit. */
const IDS_PER_QUERY = 500;

interface Stored {
  app: string;
  id: string;
  n: number | string;
}

interface StoredPartition extends Stored {
  retention_days: number | string;
  day: string;
}

const keyOf = (app: string, batchId: string): string => `${app}\0${batchId.toLowerCase()}`;

/**
 * The partition a raw-table row lands in (`PARTITION BY (retention_days,
 * toYYYYMMDD(time))`, schema/clickhouse/001-raw-tables.sql). One insert writes
 * one part per partition, atomically: a batch's rows of one partition are all
 * stored or none.
 */
const partitionOf = (retentionDays: unknown, time: unknown): string => `${String(retentionDays)}|${String(time).slice(0, 10)}`;

/**
 * Decides what of a recovered segment's rows `table` still lacks, by asking
 * the table which of the segment's batches it holds and how many rows each,
 * instead of trusting the segment's dedup token: a crash can leave that token
 * in ClickHouse's dedup log without the part behind it. A batch stored in part
 * (its rows spanned partitions and only some parts were committed) gets the
 * rows of its missing partitions only, so neither the table nor the rollups
 * filled from it count a row twice. Returns undefined when nothing is missing.
 *
 * The token is new per process (`runId`) so it never repeats a token a crashed
 * run may have poisoned, and stable within the run so a retry after an
 * ambiguous failure is still deduplicated.
 */
export const missingRows = async (
  db: Database,
  table: string,
  chunks: readonly BatchChunk[],
  tokenPrefix: string,
  runId: string,
): Promise<MissingRows | undefined> => {
  const stored = await storedCounts(db, table, chunks);
  const parts: Buffer[] = [];
  const missing: string[] = [];
  let rows = 0;
  const partly: BatchChunk[] = [];
  for (const chunk of chunks) {
    const have = stored.get(keyOf(chunk.app, chunk.batchId)) ?? 0;
    if (have >= chunk.rows) continue;
    if (have > 0) {
      partly.push(chunk);
      continue;
    }
    parts.push(chunk.ndjson);
    missing.push(keyOf(chunk.app, chunk.batchId));
    rows += chunk.rows;
  }
  if (partly.length > 0) {
    const present = await storedPartitions(db, table, partly);
    for (const chunk of partly) {
      const key = keyOf(chunk.app, chunk.batchId);
      for (const line of chunk.ndjson.toString('utf8').split('\n')) {
        if (line === '') continue;
        const row = JSON.parse(line) as { retention_days?: unknown; time?: unknown };
        const partition = partitionOf(row.retention_days, row.time);
        if (present.has(`${key}\0${partition}`)) continue;
        parts.push(Buffer.from(line + '\n'));
        missing.push(`${key}\0${partition}`);
        rows += 1;
      }
    }
  }
  if (rows === 0) return undefined;
  const hash = createHash('sha256')
    .update(runId)
    .update([...new Set(missing)].sort().join('\n'))
    .digest('hex')
    .slice(0, 16);
  return { parts, rows, token: `${tokenPrefix}:verified:${hash}` };
};

/** Rows per (app, batch id) that `table` holds of these chunks' batches. */
const storedCounts = async (db: Database, table: string, chunks: readonly BatchChunk[]): Promise<Map<string, number>> => {
  const out = new Map<string, number>();
  for (const group of slices(chunks)) {
    const rows = await db.query<Stored>(
      `SELECT app, toString(batch_id) AS id, count() AS n FROM ${table}
       WHERE app IN {apps:Array(String)}${dayFilter(group)} AND batch_id IN {ids:Array(String)}
       GROUP BY app, id`,
      paramsOf(group),
    );
    for (const row of rows) out.set(keyOf(row.app, row.id), (out.get(keyOf(row.app, row.id)) ?? 0) + Number(row.n));
  }
  return out;
};

/** `app\0batch\0partition` of every partition of these batches that `table` holds rows of. */
const storedPartitions = async (db: Database, table: string, chunks: readonly BatchChunk[]): Promise<Set<string>> => {
  const out = new Set<string>();
  for (const group of slices(chunks)) {
    const rows = await db.query<StoredPartition>(
      `SELECT app, toString(batch_id) AS id, retention_days, toString(toDate(time)) AS day, count() AS n FROM ${table}
       WHERE app IN {apps:Array(String)}${dayFilter(group)} AND batch_id IN {ids:Array(String)}
       GROUP BY app, id, retention_days, day`,
      paramsOf(group),
    );
    for (const row of rows) out.add(`${keyOf(row.app, row.id)}\0${partitionOf(row.retention_days, row.day)}`);
  }
  return out;
};

/**
 * The lookup's parameters. The days of the chunks' rows narrow it through the
 * primary key (app, toDate(time), …) to the granules of those days: a leftover
 * segment holds the last seconds of traffic, so that is one or two days of a
 * table that keeps months. A bloom-filter skip index on batch_id was measured
 * and skips nothing for 500 ids per query (bench/batch-id-lookup.ts).
 */
const paramsOf = (chunks: readonly BatchChunk[]): Record<string, unknown> => {
  const days = new Set<string>();
  for (const chunk of chunks) {
    for (const line of chunk.ndjson.toString('utf8').split('\n')) {
      const at = line.indexOf('"time":"');
      if (at !== -1) days.add(line.slice(at + 8, at + 18));
    }
  }
  return {
    apps: [...new Set(chunks.map((c) => c.app))],
    ids: [...new Set(chunks.map((c) => c.batchId))],
    days: [...days],
  };
};

/** The day condition, for tables whose rows have a `time` (ingested_batches has none). */
const dayFilter = (chunks: readonly BatchChunk[]): string => ((paramsOf(chunks).days as string[]).length > 0 ? ' AND toDate(time) IN {days:Array(Date)}' : '');

function* slices<T>(items: readonly T[]): Generator<T[]> {
  for (let at = 0; at < items.length; at += IDS_PER_QUERY) yield items.slice(at, at + IDS_PER_QUERY);
}
