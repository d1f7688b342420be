import { RELEASE_ROUTE_DIM, RELEASE_ROUTE_VALUE_SQL } from '../analysis/release-sketch.js';
import { BREAKDOWN_COLUMNS } from '../analysis/vitals-breakdown.js';
import { SKETCH_STATE_SQL } from '../analysis/vitals-sketch.js';
import { CORE_METRICS, latestReports } from '../analysis/vitals-truth.js';
import type { Database } from '../db/types.js';
import { buildAttributionDay } from './attribution-day.js';
import { recordBuild, type DayBuild } from './record-build.js';

/** The dimensions a day summary has rows for: one at a time, each beside the whole app (''). */
export const SUMMARY_DIMENSIONS = Object.values(BREAKDOWN_COLUMNS);

/** The columns vitals_instances keeps besides metric, metric_id, value, rating, page_id, weight and time. */
const INSTANCE_COLUMNS = [
  ...SUMMARY_DIMENSIONS,
  'selector',
  'resource_url',
  'event_type',
  'lcp_ttfb',
  'lcp_load_delay',
  'lcp_load_duration',
  'lcp_render_delay',
  'inp_input_delay',
  'inp_processing',
  'inp_presentation',
  // An instance expires with its raw rows: it holds per-event data.
  'retention_days',
];

/**
 * [dim, value(, slot)] per instance: the whole app ('') and each dimension per
 * day, and the whole app per hour under dim 'hour' (hourly series). A day's
 * answer then merges one state per metric, not 24.
 */
const dimensionsSql = (slots: boolean, extra: readonly string[] = []): string =>
  `[tuple('', ''${slots ? ', toStartOfDay(time)' : ''}), ${slots ? "tuple('hour', '', toStartOfHour(time)), " : ''}${[
    ...SUMMARY_DIMENSIONS.map((column) => `tuple('${column}', toString(${column})${slots ? ', toStartOfDay(time)' : ''})`),
    ...extra,
  ].join(', ')}]`;

/** The grain releases/compare reads: per release and route, per day. */
const RELEASE_ROUTE_SQL = `tuple('${RELEASE_ROUTE_DIM}', ${RELEASE_ROUTE_VALUE_SQL}, toStartOfDay(time))`;

/**
 * Writes the vitals summary of one app's day from the raw truth (the last
 * report per metric instance, weighted by 1 / sample_rate), then records the
 * build, then drops the rows of earlier builds of the day. Readers take a
 * day's rows only under the build recorded last, so a crash at any step
 * leaves the earlier build (or the raw rows) in use. Returns the metric
 * instances the day holds.
 */
export const buildVitalsDay = async (db: Database, { app, day, covered, build, block }: DayBuild): Promise<number> => {
  const filters = { app, from: day, to: day };
  const keys = { b_app: app, b_day: day, b_build: build };
  // Deduplicated once, into vitals_instances; the summaries below read that copy of this build, bots left out.
  const truth = latestReports(filters, { columns: INSTANCE_COLUMNS, withBots: true });
  await db.command(
    `INSERT INTO vitals_instances (app, day, build, metric, metric_id, value, rating, page_id, ${INSTANCE_COLUMNS.join(', ')}, weight, time)
    SELECT {b_app:String}, toDate({b_day:String}), {b_build:UInt64}, * FROM (${truth.sql})`,
    {},
    { ...truth.params, ...keys },
  );
  const ofBuild = (where = '') =>
    `SELECT * FROM vitals_instances WHERE app = {b_app:String} AND day = toDate({b_day:String}) AND build = {b_build:UInt64} AND device_class != 'bot'${where}`;
  await db.command(
    `INSERT INTO vitals_days (app, day, build, dim, value, metric, slot, samples, count, good, needs_improvement, poor, hist)
    SELECT {b_app:String}, toDate({b_day:String}), {b_build:UInt64}, d.1 AS dim, d.2 AS dim_value, metric, d.3 AS slot,
      count(), sum(weight), sumIf(weight, rating = 'good'), sumIf(weight, rating = 'needs-improvement'), sumIf(weight, rating = 'poor'),
      ${SKETCH_STATE_SQL}
    FROM (${ofBuild()}) ARRAY JOIN ${dimensionsSql(true, [RELEASE_ROUTE_SQL])} AS d
    GROUP BY dim, dim_value, metric, slot`,
    {},
    keys,
  );
  await db.command(
    `INSERT INTO cwv_days (app, day, build, dim, value, page_views, passing)
    SELECT {b_app:String}, toDate({b_day:String}), {b_build:UInt64}, d.1 AS dim, d.2 AS dim_value, sum(w), sumIf(w, bad = 0)
    FROM (
      SELECT page_id, max(weight) AS w, countIf(rating != 'good') AS bad, ${SUMMARY_DIMENSIONS.map((c) => `any(${c}) AS ${c}`).join(', ')}
      FROM (${ofBuild(' AND metric IN {metrics:Array(String)}')}) GROUP BY page_id
    ) ARRAY JOIN ${dimensionsSql(false)} AS d
    GROUP BY dim, dim_value`,
    {},
    { metrics: [...CORE_METRICS], ...keys },
  );
  const [counted] = await db.query<{ instances: string }>(
    `SELECT sum(samples) AS instances FROM vitals_days WHERE app = {b_app:String} AND dim = '' AND day = toDate({b_day:String}) AND build = {b_build:UInt64}`,
    keys,
  );
  const instances = Number(counted?.instances ?? 0);
  await buildAttributionDay(db, { app, day, covered, build });
  await recordBuild(db, 'vitals', ['vitals_instances', 'vitals_days', 'cwv_days', 'attribution_days'], { app, day, covered, build, block }, instances);
  return instances;
};
