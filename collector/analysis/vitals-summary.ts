import type { MetricName } from '../../schema/events.js';
import type { Database } from '../db/types.js';
import type { Filters } from './filters.js';
import {
  CORE_METRICS,
  DISTRIBUTION_SQL,
  latestReports,
  METRICS,
  toDistribution,
  VITALS_METHOD,
  type Distribution,
  type DistributionRow,
} from './vitals-truth.js';

export interface VitalsSummary {
  metrics: (Distribution & { metric: MetricName })[];
  /**
   * Page views with at least one LCP, INP or CLS report (weighted), and the
   * share of them whose every reported Core Web Vital is good. A page without
   * an interaction has no INP and is judged on LCP and CLS, as CrUX does.
   */
  cwvPass: { pageViews: number; passShare: number | null };
}

/** Per metric: percentiles, weighted count and rating shares; and the Core Web Vitals pass share of page views. */
export const vitalsSummary = async (db: Database, filters: Filters): Promise<{ data: VitalsSummary; rows: number; method: string }> => {
  const latest = latestReports(filters);
  const rows = await db.query<DistributionRow & { metric: MetricName }>(
    `SELECT metric, ${DISTRIBUTION_SQL} FROM (${latest.sql}) GROUP BY metric`,
    latest.params,
  );
  const core = latestReports(filters, { metrics: CORE_METRICS });
  const [pass] = await db.query<{ page_views: number; passing: number }>(
    `SELECT sum(w) AS page_views, sumIf(w, bad = 0) AS passing
    FROM (SELECT page_id, max(weight) AS w, countIf(rating != 'good') AS bad FROM (${core.sql}) GROUP BY page_id)`,
    core.params,
  );
  const byMetric = new Map(rows.map((row) => [row.metric, row]));
  const metrics = METRICS.map((metric) => ({ metric, ...toDistribution(metric, byMetric.get(metric)) }));
  const pageViews = Number(pass?.page_views ?? 0);
  return {
    data: {
      metrics,
      cwvPass: { pageViews: Number(pageViews.toFixed(2)), passShare: pageViews > 0 ? Number((pass!.passing / pageViews).toFixed(4)) : null },
    },
    rows: metrics.length,
    method: `${VITALS_METHOD}; a page view passes when every LCP, INP and CLS it reported is good`,
  };
};
