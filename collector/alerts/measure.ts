import { CORE_METRICS, latestReports, percentilesSql } from '../analysis/vitals-truth.js';
import { latestRuns, OUTCOME_RATES_SQL } from '../analysis/workflow-truth.js';
import type { Filters } from '../analysis/filters.js';
import { sealedDays } from '../analysis/summary-plan.js';
import type { Database } from '../db/types.js';
import type { AlertRule } from './rules.js';

/** A statistic over one window, and how many samples it rests on. */
export interface Measurement {
  /** Null when the window holds no samples. */
  value: number | null;
  /** Raw samples: metric instances, page views or workflow runs. */
  samples: number;
}

/** A half-open time range [start, end), ms since the epoch. */
export interface Window {
  start: number;
  end: number;
}

const isoDay = (ms: number): string => new Date(ms).toISOString().slice(0, 10);

/** The rule's filters over the UTC days the window touches; the exact bounds are applied on `time` as well. */
const filtersFor = (rule: AlertRule, window: Window): Filters => ({
  ...rule.filters,
  app: rule.app,
  from: isoDay(window.start),
  to: isoDay(window.end - 1),
});

const windowParams = (window: Window) => ({ w_start: window.start / 1000, w_end: window.end / 1000 });
const inWindow = (column: string): string => `${column} >= toDateTime64({w_start:Float64}, 3) AND ${column} < toDateTime64({w_end:Float64}, 3)`;

/**
 * The rule's statistic over `window`, read from the raw tables with the same
 * truth as the read API: the last report per metric instance and per run,
 * weighted by 1 / sample_rate (collector/analysis/vitals-truth.ts).
 */
export const measure = (db: Database, rule: AlertRule, window: Window): Promise<Measurement> => {
  switch (rule.statistic) {
    case 'p75':
    case 'p95':
    case 'poorShare':
      return measureVital(db, rule, window);
    case 'cwvPassShare':
      return measurePassShare(db, rule, window);
    default:
      return measureWorkflow(db, rule, window);
  }
};

const measureVital = async (db: Database, rule: AlertRule, window: Window): Promise<Measurement> => {
  const latest = latestReports(filtersFor(rule, window), { metrics: [rule.metric!] });
  const [row] = await db.query<{ samples: number; q: number[]; poor: number }>(
    `SELECT count() AS samples, ${percentilesSql([0.75, 0.95])} AS q, sumIf(weight, rating = 'poor') / sum(weight) AS poor
    FROM (${latest.sql}) WHERE ${inWindow('time')}`,
    { ...latest.params, ...windowParams(window) },
  );
  const samples = Number(row?.samples ?? 0);
  if (samples === 0) return { value: null, samples };
  const value = rule.statistic === 'p75' ? row!.q[0]! : rule.statistic === 'p95' ? row!.q[1]! : row!.poor;
  return { value, samples };
};

/** Share of page views (weighted) whose every reported LCP, INP and CLS is good, as vitals/summary counts it. */
const measurePassShare = async (db: Database, rule: AlertRule, window: Window): Promise<Measurement> => {
  const latest = latestReports(filtersFor(rule, window), { metrics: CORE_METRICS });
  const [row] = await db.query<{ page_views: number; weighted: number; passing: number }>(
    `SELECT count() AS page_views, sum(w) AS weighted, sumIf(w, bad = 0) AS passing
    FROM (SELECT page_id, max(weight) AS w, countIf(rating != 'good') AS bad FROM (${latest.sql}) WHERE ${inWindow('time')} GROUP BY page_id)`,
    { ...latest.params, ...windowParams(window) },
  );
  const samples = Number(row?.page_views ?? 0);
  return samples === 0 ? { value: null, samples } : { value: row!.passing / row!.weighted, samples };
};

/** Which rate of {@link OUTCOME_RATES_SQL} each workflow statistic is. */
const RATE = { completionRate: 'completion', errorRate: 'error', abandonmentRate: 'abandonment' } as const;

/**
 * Share of runs (weighted) with the statistic's outcome, over the runs the
 * workflow answers count (collector/analysis/workflow-truth.ts: the last
 * record per run wins; sealed days read from the summaries' deduplicated
 * runs). Runs count in the window where they were first reported.
 */
const measureWorkflow = async (db: Database, rule: AlertRule, window: Window): Promise<Measurement> => {
  const filters = filtersFor(rule, window);
  // A baseline window (7 days by default) is mostly past days, whose runs the summary builder has deduplicated already.
  const runs = latestRuns(filters, { workflow: rule.workflow!, sealed: await sealedDays(db, filters, 'workflow_runs') });
  const [row] = await db.query<{ samples: number; completion: number; error: number; abandonment: number }>(
    `SELECT count() AS samples, ${OUTCOME_RATES_SQL} FROM (${runs.sql}) WHERE ${inWindow('time')}`,
    { ...runs.params, ...windowParams(window) },
  );
  const samples = Number(row?.samples ?? 0);
  return samples === 0 ? { value: null, samples } : { value: row![RATE[rule.statistic as keyof typeof RATE]], samples };
};
