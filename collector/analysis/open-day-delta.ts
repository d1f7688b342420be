import type { MetricName } from '../../schema/events.js';
import { filterSql } from './filter-sql.js';
import type { Filters } from './filters.js';
import type { SummaryPlan } from './summary-plan.js';
import { CORE_METRICS, latestReports } from './vitals-truth.js';

/**
 * What the raw rows stored after a day's latest build change in that build
 * (summary-plan.ts `incremental`), as signed metric instances: every instance
 * with a row above the build's insert point (`_block_number` >
 * summary_builds.covered_block) is "touched"; its instance in the build, if
 * any, comes with sign -1 (from vitals_instances of the build) and its truth
 * now, from all its raw rows of the day, with sign +1. Adding these to the
 * build's summary rows gives the raw truth: a re-report replaces the
 * superseded instance instead of adding to it, and a row the build also read
 * (stored while the build began) only makes its instance be replaced by
 * itself. Re-reading all raw rows of a touched instance, not only the new
 * ones, keeps "the last report received wins" exact even when a row stored
 * later was received earlier (a replayed spool).
 */

/** The envelope columns an instance is filtered and grouped by (summary dimensions). */
const ENVELOPE = ['env', 'release', 'route', 'device_class', 'browser', 'os', 'connection', 'country'] as const;

const deltaParams = (filters: Filters, incremental: SummaryPlan['incremental'], metrics?: readonly MetricName[]): Record<string, unknown> => ({
  d_app: filters.app,
  d_days: incremental.map((i) => i.day),
  d_builds: incremental.map((i) => i.build),
  d_blocks: incremental.map((i) => i.block),
  ...(metrics ? { d_metrics: [...metrics] } : {}),
});

const metricFilter = (metrics?: readonly MetricName[]) => (metrics ? ' AND metric IN {d_metrics:Array(String)}' : '');

/**
 * The highest block number of a part, from its name `<partition>_<min>_<max>_<level>[_<mutation>]`:
 * a condition on it alone skips whole parts before any row is read (the parts merged before the build).
 */
const PART_MAX_BLOCK = "toUInt64(splitByChar('_', substring(_part, length(_partition_id) + 2))[2])";

/** The raw rows of the incremental days stored after their builds' insert points. */
const afterBuildSql = (metrics?: readonly MetricName[]) => `FROM vitals
  WHERE app = {d_app:String} AND toDate(time) IN {d_days:Array(Date)}${metricFilter(metrics)}
    AND ${PART_MAX_BLOCK} > arrayMin({d_blocks:Array(UInt64)})
    AND _block_number > {d_blocks:Array(UInt64)}[indexOf({d_days:Array(Date)}, toDate(time))]`;

/**
 * The instances of the incremental days' builds (bots included, as the builds
 * keep them) that `prewhere` picks: read first, so the other columns are read
 * only for the few instances it keeps.
 */
const ofBuildsSql = (prewhere: string, metrics?: readonly MetricName[]) => `FROM vitals_instances PREWHERE ${prewhere}
  WHERE app = {d_app:String} AND day IN {d_days:Array(Date)} AND build IN {d_builds:Array(UInt64)}${metricFilter(metrics)}`;

/** The columns every signed instance row has: what `filterSql` and the sketch keys read. */
const COLUMNS = `metric, metric_id, value, rating, page_id, weight, time, ${ENVELOPE.join(', ')}`;
const APP = 'toString({d_app:String}) AS app';
/**
 * Filters on a touched instance's truth apply to its last report, after the
 * grouping; pushed down into it, they made the delta several times slower.
 */
const NO_PUSHDOWN = 'SETTINGS enable_optimize_predicate_expression = 0';

/** The touched instances' truth now: all their raw rows of the day, the last report wins (vitals-truth.ts). */
const truthOfTouched = (filters: Filters, incremental: SummaryPlan['incremental'], metrics?: readonly MetricName[]) => {
  const days = incremental.map((i) => i.day).sort();
  return latestReports(
    { app: filters.app, from: days[0]!, to: days[days.length - 1]! },
    {
      withBots: true,
      days,
      columns: ENVELOPE,
      ...(metrics ? { metrics } : {}),
      ids: `SELECT metric_id ${afterBuildSql(metrics)}`,
      prefix: 'd_t_',
    },
  );
};

/**
 * Signed instances (sign, COLUMNS) of the plan's incremental days that pass
 * `filters` (bots left out unless asked for, as in the summaries).
 */
export const deltaInstances = (
  filters: Filters,
  incremental: SummaryPlan['incremental'],
  metrics?: readonly MetricName[],
): { sql: string; params: Record<string, unknown> } => {
  const truth = truthOfTouched(filters, incremental, metrics);
  const { where, params } = filterSql(filters, { prefix: 'd_f_' });
  return {
    sql: `SELECT toInt8(-1) AS sign, ${COLUMNS} ${ofBuildsSql(`metric_id IN (SELECT metric_id ${afterBuildSql(metrics)})`, metrics)} AND ${where}
    UNION ALL
    SELECT sign, ${COLUMNS} FROM (SELECT toInt8(1) AS sign, ${APP}, ${COLUMNS} FROM (${truth.sql})) WHERE ${where} ${NO_PUSHDOWN}`,
    params: { ...deltaParams(filters, incremental, metrics), ...truth.params, ...params },
  };
};

/**
 * (pv, ok): what the rows stored after the builds change in the Core Web
 * Vitals pass share of the incremental days. A page view's pass state depends
 * on all its core instances, so every page view with a touched instance is
 * taken out as the build judged it (its instances in the build) and put back
 * as it is now (its untouched instances in the build plus its touched ones'
 * truth), weighted like cwv_days: max(weight) per page view. One read of the
 * build's instances gives both sides: each row counts out, and back in unless touched.
 */
export const deltaPassSql = (filters: Filters, incremental: SummaryPlan['incremental']): { sql: string; params: Record<string, unknown> } => {
  const truth = truthOfTouched(filters, incremental, CORE_METRICS);
  const { where, params } = filterSql(filters, { prefix: 'd_f_' });
  const touched = `SELECT metric_id ${afterBuildSql(CORE_METRICS)}`;
  const pages = `SELECT page_id ${afterBuildSql(CORE_METRICS)} UNION ALL SELECT page_id ${ofBuildsSql(`metric_id IN (${touched})`, CORE_METRICS)}`;
  const columns = 'page_id, weight, rating';
  return {
    sql: `SELECT sum(sign * w) AS pv, sum(if(bad = 0, sign * w, 0)) AS ok
    FROM (
      SELECT sign, page_id, max(weight) AS w, countIf(rating != 'good') AS bad
      FROM (
        SELECT arrayJoin(if(metric_id IN (${touched}), [toInt8(-1)], [toInt8(-1), toInt8(1)])) AS sign, ${columns}
          ${ofBuildsSql(`page_id IN (${pages})`, CORE_METRICS)} AND ${where}
        UNION ALL
        SELECT sign, ${columns} FROM (SELECT toInt8(1) AS sign, ${APP}, page_id, weight, rating, time, ${ENVELOPE.join(', ')} FROM (${truth.sql})) WHERE ${where} ${NO_PUSHDOWN}
      )
      GROUP BY sign, page_id
    )`,
    params: { ...deltaParams(filters, incremental, CORE_METRICS), ...truth.params, ...params },
  };
};
