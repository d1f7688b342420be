import type { Database } from '../db/types.js';
import type { Filters } from './filters.js';
import { sealedDays } from './summary-plan.js';
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

/** One workflow: figures, per-step percentiles and funnel, top error texts, series and an optional breakdown. A workflow without runs in the range answers zero runs. */
export const workflowDetail = async (db: Database, filters: Filters, workflow: string, by?: WorkflowBreakdownBy) => {
  const columns = by ? [WORKFLOW_BREAKDOWN[by]] : [];
  const [sealed, stepsSealed] = await Promise.all([sealedDays(db, filters, 'workflow_runs'), sealedDays(db, filters, 'workflow_steps')]);
  const runs = latestRuns(filters, { workflow, columns, sealed });
  const steps = latestSteps(filters, { workflow, sealed: stepsSealed, runsSealed: sealed });
  const grain = grainOf(filters);
  const bucket = grain === 'hour' ? 'toStartOfHour(time)' : 'toStartOfDay(time)';
  const [[totals], stepRows, errorRows, seriesRows, groupRows] = await Promise.all([
    db.query<FiguresRow>(`SELECT workflow, ${FIGURES_SQL} FROM (${runs.sql}) GROUP BY workflow`, runs.params),
    db.query<{ step_index: number; step: string; reached: number; samples: number | string; q: number[] }>(
      `SELECT step_index, anyHeavy(step) AS step, sum(weight) AS reached, count() AS samples,
        quantilesExactWeighted(0.5, 0.75, 0.95)(duration, toUInt64(round(1000 * weight))) AS q
      FROM (${steps.sql}) GROUP BY step_index ORDER BY step_index`,
      steps.params,
    ),
    db.query<{ text: string; count: number }>(
      `SELECT error AS text, sum(weight) AS count FROM (${runs.sql}) WHERE outcome = 'error'
      GROUP BY text ORDER BY count DESC, text LIMIT ${TOP_ERRORS}`,
      runs.params,
    ),
    db.query<{ t: string; count: number; completion: number; p: number[]; perceived_samples: number | string }>(
      `SELECT formatDateTime(${bucket}, '%Y-%m-%dT%H:00:00Z', 'UTC') AS t, sum(weight) AS count,
        sumIf(weight, outcome = 'ok') / sum(weight) AS completion, countIf(isNotNull(perceived)) AS perceived_samples,
        quantilesExactWeightedIf(0.75)(assumeNotNull(perceived), toUInt64(round(1000 * weight)), isNotNull(perceived)) AS p
      FROM (${runs.sql}) GROUP BY t ORDER BY t`,
      runs.params,
    ),
    by
      ? db.query<FiguresRow & { key: string }>(
          `SELECT workflow, ${WORKFLOW_BREAKDOWN[by]} AS key, ${FIGURES_SQL} FROM (${runs.sql}) GROUP BY workflow, key ORDER BY count DESC, key`,
          runs.params,
        )
      : Promise.resolve([]),
  ]);
  const data: WorkflowDetail = {
    ...toFigures(totals ?? { ...NO_RUNS, workflow }),
    steps: stepRows.map((row) => ({
      step: row.step,
      index: Number(row.step_index),
      reached: round(row.reached, 2),
      samples: Number(row.samples),
      ...percentiles(row.q, Number(row.samples)),
    })),
    errors: errorRows.map((row) => ({ text: row.text, count: round(row.count, 2) })),
    series: seriesRows.map((row) => ({
      t: row.t,
      runs: round(row.count, 2),
      completion: round(row.completion, 4),
      perceivedP75: Number(row.perceived_samples) === 0 ? null : round(row.p[0]!, 1),
    })),
    ...(by ? { breakdown: { by, groups: groupRows.map((row) => ({ key: row.key, ...toFigures(row) })) } } : {}),
  };
  return {
    data,
    rows: 1 + data.steps.length + data.errors.length + data.series.length,
    method: `${WORKFLOW_METHOD}${instancesNote(sealed)}${stepsSealed.sealed.length > 0 ? `; steps${instancesNote(stepsSealed)}` : ''}; series by ${grain} (UTC) of a run's first report`,
  };
};
