import { ATTRIBUTED_METRICS, ENTRY_COLUMNS, entryRowsSql } from '../analysis/attribution-entries.js';
import { SKETCH_STATE_SQL } from '../analysis/vitals-sketch.js';
import type { Database } from '../db/types.js';
import type { DayBuild } from './record-build.js';

/** The dimensions attribution_days has rows for besides the whole app (''): the filter attribution is asked with. */
export const ATTRIBUTION_DIMENSIONS: readonly string[] = ['route'];

/**
 * Writes the attribution summary of one app's day (schema 091) from the
 * deduplicated instances this build wrote to vitals_instances, bots left
 * out: per metric, whole app and route, the instances and the value sketch
 * of every attribution key and sub-part. The caller records the build.
 */
export const buildAttributionDay = async (db: Database, { app, day, build }: DayBuild): Promise<void> => {
  const instances = `SELECT d.1 AS dim, d.2 AS dim_value, metric, value, weight, retention_days, ${ENTRY_COLUMNS.join(', ')}
    FROM vitals_instances ARRAY JOIN [tuple('', ''), ${ATTRIBUTION_DIMENSIONS.map((column) => `tuple('${column}', toString(${column}))`).join(', ')}] AS d
    WHERE app = {b_app:String} AND day = toDate({b_day:String}) AND build = {b_build:UInt64} AND device_class != 'bot'
      AND metric IN {b_metrics:Array(String)}`;
  await db.command(
    `INSERT INTO attribution_days (app, day, build, dim, value, metric, kind, key, samples, hist, retention_days)
    SELECT {b_app:String}, toDate({b_day:String}), {b_build:UInt64}, dim, dim_value, metric, kind, key, count(), ${SKETCH_STATE_SQL}, min(retention_days)
    FROM (${entryRowsSql(instances, ['dim', 'dim_value', 'retention_days'])})
    GROUP BY dim, dim_value, metric, kind, key`,
    {},
    { b_app: app, b_day: day, b_build: build, b_metrics: [...ATTRIBUTED_METRICS] },
  );
};
