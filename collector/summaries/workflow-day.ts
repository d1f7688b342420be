import { PERCEIVED_HISTOGRAM_SQL } from '../analysis/release-sketch.js';
import { latestRuns, latestSteps } from '../analysis/workflow-truth.js';
import type { Database } from '../db/types.js';
import { recordBuild, type DayBuild } from './record-build.js';

/** The envelope columns workflow answers filter and break down by. */
const ENVELOPE = ['env', 'release', 'route', 'device_class', 'browser', 'os', 'connection', 'country'];

const keysOf = ({ app, day, build }: DayBuild) => ({ b_app: app, b_day: day, b_build: build });

const countOf = async (db: Database, table: string, build: DayBuild): Promise<number> => {
  const [row] = await db.query<{ n: string }>(
    `SELECT count() AS n FROM ${table} WHERE app = {b_app:String} AND day = toDate({b_day:String}) AND build = {b_build:UInt64}`,
    keysOf(build),
  );
  return Number(row?.n ?? 0);
};

/**
 * Writes the runs of one app's day to workflow_run_instances from the raw
 * truth (latestRuns: the last record per run, bots kept), with the last
 * record's retention so an instance expires with its raw rows, and per
 * workflow and release to workflow_release_days (releases/compare), then
 * records the build. Returns the runs the day holds.
 */
export const buildWorkflowRunsDay = async (db: Database, build: DayBuild): Promise<number> => {
  const columns = [...ENVELOPE, 'attrs', 'retention_days'];
  const truth = latestRuns({ app: build.app, from: build.day, to: build.day }, { columns, withBots: true });
  await db.command(
    `INSERT INTO workflow_run_instances (app, day, build, workflow, run_id, outcome, duration, perceived, error, session_id, ${columns.join(', ')}, weight, time)
    SELECT {b_app:String}, toDate({b_day:String}), {b_build:UInt64}, * FROM (${truth.sql})`,
    {},
    { ...truth.params, ...keysOf(build) },
  );
  await db.command(
    `INSERT INTO workflow_release_days (app, day, build, workflow, release, runs, weight, ok, ok_weight, perceived, hist)
    SELECT {b_app:String}, toDate({b_day:String}), {b_build:UInt64}, workflow, release, count(), sum(weight), countIf(outcome = 'ok'),
      sumIf(weight, outcome = 'ok'), countIf(isNotNull(perceived)), ${PERCEIVED_HISTOGRAM_SQL}
    FROM workflow_run_instances
    WHERE app = {b_app:String} AND day = toDate({b_day:String}) AND build = {b_build:UInt64} AND device_class != 'bot'
    GROUP BY workflow, release`,
    {},
    keysOf(build),
  );
  const runs = await countOf(db, 'workflow_run_instances', build);
  await recordBuild(db, 'workflow_runs', ['workflow_run_instances', 'workflow_release_days'], build, runs);
  return runs;
};

/** The same for the steps of one app's day (latestSteps: the last report per run step), into workflow_step_instances. */
export const buildWorkflowStepsDay = async (db: Database, build: DayBuild): Promise<number> => {
  const columns = [...ENVELOPE, 'retention_days'];
  const truth = latestSteps({ app: build.app, from: build.day, to: build.day }, { columns, withBots: true });
  await db.command(
    `INSERT INTO workflow_step_instances (app, day, build, workflow, run_id, step_index, step, duration, ${columns.join(', ')}, weight, time)
    SELECT {b_app:String}, toDate({b_day:String}), {b_build:UInt64}, * FROM (${truth.sql})`,
    {},
    { ...truth.params, ...keysOf(build) },
  );
  const steps = await countOf(db, 'workflow_step_instances', build);
  await recordBuild(db, 'workflow_steps', ['workflow_step_instances'], build, steps);
  return steps;
};
