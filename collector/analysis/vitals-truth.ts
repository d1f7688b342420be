import type { MetricName } from '../../schema/events.js';
import { rate, type Rating } from '../../schema/thresholds.js';
import { filterSql } from './filter-sql.js';
import type { SummaryPlan } from './summary-plan.js';
import type { Filters } from './filters.js';

/** The metrics in the order answers list them: the three Core Web Vitals first. */
export const METRICS: readonly MetricName[] = ['LCP', 'INP', 'CLS', 'FCP', 'TTFB'];
export const CORE_METRICS: readonly MetricName[] = ['LCP', 'INP', 'CLS'];

/** The percentile levels every distribution is described by. */
export const LEVELS = [0.5, 0.75, 0.9, 0.95, 0.99] as const;

/**
 * The stated method of every vitals answer (docs/api.md). quantileExactWeighted
 * takes integer weights, so each instance weighs round(1000 / sample_rate):
 * proportional to 1 / sample_rate to 0.1 %.
 */
export const VITALS_METHOD =
  'raw vitals table; last report per metric instance (metric_id, latest received_at); ' +
  'nearest-rank percentiles weighted by 1/sample_rate (quantileExactWeighted, exact); ' +
  'count and rating shares weighted by 1/sample_rate';

/** SQL of the weighted percentiles of `column` (default `value`), as an array in the order of `levels`. */
export const percentilesSql = (levels: readonly number[] = LEVELS, column = 'value'): string =>
  `quantilesExactWeighted(${levels.join(', ')})(${column}, toUInt64(round(1000 * weight)))`;

/** SQL of the three rating shares, weighted. */
export const SHARES_SQL = `sumIf(weight, rating = 'good') / sum(weight) AS good,
  sumIf(weight, rating = 'needs-improvement') / sum(weight) AS needs_improvement,
  sumIf(weight, rating = 'poor') / sum(weight) AS poor`;

export interface LatestOptions {
  /** Only these metrics (bound as a parameter). */
  metrics?: readonly MetricName[];
  /** Extra columns of the latest report, by column name (fixed by the caller, never from input). */
  columns?: readonly string[];
  /** Only these UTC days (YYYY-MM-DD) of the range: the days no day summary covers. */
  days?: readonly string[];
  /**
   * The range's sealed days (summary-plan.ts sealedDays): their instances are
   * read from vitals_instances, already deduplicated, and only the other days
   * are grouped by metric_id here.
   */
  sealed?: Pick<SummaryPlan, 'sealed' | 'open'>;
  /** Keep self-named bots even without a device class filter (the builder's copy of the truth). */
  withBots?: boolean;
  /** Only the instances whose metric_id a subquery gives (SQL fixed by the caller; its parameters are the caller's to bind). */
  ids?: string;
  /** Prefix of every parameter name, so two of these can share one statement. */
  prefix?: string;
}

/**
 * The truth the vitals endpoints read: one row per metric instance (a page
 * hidden twice reports CLS twice under one metric_id; the last report
 * received wins), with `weight` = 1 / sample_rate, the number of instances it
 * stands for, and `time` = when the instance was first reported.
 */
