import type { Database } from '../db/types.js';
import { filterSql } from './filter-sql.js';
import type { Filters } from './filters.js';
import { grainOf, type Grain } from './vitals-series.js';

export interface IngestPoint {
  t: string;
  accepted: number;
  rejected: number;
  dropped: number;
  /** Rejected and dropped events by reason (`invalid`, `stale`, `duplicate`, `sampled_out`, `spool_full` …). */
  reasons: Record<string, number>;
}

/** Events accepted, rejected and dropped per day (per hour for ranges of two days or less), from ingest_counters. */
export const ingestHistory = async (
  db: Database,
  filters: Filters,
): Promise<{ data: { grain: Grain; points: IngestPoint[] }; rows: number; method: string }> => {
  const grain = grainOf(filters);
  const { where, params } = filterSql(filters, { timeColumn: 'minute', excludeBots: false });
  const bucket = grain === 'hour' ? 'toStartOfHour(minute)' : 'toStartOfDay(minute)';
  const rows = await db.query<{ t: string; outcome: string; reason: string; n: string }>(
    `SELECT formatDateTime(${bucket}, '%Y-%m-%dT%H:00:00Z', 'UTC') AS t, outcome, reason, sum(count) AS n
    FROM ingest_counters WHERE ${where} GROUP BY t, outcome, reason ORDER BY t`,
    params,
  );
  const points = new Map<string, IngestPoint>();
  for (const row of rows) {
    let point = points.get(row.t);
    if (!point) points.set(row.t, (point = { t: row.t, accepted: 0, rejected: 0, dropped: 0, reasons: {} }));
    const n = Number(row.n);
    if (row.outcome === 'accepted' || row.outcome === 'rejected' || row.outcome === 'dropped') point[row.outcome] += n;
    if (row.outcome !== 'accepted' && row.reason !== '') point.reasons[row.reason] = (point.reasons[row.reason] ?? 0) + n;
  }
  const data = [...points.values()];
  return {
    data: { grain, points: data },
    rows: data.length,
    method: 'ingest_counters, summed per bucket (UTC); exact counts of events as received, before sampling',
  };
};
