import type { MetricName } from '../../schema/events.js';
import type { Database } from '../db/types.js';
import type { Filters } from './filters.js';
import { sealedDays, summaryNote, summaryPlan, type SummaryPlan } from './summary-plan.js';
import { byBucket, SKETCH_METHOD, sketchDistributionSql, sketchRows, sketchScale } from './vitals-sketch.js';
import { DISTRIBUTION_SQL, instancesNote, latestReports, toDistribution, VITALS_METHOD, type Distribution, type DistributionRow } from './vitals-truth.js';

export type Grain = 'day' | 'hour';

/** Hourly points when the range is this many days or fewer, daily otherwise. */
export const HOURLY_UP_TO_DAYS = 2;

export const grainOf = (filters: Filters): Grain =>
  (Date.parse(filters.to) - Date.parse(filters.from)) / 86_400_000 + 1 <= HOURLY_UP_TO_DAYS ? 'hour' : 'day';

/**
 * One bucket's distribution, the same fields vitals/summary gives per metric.
 * Only buckets with data are listed, so no figure of a point is null.
 */
export type SeriesPoint = { [K in keyof Distribution]: NonNullable<Distribution[K]> } & {
  /** Start of the hour or day, ISO 8601 UTC. */
  t: string;
};

export interface VitalsSeries {
  metric: MetricName;
  grain: Grain;
  points: SeriesPoint[];
}

/** Percentiles, count and rating shares of one metric per day (per hour for ranges of two days or less); only buckets with data. */
export const vitalsSeries = async (db: Database, filters: Filters, metric: MetricName): Promise<{ data: VitalsSeries; rows: number; method: string }> => {
  const grain = grainOf(filters);
  const plan = await summaryPlan(db, filters, 'vitals');
  // Only the whole-app summary rows are hourly.
  const fromSummaries = plan !== null && plan.sealed.length + plan.incremental.length > 0 && (grain === 'day' || plan.dim === '');
  let rows: (DistributionRow & { t: string })[];
  let sealed: Pick<SummaryPlan, 'sealed' | 'open'> | null = null;
  if (fromSummaries) {
    // Hourly rows exist for the whole app only, as dim 'hour'.
    const source = sketchRows(filters, grain === 'hour' ? { ...plan, dim: 'hour' } : plan, { metrics: [metric], key: byBucket(grain) });
    rows = await db.query(sketchDistributionSql(source.sql, 'key', 't', sketchScale(metric), ' ORDER BY t'), source.params);
  } else {
    const bucket = grain === 'hour' ? 'toStartOfHour(time)' : 'toStartOfDay(time)';
    sealed = plan ?? (await sealedDays(db, filters, 'vitals'));
    const latest = latestReports(filters, { metrics: [metric], sealed });
    // Every level comes from the one quantilesExactWeighted per bucket: the extra levels cost no extra pass.
    rows = await db.query(
      `SELECT formatDateTime(${bucket}, '%Y-%m-%dT%H:00:00Z', 'UTC') AS t, ${DISTRIBUTION_SQL}
      FROM (${latest.sql}) GROUP BY t ORDER BY t`,
      latest.params,
    );
  }
  // GROUP BY gives only buckets with rows, and toDistribution is null only without samples.
  const points = rows.map((row) => ({ t: row.t, ...(toDistribution(metric, row) as Omit<SeriesPoint, 't'>) }));
  return {
    data: { metric, grain, points },
    rows: points.length,
    method: `${fromSummaries ? `${SKETCH_METHOD} ${summaryNote(plan)}` : `${VITALS_METHOD}${sealed ? instancesNote(sealed) : ''}`}; an instance belongs to the ${grain} (UTC) of its first report`,
  };
};
