import type { MetricName } from '../../schema/events.js';
import type { ParamProblem } from '../api/params.js';
import type { Database } from '../db/types.js';
import { perceptError } from '../errors.js';
import type { Filters } from './filters.js';
import { releasesSeen } from './releases.js';
import { sealedDays, type SummaryPlan } from './summary-plan.js';
import { adjust, type Correction } from './statistics/correction.js';
import { quantileDifference, SPARSITY_LEVELS } from './statistics/quantile-difference.js';
import { twoProportionTest } from './statistics/two-proportion.js';
import { verdictOf, type Verdict } from './statistics/verdict.js';
import { instancesNote, latestReports } from './vitals-truth.js';
import { latestRuns } from './workflow-truth.js';

export interface CompareOptions {
  a: string;
  /** Baseline; default: the release first seen before `a` in the range. */
  b?: string;
  alpha: number;
  correction: Correction;
  /** Fewest samples on each side for a test to be run. */
  minSamples: number;
}

export const DEFAULT_ALPHA = 0.05;
export const DEFAULT_MIN_SAMPLES = 50;

export const COMPARE_METHOD =
  'last report per metric instance / run; timings: two-sided Mann–Whitney U on the raw samples (ClickHouse mannWhitneyUTest, normal approximation ' +
  'with continuity correction); p75 difference a − b with a normal-approximation confidence interval (standard error of each p75 from the ' +
  '70th–80th percentile spread, Siddiqui); completion: two-proportion z-test; p-values corrected across every test of the answer; ' +
  'p75 and shares weighted by 1/sample_rate, tests on unweighted samples';

interface SideFigures {
  samples: number;
  p75: number | null;
}

export interface MetricComparison {
  metric: MetricName;
  /** 'all' or a route. */
  scope: string;
  a: SideFigures;
  b: SideFigures;
  diff: number | null;
  ci: [number, number] | null;
  ratingShareDiff: { good: number | null; poor: number | null };
  test: 'mann-whitney';
  p: number | null;
  pAdjusted: number | null;
  verdict: Verdict;
}

interface WorkflowSide {
  runs: number;
  samples: number;
  perceivedP75: number | null;
  completion: number | null;
}

export interface WorkflowComparison {
  workflow: string;
  a: WorkflowSide;
  b: WorkflowSide;
  /** Perceived p75 a − b. */
  diff: number | null;
  ci: [number, number] | null;
  p: number | null;
  pAdjusted: number | null;
  completionDiff: number | null;
  completionCi: [number, number] | null;
  completionP: number | null;
  completionPAdjusted: number | null;
  verdict: Verdict;
}

export interface Comparison {
  a: string;
  b: string;
  alpha: number;
  correction: Correction;
  minSamples: number;
  metrics: MetricComparison[];
  workflows: WorkflowComparison[];
}

interface GroupRow {
  metric: MetricName;
  route: string | null;
  na: number | string;
  nb: number | string;
  qa: number[];
  qb: number[];
  good_a: number;
  good_b: number;
  poor_a: number;
  poor_b: number;
}

/** Metric instances of releases a and b (last report wins), with `side` = 1 for a. */
const latestOfBoth = (filters: Filters, sealed: Pick<SummaryPlan, 'sealed' | 'open'>) => {
  // An instance's release is that of its page view, so filtering after the deduplication keeps the same instances.
  const latest = latestReports({ ...filters, release: undefined }, { columns: ['route', 'release'], sealed });
  const sql = `SELECT metric, route, value, rating, weight, release = {a:String} AS side
    FROM (${latest.sql}) WHERE release IN ({a:String}, {b:String})`;
  return { sql, params: latest.params };
};

const weighted = (levels: readonly number[], cond: string) => `quantilesExactWeightedIf(${levels.join(', ')})(value, toUInt64(round(1000 * weight)), ${cond})`;

const key = (metric: string, route: string | null) => `${metric}\u0000${route ?? ''}`;

