import type { MetricName } from '../../schema/events.js';
import type { Database } from '../db/types.js';
import type { Filters } from './filters.js';
import type { Histogram } from './statistics/histogram.js';
import { planParams, planWhere, type SummaryPlan } from './summary-plan.js';
import { histogramSql, SKETCH_STATE_SQL } from './vitals-sketch.js';
import { latestReports } from './vitals-truth.js';
import { latestRuns } from './workflow-truth.js';

/**
 * The histograms releases/compare reads: per metric, release and route, and
 * per workflow and release, for two releases. Sealed days come from the day
 * summaries (vitals_days rows of dim 'release_route', workflow_release_days),
 * open days from the same aggregates of the raw truth, so a day reads the
 * same histogram whichever way it is read. With an envelope filter the
 * summaries cannot answer (they hold every instance of a release); then the
 * histograms are made from the deduplicated instances of sealed days and the
 * raw truth of the others.
 */

/** The vitals_days dimension of the grain a comparison asks: value = release, NUL, route. */
export const RELEASE_ROUTE_DIM = 'release_route';
/** SQL of the dimension's value over rows with release and route columns. */
export const RELEASE_ROUTE_VALUE_SQL = `concat(toString(release), '\\0', toString(route))`;

/** SQL of the histogram of the perceived durations of runs (columns perceived, weight). */
export const PERCEIVED_HISTOGRAM_SQL = histogramSql('assumeNotNull(perceived)', undefined, 'isNotNull(perceived)');

type Sealed = Pick<SummaryPlan, 'sealed' | 'open'>;

/** A side's figures: instances (unweighted), weighted count and rating weights, histogram of weights. */
export interface SideSketch {
  samples: number;
  count: number;
  good: number;
  poor: number;
  hist: Histogram;
}

export interface RouteSketch {
  metric: MetricName;
  release: string;
  route: string;
  sketch: SideSketch;
}

export interface WorkflowSketch {
  workflow: string;
  release: string;
  /** Runs (instances), weighted runs, completed runs (both ways). */
  runs: number;
  weight: number;
  ok: number;
  okWeight: number;
  /** Runs with a perceived duration, and their histogram. */
  perceived: number;
  hist: Histogram;
}

/** Summaries hold every instance of a release: no envelope filter (release aside, the comparison's own) may narrow it. */
export const summariesAnswer = (filters: Filters): boolean =>
  (['env', 'route', 'deviceClass', 'browser', 'os', 'connection', 'country'] as const).every((key) => filters[key] === undefined) &&
  Object.keys(filters.attrs ?? {}).length === 0;

/** sumMap gives its keys in ascending order, as a Histogram holds them. */
const histogramOf = (buckets: number[], weights: number[]): Histogram => ({ buckets, weights });

interface VitalsRow {
  metric: MetricName;
  key: string;
  samples: number | string;
  count: number;
  good: number;
  poor: number;
  buckets: number[];
  weights: number[];
}

/**
 * Per metric, release (a or b) and route. `fromSummaries`: sealed days read
 * from vitals_days, else from their deduplicated instances.
 */
