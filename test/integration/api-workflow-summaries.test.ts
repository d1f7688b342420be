import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { measure } from '../../collector/alerts/measure.js';
import type { AlertRule } from '../../collector/alerts/rules.js';
import { sealedDays } from '../../collector/analysis/summary-plan.js';
import type { Collector } from '../support/http.js';
import { apiGet, startApiCollector, TOKENS, type ApiAnswer } from '../support/api.js';
import { DAY, insertRows } from '../support/api-seeds.js';
import { runRow, stepRow, type RunSeed, type StepSeed } from '../support/stats-seeds.js';

/**
 * The workflow answers read the deduplicated runs and steps of summarised
 * days (schema 067) and must give exactly the raw truth's answers: each
 * question is asked before any build (raw rows) and after (instances), on
 * three days of runs each sent twice (a provisional record with stale
 * attributes, then the final one), a sampled app and a bot.
 */
let collector: Collector;
const DAYS = ['2026-11-08', '2026-11-09', DAY];
const dayOffset = (day: string) => Date.parse(`${day}T12:00:00Z`) - Date.parse(`${DAY}T12:00:00Z`);
const outcomeOf = (i: number): RunSeed['outcome'] => (i % 10 < 6 ? 'ok' : i % 10 < 8 ? 'error' : i % 10 === 8 ? 'abandoned' : 'timeout');

const runsOf = (day: string, d: number): Record<string, unknown>[] => {
  const at = dayOffset(day);
  const checkout = Array.from({ length: 60 }, (_, i): RunSeed => {
    const outcome = outcomeOf(i);
    const duration = 50 + 17 * i + 3 * d;
    return {
      app: 'shop',
      workflow: 'checkout',
      runId: `${day}-checkout-${i}`,
      outcome,
      duration,
      perceived: outcome === 'abandoned' ? null : duration + 40,
      error: outcome === 'error' ? (i % 20 < 10 ? 'card declined' : 'bank unreachable') : '',
      release: d === 2 ? '2.0.0' : '1.0.0',
      attrs: { plan: i % 3 === 0 ? 'pro' : 'free' },
      at: at + (i - 30) * 60_000,
    };
  });
  // Sent at page hide, before the run's attributes were set: the final record replaces it whole.
  const provisional = checkout.map((run) => ({
    ...run,
    outcome: 'abandoned' as const,
    duration: 99_999,
    perceived: null,
    attrs: { plan: 'trial' },
    receivedAfter: 500,
  }));
  const search = Array.from({ length: 12 }, (_, i): RunSeed => ({
    app: 'shop',
    workflow: 'search',
    runId: `${day}-search-${i}`,
    outcome: 'ok',
    duration: 30 + i,
    at,
  }));
  const signup = Array.from({ length: 20 }, (_, i): RunSeed => ({
    app: 'blog',
    workflow: 'signup',
    runId: `${day}-signup-${i}`,
    outcome: i < 15 ? 'ok' : 'error',
    duration: 400 + 10 * i,
    sampleRate: 0.25,
    at,
  }));
  const routed = (run: RunSeed, i: number) => ({ ...runRow(run), route: i % 2 === 0 ? '/pay' : '/cart' });
  const bot = { ...runRow({ app: 'shop', workflow: 'checkout', runId: `${day}-bot`, outcome: 'ok', duration: 60_000, at }), device_class: 'bot' };
  return [...provisional.map(routed), ...checkout.map(routed), ...search.map(runRow), ...signup.map(runRow), bot];
};

const stepsOf = (day: string): StepSeed[] => {
  const at = dayOffset(day);
  return [
    ...Array.from({ length: 60 }, (_, i) => {
      const run = { app: 'shop', workflow: 'checkout', runId: `${day}-checkout-${i}`, at: at + (i - 30) * 60_000 };
      return [
        { ...run, step: 'address', index: 0, duration: 5_000, receivedAfter: 500 },
        { ...run, step: 'address', index: 0, duration: 10 + i },
        ...(i < 40 ? [{ ...run, step: 'card', index: 1, duration: 100 + 7 * i }] : []),
        ...(i < 20 ? [{ ...run, step: 'confirm', index: 2, duration: 300 + i }] : []),
      ];
    }).flat(),
    ...Array.from({ length: 20 }, (_, i) => ({
      app: 'blog',
      workflow: 'signup',
      runId: `${day}-signup-${i}`,
      step: 'form',
      index: 0,
      duration: 200 + i,
      sampleRate: 0.25,
      at,
    })),
  ];
};

