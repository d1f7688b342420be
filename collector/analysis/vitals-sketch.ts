import type { MetricName } from '../../schema/events.js';
import type { Filters } from './filters.js';
import { planParams, planWhere, type SummaryPlan } from './summary-plan.js';
import { LEVELS, latestReports } from './vitals-truth.js';

/**
 * The sketch the day summaries keep of a metric's values, and the SQL that
 * makes and reads it. quantileTiming keeps exact values below 1,024 (a
 * histogram with 16-wide buckets above, up to 30,000), so a state is a few
 * KiB at most and merging two adds their buckets: cheap at any row count,
 * unlike t-digests (whose merges dominated the old rollups) or exact
 * percentiles (which need every value). Times are whole milliseconds; CLS
 * is kept × 1000 (exact to 0.001 below 1.024).
 */
export const SKETCH_METHOD =
  'day summaries built from the raw truth (quantileTiming: exact below 1,024 ms, within 24 ms above (16 ms buckets), values above 30,000 ms count as 30,000; ' +
  'CLS to 0.001), merged with the same sketch of the raw rows of days no finished summary covers';

const CLS_SCALE = 1000;

/** SQL of the sketch state of the rows of a latest-reports subquery (columns metric, value, weight). */
export const SKETCH_STATE_SQL = `quantilesTimingWeightedState(${LEVELS.join(', ')})(
  toUInt32(least(greatest(round(if(metric = 'CLS', value * ${CLS_SCALE}, value)), 0), 4294967295)), toUInt64(round(1000 * weight)))`;

/** The sketch's scale of a metric: SQL over a `metric` column, or a number when the metric is known. */
export const sketchScale = (metric?: MetricName): string =>
  metric === undefined ? `if(metric = 'CLS', ${CLS_SCALE}, 1)` : String(metric === 'CLS' ? CLS_SCALE : 1);

/**
 * Select list of a distribution over rows of {@link sketchRows}: the same
 * columns as DISTRIBUTION_SQL gives over raw rows. `scale` from {@link sketchScale}.
 */
export const sketchDistributionSql = (scale: string): string => `sum(s_samples) AS samples, sum(s_count) AS count,
  arrayMap(x -> x / ${scale}, quantilesTimingWeightedMerge(${LEVELS.join(', ')})(s_q)) AS q,
  sum(s_good) / sum(s_count) AS good, sum(s_needs_improvement) / sum(s_count) AS needs_improvement, sum(s_poor) / sum(s_count) AS poor`;

/** What a sketch row is grouped by besides the metric: SQL over summary rows and over latest reports (needing `columns`). */
export interface SketchKey {
  summary: string;
  raw: string;
  columns?: readonly string[];
}

/** Breakdown by a raw column: its value. */
export const byColumn = (column: string): SketchKey => ({ summary: 'value', raw: `toString(${column})`, columns: [column] });

/** Series: the start of the bucket (ISO 8601 UTC); hours exist only in the whole-app rows of dim 'hour'. */
export const byBucket = (grain: 'hour' | 'day'): SketchKey => ({
  summary: `formatDateTime(slot, '%Y-%m-%dT%H:00:00Z', 'UTC')`,
  raw: `formatDateTime(${grain === 'hour' ? 'toStartOfHour(time)' : 'toStartOfDay(time)'}, '%Y-%m-%dT%H:00:00Z', 'UTC')`,
});

/**
 * Rows (metric, key, s_samples, s_count, s_good, s_needs_improvement, s_poor, s_q)
 * to aggregate with {@link sketchDistributionSql}: the summary rows of the
 * plan's sealed days and the same aggregates of the raw truth of its open
 * days. `key` is '' without a {@link SketchKey}.
 */
export const sketchRows = (
  filters: Filters,
  plan: SummaryPlan,
  options: { metrics?: readonly MetricName[]; key?: SketchKey } = {},
): { sql: string; params: Record<string, unknown> } => {
  const metricFilter = options.metrics ? ' AND metric IN {s_metrics:Array(String)}' : '';
  const parts = [
    `SELECT metric, ${options.key?.summary ?? "''"} AS key, samples AS s_samples, count AS s_count, good AS s_good,
    needs_improvement AS s_needs_improvement, poor AS s_poor, q AS s_q FROM vitals_days WHERE ${planWhere(plan)}${metricFilter}`,
  ];
  let params: Record<string, unknown> = { ...planParams(filters, plan), ...(options.metrics ? { s_metrics: [...options.metrics] } : {}) };
  if (plan.open.length > 0) {
    const raw = latestReports(filters, { days: plan.open, columns: options.key?.columns ?? [], ...(options.metrics ? { metrics: options.metrics } : {}) });
    parts.push(`SELECT metric, ${options.key?.raw ?? "''"} AS key, count() AS s_samples, sum(weight) AS s_count,
      sumIf(weight, rating = 'good') AS s_good, sumIf(weight, rating = 'needs-improvement') AS s_needs_improvement, sumIf(weight, rating = 'poor') AS s_poor,
      ${SKETCH_STATE_SQL} AS s_q
    FROM (${raw.sql}) GROUP BY metric, key`);
    params = { ...params, ...raw.params };
  }
  return { sql: parts.join('\nUNION ALL\n'), params };
};
