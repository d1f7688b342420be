import type { Database } from '../db/types.js';
import { INGESTED_BATCHES } from '../rows/tables.js';

/** Ids per query: keeps the parameter list far below a server's URL limit. */
const IDS_PER_QUERY = 500;

/** The key a batch is known by across collectors: app and batch id as it arrived. */
export const batchKey = (app: string, batchId: string): string => `${app}\0${batchId}`;

/** One claim on a batch: the segment that made it, and the block number ClickHouse gave its row (commit order). */
export interface Claim {
  claim: string;
  /** 0 where commit order is not known (through a cluster's Distributed table). */
  block: number;
}

/**
 * The claims `ingested_batches` holds for these batches, by batch key: the
 * names of the spool segments (of any collector on this database) that
 * claimed them, '' for rows written before claims existed, each with the
 * block number its row was committed in (`_block_number`, kept through merges
 * since migration 080) when `ordered`. Its ORDER BY (app, batch_id) makes each
 * lookup a primary-key range, so the check reads a few granules per id
 * however large the table grows.
 */
export const claimsOf = async (
  db: Database,
  database: string,
  batches: readonly { app: string; batchId: string }[],
  ordered = true,
): Promise<Map<string, Claim[]>> => {
  const out = new Map<string, Claim[]>();
  const block = ordered ? 'min(_block_number)' : '0';
  for (let at = 0; at < batches.length; at += IDS_PER_QUERY) {
    const group = batches.slice(at, at + IDS_PER_QUERY);
    const rows = await db.query<{ app: string; batch_id: string; claim: string; block: string | number }>(
      `SELECT app, batch_id, claim, ${block} AS block FROM ${database}.${INGESTED_BATCHES}
       WHERE app IN {apps:Array(String)} AND batch_id IN {ids:Array(String)}
       GROUP BY app, batch_id, claim`,
      { apps: [...new Set(group.map((b) => b.app))], ids: [...new Set(group.map((b) => b.batchId))] },
    );
    for (const row of rows) {
      const key = batchKey(row.app, row.batch_id);
      if (!out.has(key)) out.set(key, []);
      out.get(key)!.push({ claim: row.claim, block: Number(row.block) });
    }
  }
  return out;
};

/** Commit order, then segment name: the claim that comes first. */
const first = (a: Claim, b: Claim): Claim => (a.block < b.block || (a.block === b.block && a.claim < b.claim) ? a : b);

/**
 * The batches segment `mine` must leave to another collector. With no claim
 * of its own yet, any other claim means the batch is stored or being stored
 * elsewhere. Once it has claimed, the claim committed first wins (the lowest
 * block number): a collector that reads back only its own claim was first,
 * and any claim committed after it sees that one below it and yields, so two
 * collectors never both keep a batch. Equal or unknown block numbers fall
 * back to the smaller segment name (segment names start with their creation
 * time), which every collector that sees both claims agrees on.
 */
export const yieldedTo = (claims: ReadonlyMap<string, readonly Claim[]>, mine: string): Set<string> => {
  const out = new Set<string>();
  for (const [key, list] of claims) {
    if (list.every((c) => c.claim === mine)) continue;
    const claimed = list.some((c) => c.claim === mine);
    if (!claimed || list.reduce(first).claim !== mine) out.add(key);
  }
  return out;
};
