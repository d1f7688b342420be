import { attrsSql, filterSql } from './filter-sql.js';
import type { Filters } from './filters.js';
import type { SummaryPlan } from './summary-plan.js';

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

/** The range's sealed days of a source (summary-plan.ts sealedDays). */
type Sealed = Pick<SummaryPlan, 'sealed' | 'open'>;

export interface RunsOptions {
  /** Only this workflow (bound as a parameter). */
  workflow?: string;
  /** Extra columns of the latest record, fixed by the caller, never from input. */
  columns?: readonly string[];
  /** Parameter-name prefix, so two selections can share one statement. */
  prefix?: string;
  /**
   * The range's days sealed for `workflow_runs`: their runs are read from
   * workflow_run_instances, already deduplicated, and only the other days
   * are grouped by run here.
   */
  sealed?: Sealed;
  /** Only these UTC days (YYYY-MM-DD) of the range, from raw rows: the days no day summary covers. */
  days?: readonly string[];
  /** Keep self-named bots even without a device class filter (the builder's copy of the truth). */
  withBots?: boolean;
}

/** The days to group raw rows of (`only`, when given), and the sealed days' instances to read instead (none without `sealed`). */
const splitDays = (sealed: Sealed | undefined, only?: readonly string[]) => {
  const days = sealed?.sealed ?? [];
  return { days, rawDays: only ?? (days.length > 0 ? sealed!.open : undefined) };
};

const sealedParams = (prefix: string, days: Sealed['sealed'], rawDays: readonly string[] | undefined) => ({
  ...(rawDays ? { [`${prefix}days`]: [...rawDays] } : {}),
  ...(days.length > 0 ? { [`${prefix}sealed_days`]: days.map((s) => s.day), [`${prefix}sealed_builds`]: days.map((s) => s.build) } : {}),
});

/** The raw part and the instances' part as one selection: either may be left out. */
const unionOf = (raw: string, instances: string, days: Sealed['sealed'], rawDays: readonly string[] | undefined): string => {
  const parts = rawDays?.length === 0 ? [] : [raw];
  if (days.length > 0) parts.unshift(instances);
  return parts.length === 1 ? parts[0]! : parts.map((part) => `(${part})`).join('\n  UNION ALL\n  ');
};

/**
 * One row per workflow run: the record received last wins, so a provisional
 * record sent at page hide is replaced by the final one. `weight` =
 * 1 / sample_rate; `time` = when the run was first reported. A run's
 * attributes are those of its last record, so attribute filters apply after
 * the deduplication: a provisional record with attributes the run later
 * changed never counts.
 */
export const latestRuns = (filters: Filters, options: RunsOptions = {}): { sql: string; params: Record<string, unknown> } => {
  const prefix = options.prefix ?? 'f_';
  const bots = { prefix, excludeBots: options.withBots !== true };
  const { attrs, ...envelope } = filters;
  const filtered = filterSql(filters, bots);
  const { where } = filterSql(envelope, bots);
  const attrFilter = attrsSql(attrs, { prefix, column: 'last_attrs' });
  const extra = options.columns ?? [];
  const names = ['outcome', 'duration', 'perceived', 'error', 'session_id', ...extra, ...(attrFilter.where && !extra.includes('attrs') ? ['attrs'] : [])];
  // A Nullable argument would make argMax skip NULLs, letting a provisional perceived outlive the final record's NULL: wrapped in a tuple it is kept.
  const latest = names.map((column) =>
    column === 'perceived' ? `argMax(tuple(perceived), (received_at, time)).1 AS last_perceived` : `argMax(${column}, (received_at, time)) AS last_${column}`,
  );
  const workflowFilter = options.workflow === undefined ? '' : ` AND workflow = {${prefix}workflow:String}`;
  const { days, rawDays } = splitDays(options.sealed, options.days);
  const raw = `SELECT workflow, run_id, ${names.map((column) => `last_${column} AS ${column}`).join(', ')}, last_weight AS weight, first_time AS time
  FROM (
    SELECT workflow, run_id, ${latest.join(', ')},
      1 / argMax(sample_rate, (received_at, time)) AS last_weight, min(time) AS first_time
    FROM workflow_runs
    WHERE ${where}${workflowFilter}${rawDays ? ` AND toDate(time) IN {${prefix}days:Array(Date)}` : ''}
    GROUP BY workflow, run_id
  )${attrFilter.where ? `\n  WHERE ${attrFilter.where}` : ''}`;
  const instances = `SELECT workflow, run_id, ${names.join(', ')}, weight, time FROM workflow_run_instances
    WHERE ${filtered.where}${workflowFilter} AND day IN {${prefix}sealed_days:Array(Date)} AND build IN {${prefix}sealed_builds:Array(UInt64)}`;
  return {
    sql: unionOf(raw, instances, days, rawDays),
    params: {
      ...filtered.params,
      ...(options.workflow === undefined ? {} : { [`${prefix}workflow`]: options.workflow }),
      ...sealedParams(prefix, days, rawDays),
    },
  };
};

