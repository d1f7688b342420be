import type { Database } from '../db/types.js';

/**
 * The highest block number committed in each partition of a table, by
 * partition id. ClickHouse numbers the parts of a MergeTree table as they
 * are committed (a merged part keeps the range of the parts it merged), so a
 * row whose part ends at or below the mark was committed before the mark was
 * read, and a row whose part starts above it after.
 */
export type BlockMarks = ReadonlyMap<string, number>;

export const blockMarks = async (db: Database, database: string, table: string): Promise<BlockMarks> => {
  const rows = await db.query<{ partition_id: string; block: string | number }>(
    `SELECT partition_id, max(max_block_number) AS block FROM system.parts
     WHERE database = {database:String} AND table = {table:String} AND active GROUP BY partition_id`,
    { database, table },
  );
  return new Map(rows.map((row) => [row.partition_id, Number(row.block)]));
};

/** A ClickHouse string literal. */
export const literal = (value: string): string => `'${value.replace(/\\/g, '\\\\').replace(/'/g, "\\'")}'`;

/** The mark of the row's partition as SQL (0 for a partition the marks do not know: created after them). */
const markOf = (marks: BlockMarks): string => {
  const ids = [...marks.keys()].map(literal).join(', ');
  const blocks = [...marks.values()].join(', ');
  return `mapFromArrays(CAST([${ids}] AS Array(String)), CAST([${blocks}] AS Array(UInt64)))[_partition_id]`;
};

/**
 * How a row's block number is read: its own, kept through merges, when the
 * table persists it (`enable_block_number_column`, migration 080); else only
 * the block range of its part, from the part name
 * `<partition>_<min>_<max>_<level>[_<mutation>]`.
 */
export interface RowBlocks {
  first: string;
  last: string;
}

const PART_BLOCKS = "splitByChar('_', substring(_part, length(_partition_id) + 2))";

export const rowBlocks = (persisted: boolean): RowBlocks =>
  persisted ? { first: '_block_number', last: '_block_number' } : { first: `toUInt64(${PART_BLOCKS}[1])`, last: `toUInt64(${PART_BLOCKS}[2])` };

/** Rows committed no later than `marks` were read. */
export const committedBy = (marks: BlockMarks, blocks: RowBlocks): string => `${blocks.last} <= ${markOf(marks)}`;

/**
 * Rows that cannot be placed on one side of a moment known only to lie
 * between `before` and `after`: committed in between, or (without persisted
 * block numbers) in a part that merged rows from both sides. A merged part
 * only ever grows its block range, so such a row stays unplaceable until it
 * is deleted.
 */
export const committedBetween = (before: BlockMarks, after: BlockMarks, blocks: RowBlocks): string =>
  `${blocks.last} > ${markOf(before)} AND ${blocks.first} <= ${markOf(after)}`;
