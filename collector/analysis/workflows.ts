import type { Database } from '../db/types.js';
import type { Filters } from './filters.js';
import { sealedDays, sealedDaysOf } from './summary-plan.js';
import { grainOf } from './vitals-series.js';
import { instancesNote } from './vitals-truth.js';
import { latestRuns, latestSteps, OUTCOME_RATES_SQL, weightedPercentiles, WORKFLOW_METHOD } from './workflow-truth.js';

export interface Percentiles {
  p50: number | null;
  p75: number | null;
  p95: number | null;
}

export interface WorkflowFigures {
  workflow: string;
  /** Runs, weighted by 1 / sample_rate. */
  runs: number;
  samples: number;
  /** Shares of runs by outcome; null without runs. */
  completion: number | null;
  error: number | null;
  abandonment: number | null;
  timeout: number | null;
  duration: Percentiles;
  /** Until the next paint after end(): the wait people feel. Runs without it (abandoned) are left out. */
  perceived: Percentiles;
}

interface FiguresRow {
  workflow: string;
  samples: number | string;
  count: number;
  completion: number | null;
  error: number | null;
  abandonment: number | null;
  timeout: number | null;
  d: number[];
  perceived_samples: number | string;
  p: number[];
}

/** Select list of the figures over rows of latestRuns; perceived percentiles only over runs that have it. */
const FIGURES_SQL = `count() AS samples, ${OUTCOME_RATES_SQL}, ${weightedPercentiles('duration')} AS d,
  countIf(isNotNull(perceived)) AS perceived_samples,
  quantilesExactWeightedIf(0.5, 0.75, 0.95)(assumeNotNull(perceived), toUInt64(round(1000 * weight)), isNotNull(perceived)) AS p`;

const round = (value: number, digits: number): number => Number(value.toFixed(digits));
const rate = (value: number | null): number | null => (value === null ? null : round(value, 4));
const percentiles = (q: number[] | undefined, samples: number): Percentiles =>
  samples === 0 || !q ? { p50: null, p75: null, p95: null } : { p50: round(q[0]!, 1), p75: round(q[1]!, 1), p95: round(q[2]!, 1) };

const NO_RUNS = { samples: 0, count: 0, completion: null, error: null, abandonment: null, timeout: null, d: [], perceived_samples: 0, p: [] };

const toFigures = (row: FiguresRow): WorkflowFigures => ({
  workflow: row.workflow,
  runs: round(row.count, 2),
  samples: Number(row.samples),
  completion: rate(row.completion),
  error: rate(row.error),
  abandonment: rate(row.abandonment),
  timeout: rate(row.timeout),
  duration: percentiles(row.d, Number(row.samples)),
  perceived: percentiles(row.p, Number(row.perceived_samples)),
});

/** Every workflow seen in the range: outcome rates and duration / perceived percentiles, most runs first. */
export const workflowsSummary = async (db: Database, filters: Filters) => {
  const sealed = await sealedDays(db, filters, 'workflow_runs');
  const runs = latestRuns(filters, { sealed });
  const rows = await db.query<FiguresRow>(`SELECT workflow, ${FIGURES_SQL} FROM (${runs.sql}) GROUP BY workflow ORDER BY count DESC, workflow`, runs.params);
  const workflows = rows.map(toFigures);
  return { data: { workflows }, rows: workflows.length, method: `${WORKFLOW_METHOD}${instancesNote(sealed)}` };
};

export interface StepFigures extends Percentiles {
  step: string;
  index: number;
  /** Runs that reached this step (weighted): the funnel. */
  reached: number;
  samples: number;
}

export interface WorkflowDetail extends WorkflowFigures {
  steps: StepFigures[];
  errors: { text: string; count: number }[];
  series: { t: string; runs: number; completion: number; perceivedP75: number | null }[];
  breakdown?: { by: string; groups: (WorkflowFigures & { key: string })[] };
}

/** Columns a workflow breakdown may group by (fixed; never from input). */
export const WORKFLOW_BREAKDOWN = {
  release: 'release',
  device_class: 'device_class',
  browser: 'browser',
  os: 'os',
  connection: 'connection',
  env: 'env',
  route: 'route',
} as const;
export type WorkflowBreakdownBy = keyof typeof WORKFLOW_BREAKDOWN;

/** How many error texts the answer lists. */
export const TOP_ERRORS = 10;

/** One row of the detail statement: each part fills the columns it needs. */
interface DetailRow {
  part: 'totals' | 'group' | 'step' | 'error' | 'series';
  key: string;
  idx: number;
  step: string;
  samples: number | string;
  count: number;
  errors: number;
  rates: number[];
  d: number[];
  perceived_samples: number | string;
  p: number[];
}

const figuresOf = (row: DetailRow, workflow: string): FiguresRow => ({
  workflow,
  samples: row.samples,
  count: row.count,
  completion: row.rates[0]!,
  error: row.rates[1]!,
  abandonment: row.rates[2]!,
  timeout: row.rates[3]!,
  d: row.d,
  perceived_samples: row.perceived_samples,
  p: row.p,
});

/**
 * The runs' parts of the detail statement in one pass over the runs (so the
 * raw runs of open days are grouped once): the totals, one row per series
 * bucket, per error text (its error runs; the top TOP_ERRORS) and per value
 * of the breakdown column, as GROUPING SETS.
 */
