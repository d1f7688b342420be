import type { Database } from '../db/types.js';
import { batchKey, type BatchIndex } from './batch-index.js';
import { INGESTED_BATCHES } from '../rows/tables.js';

interface StoredBatch {
  app: string;
  batch_id: string;
  last_at: number;
}

/**
 * Puts the batch ids ClickHouse stored in the last 48 h into the index, once.
 * Copies accepted before this ran (ClickHouse was down at start) that turn out
 * to be stored already go into `skip`, and the flusher leaves them out.
 */
export const loadHistory = async (reader: Database, database: string, index: BatchIndex, skip: Set<string>): Promise<void> => {
  if (index.historyLoaded) return;
  const rows = await reader.query<StoredBatch>(
    `SELECT app, batch_id, toUnixTimestamp(max(received_at)) AS last_at
     FROM ${database}.${INGESTED_BATCHES}
     WHERE received_at > now() - INTERVAL 48 HOUR
     GROUP BY app, batch_id
     ORDER BY last_at`,
  );
  for (const row of rows) {
    const key = batchKey(row.app, row.batch_id);
    if (index.remember(key, Number(row.last_at) * 1000)) skip.add(key);
  }
  index.historyLoaded = true;
};
