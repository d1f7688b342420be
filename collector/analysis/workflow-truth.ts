import { filterSql } from './filter-sql.js';
import type { Filters } from './filters.js';

/**
 * The stated method of every workflow answer (docs/api.md). Percentiles use
 * the same weighting as the vitals answers: integer weights round(1000 / sample_rate).
 */
export const WORKFLOW_METHOD =
  'raw workflow tables; last report per run (run_id, latest received_at: the final record supersedes the provisional one sent at page hide) ' +
  'and per run step; nearest-rank percentiles weighted by 1/sample_rate (quantileExactWeighted, exact); counts and rates weighted by 1/sample_rate';

export const weightedPercentiles = (column: string, levels: readonly number[] = [0.5, 0.75, 0.95]): string =>
  `quantilesExactWeighted(${levels.join(', ')})(${column}, toUInt64(round(1000 * weight)))`;

/** Rates of the four outcomes over rows of {@link latestRuns}, weighted. */
export const OUTCOME_RATES_SQL = `sum(weight) AS count,
  sumIf(weight, outcome = 'ok') / sum(weight) AS completion,
  sumIf(weight, outcome = 'error') / sum(weight) AS error,
  sumIf(weight, outcome = 'abandoned') / sum(weight) AS abandonment,
  sumIf(weight, outcome = 'timeout') / sum(weight) AS timeout`;

export interface RunsOptions {
  /** Only this workflow (bound as a parameter). */
  workflow?: string;
  /** Extra columns of the latest record, fixed by the caller, never from input. */
  columns?: readonly string[];
  /** Parameter-name prefix, so two selections can share one statement. */
  prefix?: string;
}

/**
 * One row per workflow run: the record received last wins, so a provisional
 * record sent at page hide is replaced by the final one. `weight` =
 * 1 / sample_rate; `time` = when the run was first reported.
 */
export const latestRuns = (filters: Filters, options: RunsOptions = {}): { sql: string; params: Record<string, unknown> } => {
  const prefix = options.prefix ?? 'f_';
  const { where, params } = filterSql(filters, { prefix });
  const names = ['outcome', 'duration', 'perceived', 'error', 'session_id', ...(options.columns ?? [])];
  // A Nullable argument would make argMax skip NULLs, letting a provisional perceived outlive the final record's NULL: wrapped in a tuple it is kept.
  const latest = names.map((column) =>
    column === 'perceived' ? `argMax(tuple(perceived), (received_at, time)).1 AS last_perceived` : `argMax(${column}, (received_at, time)) AS last_${column}`,
  );
  const workflowFilter = options.workflow === undefined ? '' : ` AND workflow = {${prefix}workflow:String}`;
  const sql = `SELECT workflow, run_id, ${names.map((column) => `last_${column} AS ${column}`).join(', ')}, last_weight AS weight, first_time AS time
  FROM (
    SELECT workflow, run_id, ${latest.join(', ')},
      1 / argMax(sample_rate, (received_at, time)) AS last_weight, min(time) AS first_time
    FROM workflow_runs
    WHERE ${where}${workflowFilter}
    GROUP BY workflow, run_id
  )`;
  return { sql, params: options.workflow === undefined ? params : { ...params, [`${prefix}workflow`]: options.workflow } };
};

/**
 * One row per (run, step index), last report wins. Steps carry no workflow
 * attributes, so with `attrs` filters they are limited to runs that match.
 */
export const latestSteps = (filters: Filters, workflow: string): { sql: string; params: Record<string, unknown> } => {
  const { attrs, ...envelope } = filters;
  const { where, params } = filterSql(envelope, { prefix: 's_' });
  let runFilter = '';
  let runParams: Record<string, unknown> = {};
  if (attrs && Object.keys(attrs).length > 0) {
    const runs = filterSql(filters, { prefix: 'r_' });
    runFilter = ` AND run_id IN (SELECT run_id FROM workflow_runs WHERE ${runs.where} AND workflow = {s_workflow:String})`;
    runParams = runs.params;
  }
  const sql = `SELECT run_id, step_index,
      argMax(step, (received_at, time)) AS step, argMax(duration, (received_at, time)) AS duration,
      1 / argMax(sample_rate, (received_at, time)) AS weight
    FROM workflow_steps
    WHERE ${where} AND workflow = {s_workflow:String}${runFilter}
    GROUP BY run_id, step_index`;
  return { sql, params: { ...params, ...runParams, s_workflow: workflow } };
};