export const latestReports = (filters: Filters, options: LatestOptions = {}): { sql: string; params: Record<string, unknown> } => {
  const p = options.prefix ?? '';
  const { where, params } = filterSql(filters, { excludeBots: options.withBots !== true, prefix: `${p}f_` });
  const names = ['value', 'rating', 'page_id', ...(options.columns ?? [])];
  const metricFilter = options.metrics ? ` AND metric IN {${p}metrics:Array(String)}` : '';
  const idFilter = options.ids === undefined ? '' : ` AND metric_id IN (${options.ids})`;
  const sealed = options.sealed?.sealed ?? [];
  const rawDays = options.days ?? (sealed.length > 0 ? options.sealed!.open : undefined);
  // Aggregates are named last_x and renamed outside: an alias equal to a column name would be read back inside the other aggregates.
  const latest = names.map((column) => `argMax(${column}, (received_at, time)) AS last_${column}`);
  const raw = `SELECT metric, metric_id, ${names.map((column) => `last_${column} AS ${column}`).join(', ')}, last_weight AS weight, first_time AS time
  FROM (
    SELECT metric, metric_id, ${latest.join(', ')},
      1 / argMax(sample_rate, (received_at, time)) AS last_weight, min(time) AS first_time
    FROM vitals
    WHERE ${where}${metricFilter}${rawDays ? ` AND toDate(time) IN {${p}days:Array(Date)}` : ''}${idFilter}
    GROUP BY metric, metric_id
  )`;
  const parts = rawDays?.length === 0 ? [] : [raw];
  if (sealed.length > 0) {
    parts.unshift(`SELECT metric, metric_id, ${names.join(', ')}, weight, time FROM vitals_instances
    WHERE ${where}${metricFilter} AND day IN {${p}sealed_days:Array(Date)} AND build IN {${p}sealed_builds:Array(UInt64)}${idFilter}`);
  }
  return {
    sql: parts.length === 1 ? parts[0]! : parts.map((part) => `(${part})`).join('\n  UNION ALL\n  '),
    params: {
      ...params,
      ...(options.metrics ? { [`${p}metrics`]: [...options.metrics] } : {}),
      ...(rawDays ? { [`${p}days`]: [...rawDays] } : {}),
      ...(sealed.length > 0 ? { [`${p}sealed_days`]: sealed.map((s) => s.day), [`${p}sealed_builds`]: sealed.map((s) => s.build) } : {}),
    },
  };
};

/** How many days of an exact answer came from the summaries' deduplicated instances, for `meta.method`. */
export const instancesNote = (sealed: Pick<SummaryPlan, 'sealed' | 'open'>): string =>
  sealed.sealed.length === 0
    ? ''
    : ` (${sealed.sealed.length} of ${sealed.sealed.length + sealed.open.length} days from the summaries' deduplicated instances)`;

/** A distribution as every vitals answer shows it. */
export interface Distribution {
  samples: number;
  count: number;
  p50: number | null;
  p75: number | null;
  p90: number | null;
  p95: number | null;
  p99: number | null;
  good: number | null;
  needsImprovement: number | null;
  poor: number | null;
  /** Rating of p75 by the official thresholds; null without samples. */
  rating: Rating | null;
}

/** The columns a distribution query returns (see {@link DISTRIBUTION_SQL}). */
export interface DistributionRow {
  samples: number | string;
  count: number;
  q: number[];
  good: number;
  needs_improvement: number;
  poor: number;
}

/** Select list of a distribution over rows of {@link latestReports}. */
export const DISTRIBUTION_SQL = `count() AS samples, sum(weight) AS count, ${percentilesSql()} AS q, ${SHARES_SQL}`;

const round = (value: number, digits: number): number => Number(value.toFixed(digits));

/** Times to 0.1 ms, CLS to 4 digits, shares to 4 digits: beyond that the figures only look precise. */
export const toDistribution = (metric: MetricName, row: DistributionRow | undefined): Distribution => {
  const samples = Number(row?.samples ?? 0);
  if (!row || samples === 0) {
    return { samples: 0, count: 0, p50: null, p75: null, p90: null, p95: null, p99: null, good: null, needsImprovement: null, poor: null, rating: null };
  }
  const digits = metric === 'CLS' ? 4 : 1;
  const [p50, p75, p90, p95, p99] = row.q.map((v) => round(v, digits));
  return {
    samples,
    count: round(row.count, 2),
    p50: p50!,
    p75: p75!,
    p90: p90!,
    p95: p95!,
    p99: p99!,
    good: round(row.good, 4),
    needsImprovement: round(row.needs_improvement, 4),
    poor: round(row.poor, 4),
    rating: rate(metric, row.q[1]!),
  };
};
