import type { Database } from '../db/types.js';

/** An app's day whose raw rows changed after its latest summary build (or that has none). */
export interface ChangedDay {
  app: string;
  day: string;
  /** The day's latest mark: a build started now covers every row stored up to it. */
  marked: string;
}

/**
 * The days of `source` to build, oldest first: marked later than their latest
 * build covers. Both tables hold a few rows per app and day, so this reads
 * nothing of the raw tables. A day without a build joins a zero (1970)
 * covered time, so it is always changed.
 */
export const changedDays = async (db: Database, source: string, limit: number): Promise<ChangedDay[]> =>
  db.query<ChangedDay>(
    `SELECT app, toString(day) AS day, toString(marked) AS marked
    FROM (SELECT app, day, max(marked_at) AS marked FROM summary_marks WHERE source = {source:String} GROUP BY app, day) AS m
    LEFT JOIN (SELECT app, day, max(covered) AS last_covered FROM summary_builds WHERE source = {source:String} GROUP BY app, day) AS b
    USING (app, day)
    WHERE m.marked > b.last_covered
    ORDER BY day, app
    LIMIT {limit:UInt32}`,
    { source, limit },
  );
