import type { MetricName } from '../../schema/events.js';
import type { Filters } from './filters.js';
import { deltaInstances } from './open-day-delta.js';
import { planParams, planWhere, withIncremental, type SummaryPlan } from './summary-plan.js';
import { LEVELS, latestReports } from './vitals-truth.js';

/**
 * The sketch the day summaries keep of a metric's values, and the SQL that
 * makes and reads it: a sparse histogram, Map(bucket → weight). Buckets are
 * whole units below 1,023.5 (milliseconds; CLS × 1000) and 0.5 %-wide
 * geometric steps above, so a bucket's geometric middle is within 0.25 % of
 * every value in it. Bucketing keeps the order of values, so the weighted
 * nearest-rank percentile of the histogram is the bucket of the exact
 * percentile: the only error is the bucket's width. Histograms merge by
 * adding weights (sumMap), and hold only the buckets that occur, so a day's
 * state is a few KiB at most (quantileTiming's fixed 22 KiB made a 30-day
 * breakdown read 135 MB; t-digests made the old rollups slow to merge).
 */
export const SKETCH_METHOD =
  'day summaries built from the raw truth (weighted nearest-rank percentiles of a histogram with 1 ms buckets below 1,023.5 ms ' +
  'and 0.5 % buckets above: within 0.5 ms, or 0.25 %, of the exact figure; CLS likewise × 1000), ' +
  'merged with the same histogram of the raw rows of days no finished summary covers; a day with rows stored after its latest build ' +
  'is that build with every metric instance those rows touch replaced by its truth from all its raw rows (exact, no instance counted twice)';

const CLS_SCALE = 1000;
/** Below this (ms, or CLS × 1000) a bucket is one unit wide; above, buckets grow by GROWTH. */
const LINEAR_UP_TO = 1023.5;
const GROWTH = 1.005;

/**
 * SQL of the histogram of `scaled` values (an SQL expression), each row
 * adding `bucketWeight` (SQL; default: its weight as quantilesExactWeighted
 * takes it) to its bucket, of the rows where `condition` holds when given.
 */
export const histogramSql = (
  scaled: string,
  bucketWeight = 'toUInt64(round(1000 * weight))',
  condition?: string,
): string => `sumMap${condition ? 'If' : ''}(map(
  toUInt16(least(65535, multiIf(${scaled} < ${LINEAR_UP_TO}, greatest(0, round(${scaled})),
    1024 + floor(log(${scaled} / ${LINEAR_UP_TO}) / log(${GROWTH}))))),
  ${bucketWeight})${condition ? `, ${condition}` : ''})`;

const SCALED_VALUE_SQL = `if(metric = 'CLS', value * ${CLS_SCALE}, value)`;

/** SQL of the histogram of the rows of a latest-reports subquery (columns metric, value, weight). */
export const SKETCH_STATE_SQL = histogramSql(SCALED_VALUE_SQL);

/** The same histogram of signed instances (open-day-delta.ts): a superseded instance takes its weight out of its bucket. */
const SIGNED_STATE_SQL = histogramSql(SCALED_VALUE_SQL, 'toInt64(sign) * toInt64(round(1000 * weight))');

/** The value a bucket stands for, in the sketch's units (divide by {@link sketchScale}): as the SQL below reads it. */
export const bucketValue = (bucket: number): number => (bucket < 1024 ? bucket : LINEAR_UP_TO * GROWTH ** (bucket - 1024 + 0.5));

/** SQL of the value a bucket stands for: itself below 1,024, else the geometric middle of its step. */
const bucketValueSql = (bucket: string) => `if(${bucket} < 1024, ${bucket}, ${LINEAR_UP_TO} * pow(${GROWTH}, ${bucket} - 1024 + 0.5))`;

/**
 * SQL of the weighted nearest-rank percentiles (array, in the order of
 * `levels`, SQL array of Float64) of the histogram `hist`, in the metric's units:
 * the first bucket whose cumulative weight reaches ⌈q · total⌉, the rank rule
 * of quantilesExactWeighted. `scale` from {@link sketchScale}.
 */
export const sketchQuantilesSql = (hist: string, levels: string, scale: string): string =>
  `arrayMap(l -> ${bucketValueSql(`mapKeys(${hist})[arrayFirstIndex(c -> c >= ceil(l * arraySum(mapValues(${hist}))), arrayCumSum(mapValues(${hist})))]`)} / ${scale},
      ${levels})`;

