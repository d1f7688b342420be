import type { Database } from '../../collector/db/types.js';
import { toClickHouseTime } from '../../collector/rows/time.js';
import { DAY, insertRows } from './api-seeds.js';

const NOON = Date.parse(`${DAY}T12:00:00Z`);

export interface RunSeed {
  app: string;
  workflow: string;
  runId: string;
  outcome: 'ok' | 'error' | 'abandoned' | 'timeout';
  duration: number;
  perceived?: number | null;
  error?: string;
  release?: string;
  sessionId?: string;
  sampleRate?: number;
  attrs?: Record<string, string>;
  /** ms after noon of DAY. */
  at?: number;
  /** ms after `at` when the record was received: the later record of a run wins. */
  receivedAfter?: number;
}

export const runRow = (seed: RunSeed): Record<string, unknown> => ({
  app: seed.app,
  time: toClickHouseTime(NOON + (seed.at ?? 0)),
  received_at: toClickHouseTime(NOON + (seed.at ?? 0) + (seed.receivedAfter ?? 1000)),
  session_id: seed.sessionId ?? `s-${seed.runId}`,
  page_id: `p-${seed.runId}`,
  release: seed.release ?? '1.0.0',
  env: 'production',
  device_class: 'mobile',
  sample_rate: seed.sampleRate ?? 1,
  retention_days: 3650,
  route: '/form',
  workflow: seed.workflow,
  run_id: seed.runId,
  outcome: seed.outcome,
  duration: seed.duration,
  perceived: seed.perceived === undefined ? seed.duration + 50 : seed.perceived,
  attrs: seed.attrs ?? {},
  error: seed.error ?? '',
});

export interface StepSeed {
  app: string;
  workflow: string;
  runId: string;
  step: string;
  index: number;
  duration: number;
  sampleRate?: number;
  /** ms after noon of DAY. */
  at?: number;
  receivedAfter?: number;
}

export const stepRow = (seed: StepSeed): Record<string, unknown> => ({
  app: seed.app,
  time: toClickHouseTime(NOON + (seed.at ?? 0)),
  received_at: toClickHouseTime(NOON + (seed.at ?? 0) + (seed.receivedAfter ?? 1000)),
  session_id: `s-${seed.runId}`,
  page_id: `p-${seed.runId}`,
  release: '1.0.0',
  env: 'production',
  device_class: 'mobile',
  sample_rate: seed.sampleRate ?? 1,
  retention_days: 3650,
  route: '/form',
  workflow: seed.workflow,
  run_id: seed.runId,
  outcome: 'ok',
  step: seed.step,
  step_index: seed.index,
  start: 0,
  duration: seed.duration,
});

export interface VisitSeed {
  app: string;
  sessionId: string;
  /** Routes in the order visited, one page view each, a minute apart. */
  routes: string[];
  /** When the first page view happened, ms since the epoch. */
  start: number;
  sampleRate?: number;
  deviceClass?: string;
  browser?: string;
}

/** One session's page views, a minute apart; each page view is also sent twice (a duplicate report) to prove it counts once. */
export const visitRows = (seed: VisitSeed): Record<string, unknown>[] =>
  seed.routes.flatMap((route, i) => {
    const time = seed.start + i * 60_000;
    const row = {
      app: seed.app,
      time: toClickHouseTime(time),
      received_at: toClickHouseTime(time + 1000),
      session_id: seed.sessionId,
      page_id: `${seed.sessionId}-${i}`,
      release: '1.0.0',
      env: 'production',
      device_class: seed.deviceClass ?? 'mobile',
      browser: seed.browser ?? 'Chrome',
      connection: '4g',
      sample_rate: seed.sampleRate ?? 1,
      retention_days: 3650,
      route,
      kind: i === 0 ? 'load' : 'soft',
    };
    return [row, { ...row, received_at: toClickHouseTime(time + 5000) }];
  });

export const insertRuns = (db: Database, seeds: readonly RunSeed[]) => insertRows(db, 'workflow_runs', seeds.map(runRow));
export const insertSteps = (db: Database, seeds: readonly StepSeed[]) => insertRows(db, 'workflow_steps', seeds.map(stepRow));
export const insertVisits = (db: Database, seeds: readonly VisitSeed[]) => insertRows(db, 'page_views', seeds.flatMap(visitRows));
