import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Databases } from '../../collector/db/types.js';
import type { ProcessedBatch, ProcessedEvent } from '../../collector/pipeline/types.js';
import { ndjson, rowObjects } from '../support/rows.js';
import { RAW_TABLES } from '../../collector/rows/tables.js';
import { rate } from '../../schema/index.js';
import type { MetricName, WorkflowOutcome } from '../../schema/index.js';
import { exampleBatch } from '../support/batches.js';
import { openMigrated, processed } from '../support/db-fixtures.js';

const NOW = Date.UTC(2026, 10, 2, 10, 0, 0);

const vital = (name: MetricName, value: number, i: number): ProcessedEvent => ({
  type: 'vital',
  ts: NOW - i,
  name,
  value,
  delta: value,
  id: `v-${name}-${String(i).padStart(8, '0')}`,
  nav: 'navigate',
  rating: rate(name, value),
});
const run = (outcome: WorkflowOutcome, duration: number, i: number, perceived?: number): ProcessedEvent => ({
  type: 'workflow',
  ts: NOW - i,
  name: 'signup',
  run_id: `run-${String(i).padStart(8, '0')}`,
  outcome,
  duration,
  ...(perceived === undefined ? {} : { perceived }),
  steps: [
    { name: 'form', start: 0, duration: duration / 2 },
    { name: 'confirm', start: duration / 2, duration: duration / 2 },
  ],
});
const batchOf = (app: string, events: ProcessedEvent[]): ProcessedBatch => ({ ...processed(exampleBatch({ app }, NOW)), events });

let dbs: Databases;
const insert = async (batch: ProcessedBatch, token: string) => {
  const rows = rowObjects(batch);
  for (const table of RAW_TABLES) await dbs.writer.insertNdjson(table, ndjson(rows[table] ?? []), `${token}:${table}`);
};

beforeAll(async () => {
  dbs = await openMigrated();
  const lcp = Array.from({ length: 100 }, (_, i) => vital('LCP', i + 1, i));
  const inp = [vital('INP', 100, 200), vital('INP', 300, 201), vital('INP', 600, 202), vital('INP', 600, 203)];
  const runs = [run('ok', 1000, 300, 1100), run('ok', 2000, 301, 2100), run('ok', 3000, 302), run('error', 500, 303, 600), run('abandoned', 4000, 304)];
  await insert(batchOf('rollup', [...lcp, ...inp, ...runs]), 'seed');
});
afterAll(() => dbs.close());

describe('rollups', () => {
  it('give the p75 of 1..100 within t-digest error, per route and day', async () => {
    const [row] = await dbs.reader.query<{ samples: number; good: number; p50: number; p75: number; p95: number; mean: number; day: string }>(
      "SELECT samples, good, p50, p75, p95, mean, day FROM vitals_daily WHERE app = 'rollup' AND metric = 'LCP'",
    );
    expect(row).toMatchObject({ samples: 100, good: 100, mean: 50.5, day: '2026-11-02' });
    expect(row!.p75).toBeGreaterThanOrEqual(74);
    expect(row!.p75).toBeLessThanOrEqual(76);
    expect(row!.p50).toBeGreaterThanOrEqual(49);
    expect(row!.p50).toBeLessThanOrEqual(52);
    expect(row!.p95).toBeGreaterThanOrEqual(94);
  });

  it('merge states at any level from the state table', async () => {
    const [row] = await dbs.reader.query<{ p90: number }>(
      "SELECT quantileTDigestMerge(0.9)(value_digest) AS p90 FROM vitals_daily_state WHERE app = 'rollup' AND metric = 'LCP'",
    );
    expect(row!.p90).toBeGreaterThanOrEqual(89);
    expect(row!.p90).toBeLessThanOrEqual(91);
  });

  it('count ratings with the official thresholds', async () => {
    const [row] = await dbs.reader.query("SELECT samples, good, needs_improvement, poor FROM vitals_daily WHERE app = 'rollup' AND metric = 'INP'");
    expect(row).toEqual({ samples: 4, good: 1, needs_improvement: 1, poor: 2 });
  });

  it('count workflow outcomes and keep perceived apart from duration', async () => {
    const [row] = await dbs.reader.query<Record<string, number>>(
      "SELECT runs, ok, errors, abandoned, timeouts, completion_rate, duration_p50, perceived_p50 FROM workflows_daily WHERE app = 'rollup' AND workflow = 'signup'",
    );
    expect(row).toMatchObject({ runs: 5, ok: 3, errors: 1, abandoned: 1, timeouts: 0, completion_rate: 0.6, duration_p50: 2000 });
    expect(row!.perceived_p50).toBeGreaterThanOrEqual(600);
    expect(row!.perceived_p50).toBeLessThanOrEqual(2100);
    const [perceived] = await dbs.reader.query<{ n: number }>("SELECT sum(perceived_samples) AS n FROM workflows_daily_state WHERE app = 'rollup'");
    expect(perceived!.n).toBe(3);
  });

  it('roll workflow steps up per step', async () => {
    const steps = await dbs.reader.query("SELECT step, samples, duration_p50 FROM workflow_steps_daily WHERE app = 'rollup' ORDER BY step");
    expect(steps).toEqual([
      { step: 'confirm', samples: 5, duration_p50: 1000 },
      { step: 'form', samples: 5, duration_p50: 1000 },
    ]);
  });
});