const badRelease = (field: 'a' | 'b', message: string) => {
  const problem: ParamProblem = { field, path: field, message };
  return perceptError('bad_filter', { message: `Invalid query: ${field} ${message}.`, problems: [problem] });
};

/** The baseline: `b` when given, else the release first seen before `a`. */
const baselineOf = async (db: Database, filters: Filters, a: string, b: string | undefined): Promise<string> => {
  if (b !== undefined) return b;
  const { data } = await releasesSeen(db, { ...filters, release: undefined });
  const index = data.findIndex((release) => release.release === a);
  if (index === -1) {
    throw badRelease('a', `release ${JSON.stringify(a)} has no page views in this range: widen from/to, or check GET releases`);
  }
  const previous = data[index + 1];
  if (!previous) {
    throw badRelease('b', `no release was seen before ${JSON.stringify(a)} in this range: name the baseline with b=… or widen from/to`);
  }
  return previous.release;
};

/** Release a against baseline b: per metric (all routes and each route) and per workflow, with tested verdicts. */
export const compareReleases = async (db: Database, filters: Filters, options: CompareOptions): Promise<{ data: Comparison; rows: number; method: string }> => {
  const b = await baselineOf(db, filters, options.a, options.b);
  const [sealed, runsSealed] = await Promise.all([sealedDays(db, filters, 'vitals'), sealedDays(db, filters, 'workflow_runs')]);
  const both = latestOfBoth(filters, sealed);
  const params = { ...both.params, a: options.a, b };
  const groups = await db.query<GroupRow>(
    `SELECT metric, route, countIf(side) AS na, countIf(NOT side) AS nb,
      ${weighted(SPARSITY_LEVELS, 'side')} AS qa, ${weighted(SPARSITY_LEVELS, 'NOT side')} AS qb,
      sumIf(weight, side AND rating = 'good') / sumIf(weight, side) AS good_a, sumIf(weight, NOT side AND rating = 'good') / sumIf(weight, NOT side) AS good_b,
      sumIf(weight, side AND rating = 'poor') / sumIf(weight, side) AS poor_a, sumIf(weight, NOT side AND rating = 'poor') / sumIf(weight, NOT side) AS poor_b
    FROM (${both.sql})
    GROUP BY GROUPING SETS ((metric), (metric, route))
    ORDER BY metric, route NULLS FIRST
    SETTINGS group_by_use_nulls = 1`,
    params,
  );
  const enough = (row: GroupRow) => Number(row.na) >= options.minSamples && Number(row.nb) >= options.minSamples;
  const tested = groups.filter(enough);
  // mannWhitneyUTest refuses a group with an empty side, so it runs only on the groups that have enough samples on both.
  const pValues = new Map<string, number>();
  const wholeMetrics = tested.filter((row) => row.route === null).map((row) => row.metric);
  const routeKeys = tested.filter((row) => row.route !== null).map((row) => key(row.metric, row.route));
  const [wholeTests, routeTests] = await Promise.all([
    wholeMetrics.length === 0
      ? Promise.resolve([])
      : db.query<{ metric: string; p: number }>(
          `SELECT metric, mannWhitneyUTest('two-sided')(value, side).2 AS p FROM (${both.sql}) WHERE metric IN {metrics:Array(String)} GROUP BY metric`,
          { ...params, metrics: wholeMetrics },
        ),
    routeKeys.length === 0
      ? Promise.resolve([])
      : db.query<{ metric: string; route: string; p: number }>(
          `SELECT metric, route, mannWhitneyUTest('two-sided')(value, side).2 AS p FROM (${both.sql})
          WHERE concat(metric, '\\0', route) IN {keys:Array(String)} GROUP BY metric, route`,
          { ...params, keys: routeKeys },
        ),
  ]);
  for (const row of wholeTests) pValues.set(key(row.metric, null), row.p);
  for (const row of routeTests) pValues.set(key(row.metric, row.route), row.p);

  const workflows = await compareWorkflows(db, filters, options.a, b, options.minSamples, runsSealed);

  // One family: every test this answer reports, so the stated error rate holds for the answer as a whole.
  const family: { p: number; set: (adjusted: number) => void }[] = [];
  const metrics: MetricComparison[] = groups.map((row) => {
    const digits = row.metric === 'CLS' ? 4 : 1;
    const na = Number(row.na);
    const nb = Number(row.nb);
    const sided = na > 0 && nb > 0;
    const difference = sided ? quantileDifference({ samples: na, q: row.qa }, { samples: nb, q: row.qb }) : null;
    const p = pValues.get(key(row.metric, row.route)) ?? null;
    const comparison: MetricComparison = {
      metric: row.metric,
      scope: row.route ?? 'all',
      a: { samples: na, p75: na > 0 ? round(row.qa[1]!, digits) : null },
      b: { samples: nb, p75: nb > 0 ? round(row.qb[1]!, digits) : null },
      diff: difference ? round(difference.diff, digits) : null,
      ci: difference ? [round(difference.ci[0], digits), round(difference.ci[1], digits)] : null,
      ratingShareDiff: sided ? { good: round(row.good_a - row.good_b, 4), poor: round(row.poor_a - row.poor_b, 4) } : { good: null, poor: null },
      test: 'mann-whitney',
      p: p === null ? null : round(p, 6),
      pAdjusted: null,
      verdict: 'not enough data',
    };
    if (p !== null) family.push({ p, set: (adjusted) => (comparison.pAdjusted = round(adjusted, 6)) });
    return comparison;
  });
  for (const workflow of workflows) {
    if (workflow.p !== null) family.push({ p: workflow.p, set: (adjusted) => (workflow.pAdjusted = round(adjusted, 6)) });
    if (workflow.completionP !== null) family.push({ p: workflow.completionP, set: (adjusted) => (workflow.completionPAdjusted = round(adjusted, 6)) });
  }
  adjust(
    family.map((test) => test.p),
    options.correction,
  ).forEach((adjusted, i) => family[i]!.set(adjusted));

  for (const metric of metrics) metric.verdict = verdictOf(metric.p !== null, metric.pAdjusted, options.alpha, Math.sign(metric.diff ?? 0));
  for (const workflow of workflows) workflow.verdict = workflowVerdict(workflow, options.alpha);

  const data: Comparison = { a: options.a, b, alpha: options.alpha, correction: options.correction, minSamples: options.minSamples, metrics, workflows };
  return {
    data,
    rows: metrics.length + workflows.length,
    method: `${COMPARE_METHOD}${instancesNote(sealed)}${runsSealed.sealed.length > 0 ? `; workflow runs${instancesNote(runsSealed)}` : ''}`,
  };
};