beforeAll(async () => {
  collector = await startApiCollector();
  for (const [d, day] of DAYS.entries()) {
    await insertRows(collector.app.db.writer, 'workflow_runs', runsOf(day, d));
    await insertRows(collector.app.db.writer, 'workflow_steps', stepsOf(day).map(stepRow));
  }
});
afterAll(async () => {
  await collector.close();
});

const get = async <D>(path: string, token: string = TOKENS.all): Promise<ApiAnswer<D>> => {
  // A fresh answer each time: the cache would hand back the raw answer after a build.
  for (const app of ['shop', 'blog'])
    for (const table of ['vitals', 'page_views', 'workflow_runs', 'workflow_steps'])
      collector.app.readApi.cache.invalidate([{ app, table, firstReceivedAt: 0, lastReceivedAt: Date.now() }]);
  const response = await apiGet(collector, path, token);
  expect(response.statusCode, response.body).toBe(200);
  return response.json() as ApiAnswer<D>;
};

const range = `from=${DAYS[0]}&to=${DAY}`;
const QUERIES = [
  `workflows/summary?app=shop&${range}`,
  `workflows/summary?app=blog&${range}`,
  `workflows/summary?app=shop&attrs.plan=pro&${range}`,
  `workflows/checkout?app=shop&by=release&${range}`,
  `workflows/checkout?app=shop&attrs.plan=free&by=route&${range}`,
  `workflows/checkout?app=shop&device_class=mobile&${range}`,
  `workflow?name=signup&app=blog&${range}`,
  `workflows/checkout?app=shop&from=${DAY}&to=${DAY}`,
  `releases/compare?app=shop&a=2.0.0&b=1.0.0&${range}`,
];

interface Figures {
  workflow: string;
  runs: number;
  samples: number;
  duration: { p95: number };
}
interface Detail extends Figures {
  steps: { step: string; reached: number; samples: number }[];
}