describe('insert deduplication', () => {
  const counts = async (app: string) => {
    const [row] = await dbs.reader.query<Record<string, number>>(
      `SELECT
         (SELECT count() FROM page_views WHERE app = {app:String}) AS page_views,
         (SELECT count() FROM vitals WHERE app = {app:String}) AS vitals,
         (SELECT count() FROM workflow_runs WHERE app = {app:String}) AS workflow_runs,
         (SELECT count() FROM workflow_steps WHERE app = {app:String}) AS workflow_steps,
         (SELECT sum(samples) FROM vitals_daily_state WHERE app = {app:String}) AS vitals_rollup,
         (SELECT sum(runs) FROM workflows_daily_state WHERE app = {app:String}) AS workflows_rollup,
         (SELECT sum(samples) FROM workflow_steps_daily_state WHERE app = {app:String}) AS steps_rollup`,
      { app },
    );
    return row;
  };
  const ONE_COPY = { page_views: 1, vitals: 5, workflow_runs: 1, workflow_steps: 2, vitals_rollup: 5, workflows_rollup: 1, steps_rollup: 2 };

  it('stores a batch inserted twice with the same token once, in raw tables and rollups', async () => {
    const batch = processed(exampleBatch({ app: 'dedup' }, NOW));
    await insert(batch, batch.batch_id);
    await insert(batch, batch.batch_id);
    expect(await counts('dedup')).toEqual(ONE_COPY);
  });

  it('stores the same rows twice under different tokens', async () => {
    const batch = processed(exampleBatch({ app: 'twice' }, NOW));
    await insert(batch, 'first');
    await insert(batch, 'second');
    const doubled = Object.fromEntries(Object.entries(ONE_COPY).map(([key, n]) => [key, 2 * n]));
    expect(await counts('twice')).toEqual(doubled);
  });
});

describe('ingest_counters and audit_log', () => {
  it('sum counter deltas per app, minute, outcome and reason', async () => {
    const minute = Math.floor(NOW / 60_000) * 60;
    const row = (count: number, reason: string) => ({ app: 'rollup', minute, outcome: 'dropped', reason, count });
    await dbs.writer.insertNdjson('ingest_counters', ndjson([row(2, 'stale'), row(3, 'stale'), row(1, 'invalid_event')]), 'counters-1');
    const rows = await dbs.reader.query(
      "SELECT toString(minute) AS minute, reason, sum(count) AS n FROM ingest_counters WHERE app = 'rollup' GROUP BY minute, reason ORDER BY reason",
    );
    expect(rows).toEqual([
      { minute: '2026-11-02 10:00:00', reason: 'invalid_event', n: 1 },
      { minute: '2026-11-02 10:00:00', reason: 'stale', n: 5 },
    ]);
  });

  it('record who queried what', async () => {
    const entry = {
      time: '2026-11-02 10:00:01.250',
      actor: 'analyst-token',
      apps: ['rollup'],
      query: 'SELECT 1',
      params: '{}',
      rows: 1,
      duration_ms: 3.5,
      status: 'ok',
      error: '',
    };
    await dbs.writer.insertNdjson('audit_log', ndjson([entry]), 'audit-1');
    // `cached` (migration 020) defaults to false for a writer that does not name it.
    expect(await dbs.reader.query("SELECT * FROM audit_log WHERE actor = 'analyst-token'")).toEqual([{ ...entry, cached: false }]);
  });
});
