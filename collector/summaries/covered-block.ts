import type { Database } from '../db/types.js';

/**
 * The insert point a build of raw `table` covers, read before the build reads
 * the table: its highest committed block number. A plain MergeTree table
 * numbers its inserts table-wide as they commit, and each row keeps its number
 * through merges (`_block_number`, migration 080), so every row above the mark
 * was stored after it was read and every row at or below it is in the build.
 * 0 (not known) where that does not hold: a Replicated table numbers blocks per
 * partition before they commit, a Distributed table has no parts of its own,
 * and a table without persisted block numbers only knows its parts' ranges.
 */
export const coveredBlock = async (db: Database, table: string): Promise<number> => {
  const [row] = await db.query<{ block: string | number }>(
    `SELECT if(
      (SELECT count() FROM system.tables WHERE database = currentDatabase() AND name = {table:String} AND engine = 'MergeTree'
        AND match(create_table_query, 'enable_block_number_column = (1|true)')) = 1,
      (SELECT max(max_block_number) FROM system.parts WHERE database = currentDatabase() AND table = {table:String} AND active),
      0) AS block`,
    { table },
  );
  return Number(row?.block ?? 0);
};