/** The sketch's scale of a metric: SQL over a `metric` column, or a number when the metric is known. */
export const sketchScale = (metric?: MetricName): string =>
  metric === undefined ? `if(metric = 'CLS', ${CLS_SCALE}, 1)` : String(metric === 'CLS' ? CLS_SCALE : 1);

/**
 * A distribution per `group` (an SQL expression, answered as `name`) over rows of
 * {@link sketchRows}: the same columns as DISTRIBUTION_SQL gives over raw
 * rows, percentiles by {@link sketchQuantilesSql}. `scale` from {@link sketchScale}.
 */
export const sketchDistributionSql = (rows: string, group: string, name: string, scale: string, orderBy = ''): string => `SELECT ${name}, samples, count,
    ${sketchQuantilesSql('hist', `[${LEVELS.join(', ')}]`, scale)} AS q,
    good, needs_improvement, poor
  FROM (
    SELECT ${group} AS ${name}, sum(s_samples) AS samples, sum(s_count) AS count, ${NONZERO('sumMap(s_q)')} AS hist,
      sum(s_good) / sum(s_count) AS good, sum(s_needs_improvement) / sum(s_count) AS needs_improvement, sum(s_poor) / sum(s_count) AS poor
    FROM (${rows}) GROUP BY ${name}
  )${orderBy}`;

/** A merged histogram without the buckets signed rows emptied (a re-report moved its instance out of them). */
const NONZERO = (hist: string) => `mapFilter((k, v) -> v != 0, ${hist})`;

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
 * plan's sealed days and of its incremental days' latest builds, what the raw
 * rows stored after those builds change (open-day-delta.ts, signed), and the
 * same aggregates of the raw truth of its other open days. `key` is '' without
 * a {@link SketchKey}. With signed rows every count and weight is Int64.
 */
export const sketchRows = (
  filters: Filters,
  whole: SummaryPlan,
  options: { metrics?: readonly MetricName[]; key?: SketchKey } = {},
): { sql: string; params: Record<string, unknown> } => {
  const plan = withIncremental(whole);
  const signed = whole.incremental.length > 0;
  const metricFilter = options.metrics ? ' AND metric IN {s_metrics:Array(String)}' : '';
  const samples = (sql: string) => (signed ? `toInt64(${sql})` : sql);
  const parts = [
    `SELECT metric, ${options.key?.summary ?? "''"} AS key, ${samples('samples')} AS s_samples, count AS s_count, good AS s_good,
    needs_improvement AS s_needs_improvement, poor AS s_poor, ${signed ? "CAST(hist, 'Map(UInt16, Int64)')" : 'hist'} AS s_q
    FROM vitals_days WHERE ${planWhere(plan)}${metricFilter}`,
  ];
  let params: Record<string, unknown> = { ...planParams(filters, plan), ...(options.metrics ? { s_metrics: [...options.metrics] } : {}) };
  if (plan.open.length > 0) {
    const raw = latestReports(filters, { days: plan.open, columns: options.key?.columns ?? [], ...(options.metrics ? { metrics: options.metrics } : {}) });
    parts.push(`SELECT metric, ${options.key?.raw ?? "''"} AS key, ${samples('count()')} AS s_samples, sum(weight) AS s_count,
      sumIf(weight, rating = 'good') AS s_good, sumIf(weight, rating = 'needs-improvement') AS s_needs_improvement, sumIf(weight, rating = 'poor') AS s_poor,
      ${signed ? histogramSql(SCALED_VALUE_SQL, 'toInt64(round(1000 * weight))') : SKETCH_STATE_SQL} AS s_q
    FROM (${raw.sql}) GROUP BY metric, key`);
    params = { ...params, ...raw.params };
  }
  if (signed) {
    const delta = deltaInstances(filters, whole.incremental, options.metrics);
    parts.push(`SELECT metric, ${options.key?.raw ?? "''"} AS key, sum(toInt64(sign)) AS s_samples, sum(sign * weight) AS s_count,
      sumIf(sign * weight, rating = 'good') AS s_good, sumIf(sign * weight, rating = 'needs-improvement') AS s_needs_improvement,
      sumIf(sign * weight, rating = 'poor') AS s_poor, ${SIGNED_STATE_SQL} AS s_q
    FROM (${delta.sql}) GROUP BY metric, key`);
    params = { ...params, ...delta.params };
  }
  return { sql: parts.join('\nUNION ALL\n'), params };
};
