import { latestPageViews, sessionSetsSql, viewSetsSql } from '../analysis/page-view-truth.js';
import type { Database } from '../db/types.js';
import { recordBuild, type DayBuild } from './record-build.js';

/**
 * Writes the usage summary of one app's day (schema 060) from the raw truth:
 * one page view per page_id, sessions within the day. Recorded and cleaned
 * up as the vitals summary is (record-build.ts). Returns the page views.
 */
export const buildUsageDay = async (db: Database, { app, day, covered, build }: DayBuild): Promise<number> => {
  const views = latestPageViews({ app, from: day, to: day });
  const keys = { b_app: app, b_day: day, b_build: build };
  await db.command(
    `INSERT INTO usage_days (app, day, build, set, key, key2, hour, weight, first, last)
    SELECT {b_app:String}, toDate({b_day:String}), {b_build:UInt64}, set, key, key2, hour, w, first, last
    FROM (${viewSetsSql(views.sql)} UNION ALL ${sessionSetsSql(views.sql)})`,
    {},
    { ...views.params, ...keys },
  );
  const [counted] = await db.query<{ n: string }>(`SELECT count() AS n FROM (${views.sql})`, views.params);
  const pageViews = Number(counted?.n ?? 0);
  await recordBuild(db, 'page_views', ['usage_days'], { app, day, covered, build }, pageViews);
  return pageViews;
};
