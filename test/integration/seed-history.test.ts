import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Databases } from '../../collector/db/types.js';
import { AlreadySeeded, DEMO_PLAN, type HistoryPlan, releaseOfDay, seedHistory } from '../../collector/seed/history.js';
import { DATABASE, openMigrated } from '../support/db-fixtures.js';

/**
 * The seeded history on a real chDB: the sizes the plan states, every row
 * marked, every workflow outcome present, the planned regression really in
 * the data (raw and rollups), and no second seed on top of the first.
 */
const PLAN: HistoryPlan = { ...DEMO_PLAN('2026-11-30', 5), database: DATABASE, pageViewsPerDay: 1000 };
let dbs: Databases;
const progress: number[] = [];

beforeAll(async () => {
  dbs = await openMigrated();
  await seedHistory(dbs.writer, PLAN, ({ day }) => progress.push(day));
}, 180_000);
afterAll(async () => dbs?.close());

const one = async <T>(sql: string): Promise<T> => (await dbs.reader.query<T>(sql))[0]!;

describe('seeded history', () => {
  it('has the planned number of rows, days and releases, and reports progress per day', async () => {
    expect(progress).toEqual([1, 2, 3, 4, 5]);
    expect(
      await one(`SELECT count() AS n, uniqExact(toDate(time)) AS days, min(toDate(time)) AS first, max(toDate(time)) AS last FROM ${DATABASE}.page_views`),
    ).toEqual({
      n: 5000,
      days: 5,
      first: '2026-11-26',
      last: '2026-11-30',
    });
    expect(await one(`SELECT count() AS n, uniqExact(metric_id) AS ids FROM ${DATABASE}.vitals`)).toEqual({ n: 25000, ids: 25000 });
    const releases = await dbs.reader.query<{ release: string }>(`SELECT DISTINCT release FROM ${DATABASE}.page_views ORDER BY release`);
    expect(releases.map((r) => r.release)).toEqual([0, 1, 2, 3, 4].map((day) => releaseOfDay(PLAN, day)));
  });

  it('marks every row as seeded', async () => {
    for (const table of ['page_views', 'vitals', 'workflow_runs', 'workflow_steps']) {
      expect(await one(`SELECT countIf(env != 'seed' OR app != 'demo') AS other FROM ${DATABASE}.${table}`), table).toEqual({ other: 0 });
    }
  });

  it('produces every workflow outcome, and steps only up to what a run reached', async () => {
    const outcomes = await dbs.reader.query<{ outcome: string }>(`SELECT DISTINCT outcome FROM ${DATABASE}.workflow_runs ORDER BY outcome`);
    expect(outcomes.map((o) => o.outcome)).toEqual(['abandoned', 'error', 'ok', 'timeout']);
    const mismatched = await one<{ n: string }>(
      `SELECT count() AS n FROM ${DATABASE}.workflow_runs AS r LEFT JOIN (SELECT run_id, count() AS steps FROM ${DATABASE}.workflow_steps GROUP BY run_id) AS s USING run_id
       WHERE r.step_count != ifNull(s.steps, 0)`,
    );
    expect(mismatched).toEqual({ n: 0 });
    expect(await one(`SELECT countIf(perceived < duration) AS early FROM ${DATABASE}.workflow_runs WHERE perceived IS NOT NULL`)).toEqual({ early: 0 });
  });

  it('carries the planned regression, and only there', async () => {
    const { release, route, factor } = PLAN.regression;
    const p75 = async (where: string) =>
      Number(
        (await one<{ p: number }>(`SELECT quantileExact(0.75)(value) AS p FROM ${DATABASE}.vitals WHERE metric = 'LCP' AND route = '${route}' AND ${where}`)).p,
      );
    const regressed = await p75(`release = '${release}'`);
    const others = await p75(`release != '${release}'`);
    expect(regressed / others).toBeGreaterThan(factor * 0.8);
    expect(regressed / others).toBeLessThan(factor * 1.25);
    const elsewhere = async (where: string) =>
      Number(
        (await one<{ p: number }>(`SELECT quantileExact(0.75)(value) AS p FROM ${DATABASE}.vitals WHERE metric = 'LCP' AND route = '/demo' AND ${where}`)).p,
      );
    const ratio = (await elsewhere(`release = '${release}'`)) / (await elsewhere(`release != '${release}'`));
    expect(ratio).toBeGreaterThan(0.85);
    expect(ratio).toBeLessThan(1.15);
  });

  it('fills the rollups through the materialized views', async () => {
    const raw = await one<{ n: string }>(`SELECT count() AS n FROM ${DATABASE}.vitals WHERE metric = 'LCP'`);
    const rolled = await one<{ n: string }>(`SELECT sum(samples) AS n FROM ${DATABASE}.vitals_daily WHERE metric = 'LCP'`);
    expect(rolled).toEqual(raw);
  });

  it('refuses to seed the same app twice', async () => {
    await expect(seedHistory(dbs.writer, PLAN)).rejects.toBeInstanceOf(AlreadySeeded);
    expect(await one(`SELECT count() AS n FROM ${DATABASE}.page_views`)).toEqual({ n: 5000 });
  });
});
