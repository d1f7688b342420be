import type { Database } from '../db/types.js';
import { INGESTED_BATCHES } from '../rows/tables.js';

/** Ids per query: keeps the parameter list far below a server's URL limit. */
const IDS_PER_QUERY = 500;

/** The key a batch is known by across collectors: app and batch id as it arrived. */
export const batchKey = (app: string, batchId: string): string => `${app}\0${batchId}`;

/**
 * The claims `ingested_batches` holds for these batches, by batch key: the
 * names of the spool segments (of any collector on this database) that
 * claimed them, '' for rows written before claims existed. Its ORDER BY
 * (app, batch_id) makes each lookup a primary-key range, so the check reads a
 * few granules per id however large the table grows.
 */
export const claimsOf = async (db: Database, database: string, batches: readonly { app: string; batchId: string }[]): Promise<Map<string, string[]>> => {
  const out = new Map<string, string[]>();
  for (let at = 0; at < batches.length; at += IDS_PER_QUERY) {
    const group = batches.slice(at, at + IDS_PER_QUERY);
    const rows = await db.query<{ app: string; batch_id: string; claims: string[] }>(
      `SELECT app, batch_id, groupUniqArray(claim) AS claims FROM ${database}.${INGESTED_BATCHES}
       WHERE app IN {apps:Array(String)} AND batch_id IN {ids:Array(String)}
       GROUP BY app, batch_id`,
      { apps: [...new Set(group.map((b) => b.app))], ids: [...new Set(group.map((b) => b.batchId))] },
    );
    for (const row of rows) out.set(batchKey(row.app, row.batch_id), row.claims);
  }
  return out;
};

/**
 * The batches segment `mine` must leave to another collector. With no claim
 * of its own yet, any other claim means the batch is stored or being stored
 * elsewhere. Once it has claimed, the smallest claim wins: segment names start
 * with their creation time, so the copy accepted first is the one stored, and
 * two collectors that both see both claims agree on it.
 */
export const yieldedTo = (claims: ReadonlyMap<string, readonly string[]>, mine: string): Set<string> => {
  const out = new Set<string>();
  for (const [key, names] of claims) {
    const others = names.filter((name) => name !== mine);
    if (others.length === 0) continue;
    const claimed = others.length < names.length;
    if (!claimed || others.some((name) => name < mine)) out.add(key);
  }
  return out;
};