describe('workflow day summaries', () => {
  it('answer exactly as the raw rows do, and say how many days came from them', async () => {
    const raw: ApiAnswer<unknown>[] = [];
    for (const q of QUERIES) raw.push(await get<unknown>(q));
    for (const [i, q] of QUERIES.entries()) expect(raw[i]!.meta.method, q).not.toMatch(/deduplicated instances/);
    // An alert window that cuts through the first and the last day: instances are bounded by their first report as raw runs are.
    const rule: AlertRule = {
      id: 'checkout-errors',
      app: 'shop',
      workflow: 'checkout',
      statistic: 'errorRate',
      threshold: 0.5,
      minSamples: 1,
      windowMs: 3_600_000,
      everyMs: 60_000,
      filters: {},
    };
    const window = { start: Date.parse(`${DAYS[0]}T12:00:00Z`), end: Date.parse(`${DAY}T12:10:00Z`) };
    const rawAlert = await measure(collector.app.db.reader, rule, window);
    expect(rawAlert.samples).toBe(30 + 60 + 40);
    // Runs and steps: three days of shop, three of blog; no vitals or page views.
    expect(await collector.app.summaries.round()).toBe(12);
    expect(await measure(collector.app.db.reader, rule, window)).toEqual(rawAlert);
    for (const [i, q] of QUERIES.entries()) {
      const answer = await get<unknown>(q);
      // Every day of the range (three, or one for the last day alone); releases/compare reads its histograms from the summaries.
      expect(answer.meta.method, q).toMatch(
        q.startsWith('releases/compare') ? /workflow runs: 3 of 3 days from summaries/ : /\((\d) of \1 days from the summaries' deduplicated instances\)/,
      );
      expect(answer.data, q).toEqual(raw[i]!.data);
    }
  });

  it('count each run once by its final record, weigh sampled runs and leave bots out', async () => {
    const shop = await get<{ workflows: Figures[] }>(`workflows/summary?app=shop&${range}`);
    const checkout = shop.data.workflows.find((w) => w.workflow === 'checkout')!;
    expect(checkout).toMatchObject({ runs: 180, samples: 180 });
    // Neither the provisional 99,999 ms records nor the bot's 60 s run count.
    expect(checkout.duration.p95).toBeLessThan(2_000);
    const blog = await get<{ workflows: Figures[] }>(`workflows/summary?app=blog&${range}`);
    expect(blog.data.workflows).toEqual([expect.objectContaining({ workflow: 'signup', runs: 240, samples: 60 })]);
    const detail = await get<Detail>(`workflows/checkout?app=shop&${range}`);
    expect(detail.data.steps.map((s) => [s.step, s.reached])).toEqual([
      ['address', 180],
      ['card', 120],
      ['confirm', 60],
    ]);
  });

  it("filter by a run's last attributes, not those of a record it superseded", async () => {
    const trial = await get<{ workflows: Figures[] }>(`workflows/summary?app=shop&attrs.plan=trial&${range}`);
    expect(trial.data.workflows).toEqual([]);
    const pro = await get<Detail>(`workflows/checkout?app=shop&attrs.plan=pro&${range}`);
    expect(pro.data).toMatchObject({ runs: 60 });
    expect(pro.data.steps[0]).toMatchObject({ step: 'address', reached: 60 });
  });

  it('read a day from raw rows again as soon as rows arrive after its build', async () => {
    const filters = { app: 'shop', from: DAYS[0]!, to: DAY };
    const run: RunSeed = { app: 'shop', workflow: 'checkout', runId: 'late-run', outcome: 'ok', duration: 500, at: dayOffset(DAYS[1]!) };
    await insertRows(collector.app.db.writer, 'workflow_runs', [runRow(run)]);
    expect((await sealedDays(collector.app.db.reader, filters, 'workflow_runs')).open).toEqual([DAYS[1]]);
    expect((await sealedDays(collector.app.db.reader, filters, 'workflow_steps')).open).toEqual([]);
    await insertRows(collector.app.db.writer, 'workflow_steps', [
      stepRow({ app: 'shop', workflow: 'checkout', runId: 'late-run', step: 'address', index: 0, duration: 20, at: dayOffset(DAYS[1]!) }),
    ]);
    expect((await sealedDays(collector.app.db.reader, filters, 'workflow_steps')).open).toEqual([DAYS[1]]);
    const mixed = await get<Detail>(`workflows/checkout?app=shop&${range}`);
    expect(mixed.meta.method).toMatch(/2 of 3 days from the summaries' deduplicated instances/);
    expect(mixed.data).toMatchObject({ runs: 181 });
    expect(mixed.data.steps[0]).toMatchObject({ step: 'address', reached: 181 });
    expect(await collector.app.summaries.round()).toBe(2);
    const rebuilt = await get<Detail>(`workflows/checkout?app=shop&${range}`);
    expect(rebuilt.meta.method).toMatch(/3 of 3 days from the summaries' deduplicated instances/);
    expect(rebuilt.data).toEqual(mixed.data);
  });

  it('never read rows of a build that did not finish', async () => {
    await collector.app.db.writer.command(
      `INSERT INTO workflow_run_instances (app, day, build, workflow, run_id, time, outcome, duration, error, session_id, weight, device_class)
      SELECT 'shop', toDate('${DAY}'), 1, 'checkout', 'ghost', toDateTime64('${DAY} 12:00:00', 3, 'UTC'), 'error', 1, 'ghost', 's', 1000, 'mobile'`,
    );
    const { data } = await get<Detail>(`workflows/checkout?app=shop&from=${DAY}&to=${DAY}`);
    expect(data).toMatchObject({ runs: 60 });
  });

  it("keep a run's instance only as long as its raw rows, not as long as rollups", async () => {
    const retentionsOf = async (runId: string) =>
      (
        await collector.app.db.reader.query<{ retention_days: number }>(`SELECT retention_days FROM workflow_run_instances WHERE run_id = {id:String}`, {
          id: runId,
        })
      ).map((row) => Number(row.retention_days));
    // A retention that still keeps a row of the first day when the test runs.
    const retention = Math.ceil((Date.now() - Date.parse(`${DAYS[0]}T00:00:00Z`)) / 86_400_000) + 2;
    const run: RunSeed = { app: 'blog', workflow: 'signup', runId: 'kept', outcome: 'ok', duration: 100, at: dayOffset(DAYS[0]!) };
    await insertRows(collector.app.db.writer, 'workflow_runs', [{ ...runRow(run), retention_days: retention }]);
    expect(await collector.app.summaries.round()).toBe(1);
    expect(await retentionsOf('kept')).toEqual([retention]);
    // The same instance with a one-day retention has expired, as its raw rows would have: ClickHouse does not keep it.
    await collector.app.db.writer.command(
      `INSERT INTO workflow_run_instances SELECT * REPLACE ('expired' AS run_id, 1 AS retention_days) FROM workflow_run_instances WHERE run_id = 'kept'`,
    );
    expect(await retentionsOf('expired')).toEqual([]);
  });

  it('are refused to a token of another app like every answer', async () => {
    for (const path of [`workflows/summary?app=shop&${range}`, `workflows/checkout?app=shop&${range}`]) {
      expect((await apiGet(collector, path, TOKENS.blog)).statusCode).toBe(403);
    }
  });
});
