import type { Database } from '../db/types.js';

/** A materialized view that keeps a rollup of a raw table. */
export interface RollupView {
  /** The raw table it reads. */
  source: string;
  /** The rollup table it writes. */
  target: string;
  /** Its SELECT: the rollup rows of whatever raw rows it reads. */
  select: string;
  /** The target's columns, which the view fills by name. */
  columns: string[];
  /** The source keeps each row's block number through merges (migration 080). */
  blockNumbers: boolean;
  /** The target's integer sums (samples, good, …): what a rebuilt day is checked by. */
  counts: string[];
}

/** An integer sum merges to the same value in any order, so it can be compared exactly; float sums and digests cannot. */
const COUNT = /^SimpleAggregateFunction\(sum, U?Int/;

const TO = /\bTO\s+`?(\w+)`?\.`?(\w+)`?/i;
const FROM = /\bFROM\s+`?(\w+)`?\.`?(\w+)`?/i;

/**
 * The materialized views of `database` that fill rollups (targets with `app`
 * and `day` columns), read from the
 * catalogue rather than listed by hand, so the rollups can change shape
 * (later migrations, the analysis work) and recovery still rebuilds them all.
 */
export const rollupViews = async (db: Database, database: string): Promise<RollupView[]> => {
  const rows = await db.query<{ select: string; create: string }>(
    `SELECT as_select AS select, create_table_query AS create FROM system.tables
     WHERE database = {database:String} AND engine = 'MaterializedView' ORDER BY name`,
    { database },
  );
  const persisted = await db.query<{ name: string }>(
    `SELECT name FROM system.tables WHERE database = {database:String} AND match(create_table_query, 'enable_block_number_column = (1|true)')`,
    { database },
  );
  const columns = await db.query<{ table: string; name: string; type: string }>(
    `SELECT table, name, type FROM system.columns WHERE database = {database:String} AND default_kind NOT IN ('MATERIALIZED', 'ALIAS') ORDER BY table, position`,
    { database },
  );
  const views: RollupView[] = [];
  for (const row of rows) {
    const target = TO.exec(row.create)?.[2];
    const source = FROM.exec(row.select)?.[2];
    const own = columns.filter((c) => c.table === target);
    const names = own.map((c) => c.name);
    // Only rollups keyed by app and day can be rebuilt one app's day at a time; a view of another shape is not one.
    if (!target || !source || !names.includes('app') || !names.includes('day')) continue;
    views.push({
      source,
      target,
      select: row.select,
      columns: names,
      blockNumbers: persisted.some((t) => t.name === source),
      counts: own.filter((c) => COUNT.test(c.type)).map((c) => c.name),
    });
  }
  return views;
};
