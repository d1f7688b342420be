import type { Database } from '../db/types.js';
import { INGESTED_BATCHES } from '../rows/tables.js';

/** Ids per query: keeps the parameter list far below a server's URL limit. */
const IDS_PER_QUERY = 500;

/** The key a batch is known by across collectors: app and batch id as it arrived. */
export const batchKey = (app: string, batchId: string): string => `${app}\0${batchId}`;

/**
 * Which of these batches `ingested_batches` already names under another claim
 * than `claim` (the segment asking): stored, or claimed by a flush in
 * progress, by any collector on this database. Its ORDER BY
 * (app, batch_id) makes each lookup a primary-key range, so the check reads
 * a few granules per id however large the table grows.
 */
export const storedBatches = async (
  db: Database,
  database: string,
  batches: readonly { app: string; batchId: string }[],
  claim: string,
): Promise<Set<string>> => {
  const out = new Set<string>();
  for (let at = 0; at < batches.length; at += IDS_PER_QUERY) {
    const group = batches.slice(at, at + IDS_PER_QUERY);
    const rows = await db.query<{ app: string; batch_id: string }>(
      `SELECT DISTINCT app, batch_id FROM ${database}.${INGESTED_BATCHES}
       WHERE app IN {apps:Array(String)} AND batch_id IN {ids:Array(String)} AND claim != {claim:String}`,
      { claim, apps: [...new Set(group.map((b) => b.app))], ids: [...new Set(group.map((b) => b.batchId))] },
    );
    for (const row of rows) out.add(batchKey(row.app, row.batch_id));
  }
  return out;
};
