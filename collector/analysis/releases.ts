import type { Database } from '../db/types.js';
import type { Filters } from './filters.js';
import { usageRows, viewSetsSql } from './page-view-truth.js';
import { summaryPlan } from './summary-plan.js';

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
  const plan = await summaryPlan(db, filters, 'page_views');
  // Usage summaries hold the whole app only.
  const usable = plan !== null && plan.dim === '' ? plan : null;
  const source = usageRows(filters, usable, viewSetsSql, ['release']);
  const rows = await db.query<{ release: string; first_seen: string; last_seen: string; page_views: number }>(
    `SELECT key AS release,
      formatDateTime(min(first), '%Y-%m-%dT%H:%i:%SZ', 'UTC') AS first_seen,
      formatDateTime(max(last), '%Y-%m-%dT%H:%i:%SZ', 'UTC') AS last_seen,
      sum(w) AS page_views
    FROM (${source.sql}) WHERE set = 'release'
    GROUP BY key ORDER BY min(first) DESC, key`,
    source.params,
  );
  const data = rows.map((row) => ({ release: row.release, firstSeen: row.first_seen, lastSeen: row.last_seen, pageViews: Number(row.page_views.toFixed(2)) }));
  const fromSummaries = usable !== null && usable.sealed.length > 0;
  return {
    data,
    rows: data.length,
    method: `raw page_views table; one page view per page_id (last report wins), weighted by 1/sample_rate${fromSummaries ? `; ${usable.sealed.length} of ${usable.sealed.length + usable.open.length} days from day summaries` : ''}`,
  };
};
