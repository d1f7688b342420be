import type { MetricName } from '../../schema/events.js';
import type { ParamProblem } from '../api/params.js';
import type { Database } from '../db/types.js';
import { perceptError } from '../errors.js';
import type { Filters } from './filters.js';
import { releaseRouteSketches, summariesAnswer, workflowSketches, type RouteSketch, type SideSketch, type WorkflowSketch } from './release-sketch.js';
import { releasesSeen } from './releases.js';
import { adjust, type Correction } from './statistics/correction.js';
import { histogramQuantiles, mannWhitneyU, mergeHistograms, rescaled, type Histogram } from './statistics/histogram.js';
import { quantileDifference, SPARSITY_LEVELS } from './statistics/quantile-difference.js';
import { twoProportionTest } from './statistics/two-proportion.js';
import { verdictOf, type Verdict } from './statistics/verdict.js';
import { sealedDays, type SummaryPlan } from './summary-plan.js';
import { bucketValue, sketchScale } from './vitals-sketch.js';
import { instancesNote } from './vitals-truth.js';

type Sealed = Pick<SummaryPlan, 'sealed' | 'open'>;

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
  'last report per metric instance / run, each side from the sparse histograms the day summaries keep (1 ms buckets below 1,023.5 ms, ' +
  '0.5 % above; CLS × 1000), days no summary covers bucketed alike from the raw truth; timings: two-sided Mann–Whitney U on the ' +
  'histograms (values in one bucket are ties, ranked at their midrank; tie-corrected variance, normal approximation with continuity ' +
  "correction, as ClickHouse's mannWhitneyUTest: equal to it on the raw samples when no bucket holds two distinct values), each side's " +
  'bucket weights rescaled to its unweighted sample count (exact when the app keeps one sample rate); p75 (weighted nearest rank of the ' +
  'histogram: within 0.5 ms, or 0.25 %, of the exact p75; CLS 0.0005) and its difference a − b with a normal-approximation confidence ' +
  'interval (standard error of each p75 from the 70th–80th percentile spread, Siddiqui); rating shares weighted by 1/sample_rate, exact; ' +
  'completion: two-proportion z-test on run counts; p-values corrected across every test of the answer';

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

/** One scope of a metric (all routes, or one route): each side's merged sketch. */
interface Scope {
  metric: MetricName;
  /** null: all routes. */
  route: string | null;
  a: Side;
  b: Side;
}

interface Side {
  samples: number;
  count: number;
  good: number;
  poor: number;
  /** The histograms to add up: one per route (a route scope has one). */
  parts: Histogram[];
}

const emptySide = (): Side => ({ samples: 0, count: 0, good: 0, poor: 0, parts: [] });

const addSide = (into: Side, from: SideSketch): void => {
  into.samples += from.samples;
  into.count += from.count;
  into.good += from.good;
  into.poor += from.poor;
  into.parts.push(from.hist);
};

const byText = (x: string, y: string) => (x < y ? -1 : x > y ? 1 : 0);

/** Per metric, the scope of all routes first, then each route, in text order (as the answer lists them). */
const scopesOf = (sketches: readonly RouteSketch[], a: string): Scope[] => {
  const scopes = new Map<string, Scope>();
  const scopeOf = (metric: MetricName, route: string | null) => {
    const id = route === null ? metric : `${metric}\u0000${route}`;
    let scope = scopes.get(id);
    if (!scope) scopes.set(id, (scope = { metric, route, a: emptySide(), b: emptySide() }));
    return scope;
  };
  for (const sketch of sketches) {
    for (const scope of [scopeOf(sketch.metric, null), scopeOf(sketch.metric, sketch.route)]) {
      addSide(sketch.release === a ? scope.a : scope.b, sketch.sketch);
    }
  }
  return [...scopes.values()].sort((x, y) => byText(x.metric, y.metric) || (x.route === null ? -1 : y.route === null ? 1 : byText(x.route, y.route)));
};

/** p75 and its sparsity bracket from a histogram, in the metric's units; null when empty. */
const sparsityOf = (hist: Histogram, scale: number): number[] | null => histogramQuantiles(hist, SPARSITY_LEVELS, (bucket) => bucketValue(bucket) / scale);

