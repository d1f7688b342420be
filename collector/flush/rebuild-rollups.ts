import type { Database } from '../db/types.js';
import type { RollupView } from './rollup-views.js';

/** One rollup partition worth rebuilding: the rows of one app's day of one raw table. */
export interface TouchedDay {
  table: string;
  app: string;
  /** YYYY-MM-DD (UTC), the rollups' `day`. */
  day: string;
}

const DAY = /^\d{4}-\d{2}-\d{2}$/;

/** A ClickHouse string literal. */
const literal = (value: string): string => `'${value.replace(/\\/g, '\\\\').replace(/'/g, "\\'")}'`;

/** The (table, app, day)s of JSONEachRow raw rows, from their `app` and `time` columns. */
export const touchedDays = (table: string, ndjson: Buffer | string, into: Map<string, TouchedDay> = new Map()): Map<string, TouchedDay> => {
  for (const line of ndjson.toString('utf8').split('\n')) {
    if (line === '') continue;
    const row = JSON.parse(line) as { app?: unknown; time?: unknown };
    const day = String(row.time ?? '').slice(0, 10);
    if (typeof row.app !== 'string' || !DAY.test(day)) continue;
    into.set(`${table}\0${row.app}\0${day}`, { table, app: row.app, day });
  }
  return into;
};

/**
 * Rebuilds the rollup rows of the given days from the raw rows. An insert into
 * a raw table and the inserts its materialized views make are not one atomic
 * step: a crash between them leaves raw rows that the rollups never counted,
 * and recovery, which finds those raw rows stored, does not insert them again.
 * So after recovering a segment, every rollup day it touched is deleted and
 * computed again with the view's own SELECT over the raw rows of that app and
 * day. Idempotent: a crash during the rebuild leaves the segment on disk, and
 * the next start rebuilds the same days again.
 *
 * The insert runs with insert_deduplicate = 0: a rebuild that produces the
 * same block as an earlier one must still be stored after the delete.
 * With one database and several collectors a row another collector inserts
 * into the same app and day between the delete and the insert is counted twice
 * (docs/durability.md).
 */
export const rebuildRollups = async (db: Database, database: string, views: readonly RollupView[], days: Iterable<TouchedDay>): Promise<number> => {
  let rebuilt = 0;
  for (const { table, app, day } of days) {
    if (!DAY.test(day)) throw new Error(`Cannot rebuild rollups of day ${JSON.stringify(day)}: not YYYY-MM-DD.`);
    for (const view of views.filter((v) => v.source === table)) {
      const where = `app = ${literal(app)} AND day = toDate(${literal(day)})`;
      await db.command(`DELETE FROM ${database}.${view.target} WHERE ${where}`, { lightweight_deletes_sync: 2 });
      const columns = view.columns.map((c) => `\`${c}\``).join(', ');
      await db.command(`INSERT INTO ${database}.${view.target} (${columns}) SELECT ${columns} FROM (${view.select}) WHERE ${where}`, {
        insert_deduplicate: 0,
      });
      rebuilt += 1;
    }
  }
  return rebuilt;
};
