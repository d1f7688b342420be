import type { Database } from '../db/types.js';
import { filterSql } from './filter-sql.js';
import type { Filters } from './filters.js';

export interface ReleaseSeen {
  release: string;
  /** First and last page view of the release in the range, ISO 8601 UTC. */
  firstSeen: string;
  lastSeen: string;
  /** Page views, weighted by 1 / sample_rate. */
  pageViews: number;
}

/** Releases seen in the range, newest (by first page view) first. Page views are counted once per page_id. */
export const releasesSeen = async (db: Database, filters: Filters): Promise<{ data: ReleaseSeen[]; rows: number; method: string }> => {
  const { where, params } = filterSql(filters);
  const rows = await db.query<{ release: string; first_seen: string; last_seen: string; page_views: number }>(
    `SELECT release,
      formatDateTime(min(first), '%Y-%m-%dT%H:%i:%SZ', 'UTC') AS first_seen,
      formatDateTime(max(last), '%Y-%m-%dT%H:%i:%SZ', 'UTC') AS last_seen,
      sum(weight) AS page_views
    FROM (
      SELECT release, page_id, min(time) AS first, max(time) AS last, 1 / any(sample_rate) AS weight
      FROM page_views WHERE ${where} GROUP BY release, page_id
    )
    GROUP BY release ORDER BY min(first) DESC, release`,
    params,
  );
  const data = rows.map((row) => ({ release: row.release, firstSeen: row.first_seen, lastSeen: row.last_seen, pageViews: Number(row.page_views.toFixed(2)) }));
  return { data, rows: data.length, method: 'raw page_views table; one page view per page_id, weighted by 1/sample_rate' };
};
