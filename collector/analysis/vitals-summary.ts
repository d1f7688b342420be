import type { MetricName } from '../../schema/events.js';
import type { Database } from '../db/types.js';
import type { Filters } from './filters.js';
import { deltaPassSql } from './open-day-delta.js';
import { planParams, planWhere, sealedDays, summaryNote, summaryPlan, withIncremental, type SummaryPlan } from './summary-plan.js';
import { SKETCH_METHOD, sketchDistributionSql, sketchScale, sketchRows } from './vitals-sketch.js';
import {
  CORE_METRICS,
  DISTRIBUTION_SQL,
  instancesNote,
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
  const plan = await summaryPlan(db, filters, 'vitals');
  const fromSummaries = plan !== null && plan.sealed.length + plan.incremental.length > 0;
  const sealed = fromSummaries ? plan : (plan ?? (await sealedDays(db, filters, 'vitals')));
  const { rows, pass } = fromSummaries ? await sketched(db, filters, plan) : await exact(db, filters, sealed);
  const byMetric = new Map(rows.map((row) => [row.metric, row]));
  const metrics = METRICS.map((metric) => ({ metric, ...toDistribution(metric, byMetric.get(metric)) }));
  const pageViews = Number(pass?.page_views ?? 0);
  return {
    data: {
      metrics,
      cwvPass: { pageViews: Number(pageViews.toFixed(2)), passShare: pageViews > 0 ? Number((pass!.passing / pageViews).toFixed(4)) : null },
    },
    rows: metrics.length,
    method: `${fromSummaries ? `${SKETCH_METHOD} ${summaryNote(plan)}` : `${VITALS_METHOD}${instancesNote(sealed)}`}; a page view passes when every LCP, INP and CLS it reported is good`,
  };
};

interface Answer {
  rows: (DistributionRow & { metric: MetricName })[];
  pass: { page_views: number; passing: number } | undefined;
}

/** SQL of the pass share over rows of the core metrics' latest reports: per page view, all good. */
const passSql = (latest: string) => `SELECT sum(w) AS page_views, sumIf(w, bad = 0) AS passing
  FROM (SELECT page_id, max(weight) AS w, countIf(rating != 'good') AS bad FROM (${latest}) GROUP BY page_id)`;

/** Exact, from the raw truth of every day. */
const exact = async (db: Database, filters: Filters, sealed: Pick<SummaryPlan, 'sealed' | 'open'>): Promise<Answer> => {
  const latest = latestReports(filters, { sealed });
  const rows = await db.query<DistributionRow & { metric: MetricName }>(
    `SELECT metric, ${DISTRIBUTION_SQL} FROM (${latest.sql}) GROUP BY metric`,
    latest.params,
  );
  const core = latestReports(filters, { metrics: CORE_METRICS, sealed });
  const [pass] = await db.query<{ page_views: number; passing: number }>(passSql(core.sql), core.params);
  return { rows, pass };
};

/** From the day summaries of sealed days, incremental days' builds with the rows stored after them, and the raw truth of the others (vitals-sketch.ts). */
const sketched = async (db: Database, filters: Filters, whole: SummaryPlan): Promise<Answer> => {
  const source = sketchRows(filters, whole);
  const rows = await db.query<DistributionRow & { metric: MetricName }>(sketchDistributionSql(source.sql, 'metric', 'metric', sketchScale()), source.params);
  const plan = withIncremental(whole);
  const parts = [`SELECT page_views AS pv, passing AS ok FROM cwv_days WHERE ${planWhere(plan)}`];
  let params = planParams(filters, plan);
  if (plan.open.length > 0) {
    const core = latestReports(filters, { metrics: CORE_METRICS, days: plan.open });
    parts.push(`SELECT page_views AS pv, passing AS ok FROM (${passSql(core.sql)})`);
    params = { ...params, ...core.params };
  }
  if (whole.incremental.length > 0) {
    const delta = deltaPassSql(filters, whole.incremental);
    parts.push(`SELECT pv, ok FROM (${delta.sql})`);
    params = { ...params, ...delta.params };
  }
  const [pass] = await db.query<{ page_views: number; passing: number }>(
    `SELECT sum(pv) AS page_views, sum(ok) AS passing FROM (${parts.join(' UNION ALL ')})`,
    params,
  );
  return { rows, pass };
};
