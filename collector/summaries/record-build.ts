import type { Database } from '../db/types.js';

export interface DayBuild {
  app: string;
  /** YYYY-MM-DD, UTC. */
  day: string;
  /** The latest mark of the day when the build started (DateTime64(6) text, UTC): the build covers every row stored before it. */
  covered: string;
  /** Id of this build's rows; later builds have larger ids. */
  build: number;
  /** The raw table's insert point the build covers (covered-block.ts); 0 or absent: not known. */
  block?: number;
}

/**
 * Records a finished build of `source`'s summary `tables` for an app's day,
 * then drops the rows of earlier builds of the day. Readers take a day's rows
 * only under the build recorded last, so a crash before the record leaves the
 * earlier build (or the raw rows) in use, and one after it only leaves old
 * rows that no reader takes, for the next build to drop.
 */
export const recordBuild = async (
  db: Database,
  source: string,
  tables: readonly string[],
  { app, day, covered, build, block = 0 }: DayBuild,
  rows: number,
): Promise<void> => {
  const keys = { b_app: app, b_day: day, b_build: build };
  await db.command(
    `INSERT INTO summary_builds (app, day, source, covered, build, built_at, instances, covered_block)
    SELECT {b_app:String}, toDate({b_day:String}), {b_source:String}, toDateTime64({b_covered:String}, 6, 'UTC'), {b_build:UInt64}, now64(3, 'UTC'), {b_rows:UInt64},
      {b_block:UInt64}`,
    {},
    { ...keys, b_source: source, b_covered: covered, b_rows: rows, b_block: block },
  );
  for (const table of tables) {
    await db.command(`DELETE FROM ${table} WHERE app = {b_app:String} AND day = toDate({b_day:String}) AND build < {b_build:UInt64}`, {}, keys);
  }
};