export const releaseRouteSketches = async (
  db: Database,
  filters: Filters,
  sealed: Sealed,
  releases: { a: string; b: string },
  fromSummaries: boolean,
): Promise<RouteSketch[]> => {
  const envelope = { ...filters, release: undefined };
  const parts: string[] = [];
  let params: Record<string, unknown> = { c_a: releases.a, c_b: releases.b };
  if (fromSummaries && sealed.sealed.length > 0) {
    const plan: SummaryPlan = { dim: RELEASE_ROUTE_DIM, value: null, ...sealed, incremental: [] };
    parts.push(`SELECT metric, value AS key, samples AS s_samples, count AS s_count, good AS s_good, poor AS s_poor, hist AS s_hist
      FROM vitals_days WHERE ${planWhere(plan)} AND (startsWith(value, concat({c_a:String}, '\\0')) OR startsWith(value, concat({c_b:String}, '\\0')))`);
    params = { ...params, ...planParams(filters, plan) };
  }
  const rawDays = fromSummaries ? sealed.open : undefined;
  if (rawDays === undefined || rawDays.length > 0) {
    // An instance's release is that of its page view, so filtering after the deduplication keeps the same instances.
    const latest = latestReports(envelope, { columns: ['release', 'route'], ...(rawDays ? { days: rawDays } : { sealed }) });
    parts.push(`SELECT metric, ${RELEASE_ROUTE_VALUE_SQL} AS key, count() AS s_samples, sum(weight) AS s_count,
      sumIf(weight, rating = 'good') AS s_good, sumIf(weight, rating = 'poor') AS s_poor, ${SKETCH_STATE_SQL} AS s_hist
      FROM (${latest.sql}) WHERE release IN ({c_a:String}, {c_b:String}) GROUP BY metric, key`);
    params = { ...params, ...latest.params };
  }
  if (parts.length === 0) return [];
  const rows = await db.query<VitalsRow>(
    `SELECT metric, key, sum(s_samples) AS samples, sum(s_count) AS count, sum(s_good) AS good, sum(s_poor) AS poor,
      mapKeys(sumMap(s_hist)) AS buckets, arrayMap(w -> toFloat64(w), mapValues(sumMap(s_hist))) AS weights
    FROM (${parts.join('\nUNION ALL\n')}) GROUP BY metric, key`,
    params,
  );
  return rows.map((row) => {
    const cut = row.key.indexOf('\0');
    return {
      metric: row.metric,
      release: row.key.slice(0, cut),
      route: row.key.slice(cut + 1),
      sketch: { samples: Number(row.samples), count: row.count, good: row.good, poor: row.poor, hist: histogramOf(row.buckets, row.weights) },
    };
  });
};

interface WorkflowRow {
  workflow: string;
  release: string;
  runs: number | string;
  weight: number;
  ok: number | string;
  ok_weight: number;
  perceived: number | string;
  buckets: number[];
  weights: number[];
}

/** Per workflow and release (a or b). `fromSummaries`: sealed days read from workflow_release_days, else from their run instances. */
export const workflowSketches = async (
  db: Database,
  filters: Filters,
  sealed: Sealed,
  releases: { a: string; b: string },
  fromSummaries: boolean,
): Promise<WorkflowSketch[]> => {
  const parts: string[] = [];
  let params: Record<string, unknown> = { c_a: releases.a, c_b: releases.b };
  if (fromSummaries && sealed.sealed.length > 0) {
    parts.push(`SELECT workflow, release, runs AS s_runs, weight AS s_weight, ok AS s_ok, ok_weight AS s_ok_weight, perceived AS s_perceived, hist AS s_hist
      FROM workflow_release_days
      WHERE app = {c_app:String} AND day IN {c_days:Array(Date)} AND build IN {c_builds:Array(UInt64)} AND release IN ({c_a:String}, {c_b:String})`);
    params = { ...params, c_app: filters.app, c_days: sealed.sealed.map((s) => s.day), c_builds: sealed.sealed.map((s) => s.build) };
  }
  const rawDays = fromSummaries ? sealed.open : undefined;
  if (rawDays === undefined || rawDays.length > 0) {
    const runs = latestRuns({ ...filters, release: undefined }, { columns: ['release'], ...(rawDays ? { days: rawDays } : { sealed }) });
    parts.push(`SELECT workflow, toString(release) AS release, count() AS s_runs, sum(weight) AS s_weight, countIf(outcome = 'ok') AS s_ok,
      sumIf(weight, outcome = 'ok') AS s_ok_weight, countIf(isNotNull(perceived)) AS s_perceived, ${PERCEIVED_HISTOGRAM_SQL} AS s_hist
      FROM (${runs.sql}) WHERE release IN ({c_a:String}, {c_b:String}) GROUP BY workflow, release`);
    params = { ...params, ...runs.params };
  }
  if (parts.length === 0) return [];
  const rows = await db.query<WorkflowRow>(
    `SELECT workflow, release, sum(s_runs) AS runs, sum(s_weight) AS weight, sum(s_ok) AS ok, sum(s_ok_weight) AS ok_weight, sum(s_perceived) AS perceived,
      mapKeys(sumMap(s_hist)) AS buckets, arrayMap(w -> toFloat64(w), mapValues(sumMap(s_hist))) AS weights
    FROM (${parts.join('\nUNION ALL\n')}) GROUP BY workflow, release`,
    params,
  );
  return rows.map((row) => ({
    workflow: row.workflow,
    release: row.release,
    runs: Number(row.runs),
    weight: row.weight,
    ok: Number(row.ok),
    okWeight: row.ok_weight,
    perceived: Number(row.perceived),
    hist: histogramOf(row.buckets, row.weights),
  }));
};