/** The rank test of two sides, each histogram rescaled to its unweighted sample count. */
const rankTest = (a: { samples: number; hist: Histogram }, b: { samples: number; hist: Histogram }): number | null =>
  mannWhitneyU(rescaled(a.hist, a.samples), rescaled(b.hist, b.samples))?.p ?? null;

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
  const releases = { a: options.a, b };
  const fromSummaries = summariesAnswer(filters);
  const [sealed, runsSealed] = await Promise.all([sealedDays(db, filters, 'vitals'), sealedDays(db, filters, 'workflow_runs')]);
  const [sketches, workflowRows] = await Promise.all([
    releaseRouteSketches(db, filters, sealed, releases, fromSummaries),
    workflowSketches(db, filters, runsSealed, releases, fromSummaries),
  ]);
  const enough = (scope: Scope) => scope.a.samples >= options.minSamples && scope.b.samples >= options.minSamples;

  // One family: every test this answer reports, so the stated error rate holds for the answer as a whole.
  const family: { p: number; set: (adjusted: number) => void }[] = [];
  const metrics: MetricComparison[] = scopesOf(sketches, options.a).map((scope) => {
    const digits = scope.metric === 'CLS' ? 4 : 1;
    const scale = Number(sketchScale(scope.metric));
    const [na, nb] = [scope.a.samples, scope.b.samples];
    const sided = na > 0 && nb > 0;
    const [histA, histB] = [mergeHistograms(scope.a.parts), mergeHistograms(scope.b.parts)];
    const qa = sparsityOf(histA, scale);
    const qb = sparsityOf(histB, scale);
    const difference = qa && qb ? quantileDifference({ samples: na, q: qa }, { samples: nb, q: qb }) : null;
    const p = enough(scope) ? rankTest({ samples: na, hist: histA }, { samples: nb, hist: histB }) : null;
    const comparison: MetricComparison = {
      metric: scope.metric,
      scope: scope.route ?? 'all',
      a: { samples: na, p75: qa ? round(qa[1]!, digits) : null },
      b: { samples: nb, p75: qb ? round(qb[1]!, digits) : null },
      diff: difference ? round(difference.diff, digits) : null,
      ci: difference ? [round(difference.ci[0], digits), round(difference.ci[1], digits)] : null,
      ratingShareDiff: sided
        ? {
            good: round(scope.a.good / scope.a.count - scope.b.good / scope.b.count, 4),
            poor: round(scope.a.poor / scope.a.count - scope.b.poor / scope.b.count, 4),
          }
        : { good: null, poor: null },
      test: 'mann-whitney',
      p: p === null ? null : round(p, 6),
      pAdjusted: null,
      verdict: 'not enough data',
    };
    if (p !== null) family.push({ p, set: (adjusted) => (comparison.pAdjusted = round(adjusted, 6)) });
    return comparison;
  });
  const workflows = compareWorkflows(workflowRows, options.a, options.minSamples);
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
  return { data, rows: metrics.length + workflows.length, method: `${COMPARE_METHOD}${sourceNote(sealed, runsSealed, fromSummaries)}` };
};

/** Where the sealed days were read from, for `meta.method`. */
const sourceNote = (sealed: Sealed, runsSealed: Sealed, fromSummaries: boolean): string => {
  const days = (of: Sealed) => `${of.sealed.length} of ${of.sealed.length + of.open.length} days`;
  if (fromSummaries) return ` (vitals: ${days(sealed)} from summaries; workflow runs: ${days(runsSealed)} from summaries)`;
  return `${instancesNote(sealed)}${runsSealed.sealed.length > 0 ? `; workflow runs${instancesNote(runsSealed)}` : ''}`;
};

/** Worse perceived time or worse completion makes a regression; improved only when neither got worse. */
const workflowVerdict = (workflow: WorkflowComparison, alpha: number): Verdict => {
  const timing = verdictOf(workflow.p !== null, workflow.pAdjusted, alpha, Math.sign(workflow.diff ?? 0));
  const completion = verdictOf(workflow.completionP !== null, workflow.completionPAdjusted, alpha, -Math.sign(workflow.completionDiff ?? 0));
  const verdicts = [timing, completion];
  for (const verdict of ['regressed', 'improved', 'no change'] as const) if (verdicts.includes(verdict)) return verdict;
  return 'not enough data';
};

interface WorkflowSides {
  a?: WorkflowSketch;
  b?: WorkflowSketch;
}

const compareWorkflows = (sketches: readonly WorkflowSketch[], a: string, minSamples: number): WorkflowComparison[] => {
  const byWorkflow = new Map<string, WorkflowSides>();
  for (const sketch of sketches) {
    const sides = byWorkflow.get(sketch.workflow) ?? {};
    sides[sketch.release === a ? 'a' : 'b'] = sketch;
    byWorkflow.set(sketch.workflow, sides);
  }
  return [...byWorkflow.entries()]
    .sort(([x], [y]) => byText(x, y))
    .map(([workflow, sides]) => {
      const [sa, sb] = [sides.a, sides.b];
      const [na, nb, pa, pb] = [sa?.runs ?? 0, sb?.runs ?? 0, sa?.perceived ?? 0, sb?.perceived ?? 0];
      const qa = pa > 0 ? histogramQuantiles(sa!.hist, SPARSITY_LEVELS, bucketValue) : null;
      const qb = pb > 0 ? histogramQuantiles(sb!.hist, SPARSITY_LEVELS, bucketValue) : null;
      const difference = qa && qb ? quantileDifference({ samples: pa, q: qa }, { samples: pb, q: qb }) : null;
      const proportion = na >= minSamples && nb >= minSamples ? twoProportionTest(sa!.ok, na, sb!.ok, nb) : null;
      const p = pa >= minSamples && pb >= minSamples ? rankTest({ samples: pa, hist: sa!.hist }, { samples: pb, hist: sb!.hist }) : null;
      const completionOf = (side: WorkflowSketch | undefined) => (side && side.runs > 0 ? side.okWeight / side.weight : null);
      const [completionA, completionB] = [completionOf(sa), completionOf(sb)];
      const side = (sketch: WorkflowSketch | undefined, q: number[] | null, completion: number | null): WorkflowSide => ({
        runs: round(sketch?.weight ?? 0, 2),
        samples: sketch?.runs ?? 0,
        perceivedP75: q ? round(q[1]!, 1) : null,
        completion: completion === null ? null : round(completion, 4),
      });
      return {
        workflow,
        a: side(sa, qa, completionA),
        b: side(sb, qb, completionB),
        diff: difference ? round(difference.diff, 1) : null,
        ci: difference ? [round(difference.ci[0], 1), round(difference.ci[1], 1)] : null,
        p: p === null ? null : round(p, 6),
        pAdjusted: null,
        completionDiff: completionA !== null && completionB !== null ? round(completionA - completionB, 4) : null,
        completionCi: proportion ? [round(proportion.ci[0], 4), round(proportion.ci[1], 4)] : null,
        completionP: proportion ? round(proportion.p, 6) : null,
        completionPAdjusted: null,
        verdict: 'not enough data',
      };
    });
};

const round = (value: number, digits: number): number => Number(value.toFixed(digits));
