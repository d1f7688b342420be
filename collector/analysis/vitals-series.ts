import type { MetricName } from '../../schema/events.js';
import type { Database } from '../db/types.js';
import type { Filters } from './filters.js';
import { latestReports, percentilesSql, SHARES_SQL, VITALS_METHOD } from './vitals-truth.js';

export type Grain = 'day' | 'hour';

/** Hourly points when the range is this many days or fewer, daily otherwise. */
export const HOURLY_UP_TO_DAYS = 2;

export const grainOf = (filters: Filters): Grain =>
  (Date.parse(filters.to) - Date.parse(filters.from)) / 86_400_000 + 1 <= HOURLY_UP_TO_DAYS ? 'hour' : 'day';

export interface SeriesPoint {
  /** Start of the hour or day, ISO 8601 UTC. */
  t: string;
  samples: number;
  p75: number;
  good: number;
  needsImprovement: number;
  poor: number;
}

/** p75 and rating shares of one metric per day (per hour for ranges of two days or less); only buckets with data. */
export const vitalsSeries = async (
  db: Database,
  filters: Filters,
  metric: MetricName,
): Promise<{ data: { metric: MetricName; grain: Grain; points: SeriesPoint[] }; rows: number; method: string }> => {
  const grain = grainOf(filters);
  const bucket = grain === 'hour' ? 'toStartOfHour(time)' : 'toStartOfDay(time)';
  const latest = latestReports(filters, { metrics: [metric] });
  const rows = await db.query<{ t: string; samples: string; q: number[]; good: number; needs_improvement: number; poor: number }>(
    `SELECT formatDateTime(${bucket}, '%Y-%m-%dT%H:00:00Z', 'UTC') AS t, count() AS samples, ${percentilesSql([0.75])} AS q, ${SHARES_SQL}
    FROM (${latest.sql}) GROUP BY t ORDER BY t`,
    latest.params,
  );
  const digits = metric === 'CLS' ? 4 : 1;
  const points = rows.map((row) => ({
    t: row.t,
    samples: Number(row.samples),
    p75: Number(row.q[0]!.toFixed(digits)),
    good: Number(row.good.toFixed(4)),
    needsImprovement: Number(row.needs_improvement.toFixed(4)),
    poor: Number(row.poor.toFixed(4)),
  }));
  return {
    data: { metric, grain, points },
    rows: points.length,
    method: `${VITALS_METHOD}; an instance belongs to the ${grain} (UTC) of its first report`,
  };
};