export interface StepsOptions {
  /** Only this workflow (bound as a parameter). */
  workflow?: string;
  /** Extra columns of the latest report, fixed by the caller, never from input. */
  columns?: readonly string[];
  /** The range's days sealed for `workflow_steps`: their steps are read from workflow_step_instances. */
  sealed?: Sealed;
  /** The range's days sealed for `workflow_runs`: the runs that attribute filters select are read with them. */
  runsSealed?: Sealed;
  /** Keep self-named bots even without a device class filter (the builder's copy of the truth). */
  withBots?: boolean;
}

/**
 * One row per (run, step index), last report wins; `time` = when the step
 * was first reported. Steps carry no workflow attributes, so with `attrs`
 * filters they are limited to the runs {@link latestRuns} selects.
 */
export const latestSteps = (filters: Filters, options: StepsOptions = {}): { sql: string; params: Record<string, unknown> } => {
  const { attrs, ...envelope } = filters;
  const { where, params } = filterSql(envelope, { prefix: 's_', excludeBots: options.withBots !== true });
  let runFilter = '';
  let runParams: Record<string, unknown> = {};
  if (attrs && Object.keys(attrs).length > 0) {
    const runs = latestRuns(filters, { prefix: 'r_', ...(options.workflow === undefined ? {} : { workflow: options.workflow }), sealed: options.runsSealed });
    runFilter = ` AND run_id IN (SELECT run_id FROM (${runs.sql}))`;
    runParams = runs.params;
  }
  const names = ['step', 'duration', ...(options.columns ?? [])];
  const workflowFilter = options.workflow === undefined ? '' : ` AND workflow = {s_workflow:String}`;
  const { days, rawDays } = splitDays(options.sealed);
  const raw = `SELECT workflow, run_id, step_index, ${names.map((column) => `last_${column} AS ${column}`).join(', ')}, last_weight AS weight, first_time AS time
  FROM (
    SELECT workflow, run_id, step_index, ${names.map((column) => `argMax(${column}, (received_at, time)) AS last_${column}`).join(', ')},
      1 / argMax(sample_rate, (received_at, time)) AS last_weight, min(time) AS first_time
    FROM workflow_steps
    WHERE ${where}${workflowFilter}${rawDays ? ' AND toDate(time) IN {s_days:Array(Date)}' : ''}${runFilter}
    GROUP BY workflow, run_id, step_index
  )`;
  const instances = `SELECT workflow, run_id, step_index, ${names.join(', ')}, weight, time FROM workflow_step_instances
    WHERE ${where}${workflowFilter} AND day IN {s_sealed_days:Array(Date)} AND build IN {s_sealed_builds:Array(UInt64)}${runFilter}`;
  return {
    sql: unionOf(raw, instances, days, rawDays),
    params: {
      ...params,
      ...runParams,
      ...(options.workflow === undefined ? {} : { s_workflow: options.workflow }),
      ...sealedParams('s_', days, rawDays),
    },
  };
};