/** Worse perceived time or worse completion makes a regression; improved only when neither got worse. */
const workflowVerdict = (workflow: WorkflowComparison, alpha: number): Verdict => {
  const timing = verdictOf(workflow.p !== null, workflow.pAdjusted, alpha, Math.sign(workflow.diff ?? 0));
  const completion = verdictOf(workflow.completionP !== null, workflow.completionPAdjusted, alpha, -Math.sign(workflow.completionDiff ?? 0));
  const verdicts = [timing, completion];
  for (const verdict of ['regressed', 'improved', 'no change'] as const) if (verdicts.includes(verdict)) return verdict;
  return 'not enough data';
};

interface WorkflowRow {
  workflow: string;
  na: number | string;
  nb: number | string;
  runs_a: number;
  runs_b: number;
  ok_a: number | string;
  ok_b: number | string;
  completion_a: number;
  completion_b: number;
  pa: number | string;
  pb: number | string;
  qa: number[];
  qb: number[];
}

const compareWorkflows = async (
  db: Database,
  filters: Filters,
  a: string,
  b: string,
  minSamples: number,
  sealed: Pick<SummaryPlan, 'sealed' | 'open'>,
): Promise<WorkflowComparison[]> => {
  const runs = latestRuns({ ...filters, release: undefined }, { columns: ['release'], sealed });
  const params = { ...runs.params, a, b };
  const sides = `SELECT *, release = {a:String} AS side FROM (${runs.sql}) WHERE release IN ({a:String}, {b:String})`;
  const perceivedIf = (cond: string) =>
    `quantilesExactWeightedIf(${SPARSITY_LEVELS.join(', ')})(assumeNotNull(perceived), toUInt64(round(1000 * weight)), ${cond} AND isNotNull(perceived))`;
  const rows = await db.query<WorkflowRow>(
    `SELECT workflow, countIf(side) AS na, countIf(NOT side) AS nb, sumIf(weight, side) AS runs_a, sumIf(weight, NOT side) AS runs_b,
      countIf(side AND outcome = 'ok') AS ok_a, countIf(NOT side AND outcome = 'ok') AS ok_b,
      sumIf(weight, side AND outcome = 'ok') / sumIf(weight, side) AS completion_a, sumIf(weight, NOT side AND outcome = 'ok') / sumIf(weight, NOT side) AS completion_b,
      countIf(side AND isNotNull(perceived)) AS pa, countIf(NOT side AND isNotNull(perceived)) AS pb,
      ${perceivedIf('side')} AS qa, ${perceivedIf('NOT side')} AS qb
    FROM (${sides}) GROUP BY workflow ORDER BY workflow`,
    params,
  );
  const timed = rows.filter((row) => Number(row.pa) >= minSamples && Number(row.pb) >= minSamples).map((row) => row.workflow);
  const tests =
    timed.length === 0
      ? []
      : await db.query<{ workflow: string; p: number }>(
          `SELECT workflow, mannWhitneyUTest('two-sided')(assumeNotNull(perceived), side).2 AS p FROM (${sides})
          WHERE isNotNull(perceived) AND workflow IN {workflows:Array(String)} GROUP BY workflow`,
          { ...params, workflows: timed },
        );
  const pOf = new Map(tests.map((row) => [row.workflow, row.p]));
  return rows.map((row) => {
    const [na, nb, pa, pb] = [Number(row.na), Number(row.nb), Number(row.pa), Number(row.pb)];
    const difference = pa > 0 && pb > 0 ? quantileDifference({ samples: pa, q: row.qa }, { samples: pb, q: row.qb }) : null;
    const proportion = na >= minSamples && nb >= minSamples ? twoProportionTest(Number(row.ok_a), na, Number(row.ok_b), nb) : null;
    const p = pOf.get(row.workflow) ?? null;
    const side = (n: number, runs: number, perceived: number, q: number[], completion: number): WorkflowSide => ({
      runs: round(runs, 2),
      samples: n,
      perceivedP75: perceived > 0 ? round(q[1]!, 1) : null,
      completion: n > 0 ? round(completion, 4) : null,
    });
    return {
      workflow: row.workflow,
      a: side(na, row.runs_a, pa, row.qa, row.completion_a),
      b: side(nb, row.runs_b, pb, row.qb, row.completion_b),
      diff: difference ? round(difference.diff, 1) : null,
      ci: difference ? [round(difference.ci[0], 1), round(difference.ci[1], 1)] : null,
      p: p === null ? null : round(p, 6),
      pAdjusted: null,
      completionDiff: na > 0 && nb > 0 ? round(row.completion_a - row.completion_b, 4) : null,
      completionCi: proportion ? [round(proportion.ci[0], 4), round(proportion.ci[1], 4)] : null,
      completionP: proportion ? round(proportion.p, 6) : null,
      completionPAdjusted: null,
      verdict: 'not enough data',
    };
  });
};

const round = (value: number, digits: number): number => Number(value.toFixed(digits));