const runsPartsSql = (runs: string, bucket: string, by: string | undefined): string => `SELECT part, key, toUInt16(0) AS idx, '' AS step,
    samples, count, errors, rates, d, perceived_samples, p
  FROM (
    SELECT multiIf(grouping(t) = 0, 'series', grouping(error) = 0, 'error', ${by ? "grouping(g) = 0, 'group', " : ''}'totals') AS part,
      multiIf(part = 'series', t, part = 'error', error, ${by ? "part = 'group', g, " : ''}'') AS key,
      count() AS samples, sum(weight) AS count, sumIf(weight, outcome = 'error') AS errors,
      [sumIf(weight, outcome = 'ok'), errors, sumIf(weight, outcome = 'abandoned'), sumIf(weight, outcome = 'timeout')] / count AS rates,
      ${weightedPercentiles('duration')} AS d, countIf(isNotNull(perceived)) AS perceived_samples,
      quantilesExactWeightedIf(0.5, 0.75, 0.95)(assumeNotNull(perceived), toUInt64(round(1000 * weight)), isNotNull(perceived)) AS p,
      row_number() OVER (PARTITION BY part ORDER BY errors DESC, key) AS error_rank
    FROM (SELECT *, formatDateTime(${bucket}, '%Y-%m-%dT%H:00:00Z', 'UTC') AS t${by ? `, toString(${by}) AS g` : ''} FROM (${runs}))
    GROUP BY GROUPING SETS ((), (t), (error)${by ? ', (g)' : ''})
  )
  WHERE part != 'error' OR (errors > 0 AND error_rank <= ${TOP_ERRORS})`;

/** The steps' part of the detail statement: per step index, the runs that reached it and its duration percentiles. */
const stepsPartSql = (steps: string): string => `SELECT 'step', '', step_index, anyHeavy(step), count(), sum(weight), 0, CAST([], 'Array(Float64)'),
    ${weightedPercentiles('duration')}, toUInt64(0), CAST([], 'Array(Float64)')
  FROM (${steps}) GROUP BY step_index`;

/** Code-unit order, as ClickHouse orders strings (by bytes) for every name the SDK sends. */
const byName = (a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0);

/**
 * One workflow: figures, per-step percentiles and funnel, top error texts,
 * series and an optional breakdown. A workflow without runs in the range
 * answers zero runs. Two statements: the sealed days of runs and steps, then
 * every part at once, since each statement on the reader connection costs a
 * few milliseconds however few rows it reads.
 */
export const workflowDetail = async (db: Database, filters: Filters, workflow: string, by?: WorkflowBreakdownBy) => {
  const columns = by ? [WORKFLOW_BREAKDOWN[by]] : [];
  const { workflow_runs: sealed, workflow_steps: stepsSealed } = await sealedDaysOf(db, filters, ['workflow_runs', 'workflow_steps']);
  const runs = latestRuns(filters, { workflow, columns, sealed });
  const steps = latestSteps(filters, { workflow, sealed: stepsSealed, runsSealed: sealed });
  const grain = grainOf(filters);
  const bucket = grain === 'hour' ? 'toStartOfHour(time)' : 'toStartOfDay(time)';
  const rows = await db.query<DetailRow>(`${runsPartsSql(runs.sql, bucket, by && WORKFLOW_BREAKDOWN[by])}\nUNION ALL\n${stepsPartSql(steps.sql)}`, {
    ...runs.params,
    ...steps.params,
  });
  const partOf = (part: DetailRow['part']) => rows.filter((row) => row.part === part);
  // An empty grouping set over no runs may still give a row: it has no samples.
  const totals = partOf('totals').find((row) => Number(row.samples) > 0);
  const data: WorkflowDetail = {
    ...toFigures(totals ? figuresOf(totals, workflow) : { ...NO_RUNS, workflow }),
    steps: partOf('step')
      .sort((a, b) => Number(a.idx) - Number(b.idx))
      .map((row) => ({
        step: row.step,
        index: Number(row.idx),
        reached: round(row.count, 2),
        samples: Number(row.samples),
        ...percentiles(row.d, Number(row.samples)),
      })),
    errors: partOf('error')
      .sort((a, b) => b.count - a.count || byName(a.key, b.key))
      .map((row) => ({ text: row.key, count: round(row.count, 2) })),
    series: partOf('series')
      .sort((a, b) => byName(a.key, b.key))
      .map((row) => ({
        t: row.key,
        runs: round(row.count, 2),
        completion: round(row.rates[0]!, 4),
        perceivedP75: Number(row.perceived_samples) === 0 ? null : round(row.p[0]!, 1),
      })),
    ...(by
      ? {
          breakdown: {
            by,
            groups: partOf('group')
              .sort((a, b) => b.count - a.count || byName(a.key, b.key))
              .map((row) => ({ key: row.key, ...toFigures(figuresOf(row, workflow)) })),
          },
        }
      : {}),
  };
  return {
    data,
    rows: 1 + data.steps.length + data.errors.length + data.series.length,
    method: `${WORKFLOW_METHOD}${instancesNote(sealed)}${stepsSealed.sealed.length > 0 ? `; steps${instancesNote(stepsSealed)}` : ''}; series by ${grain} (UTC) of a run's first report`,
  };
};
