import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Collector } from '../support/http.js';
import { apiGet, startApiCollector, TOKENS, type ApiAnswer } from '../support/api.js';
import { DAY } from '../support/api-seeds.js';
import { insertRuns, insertSteps, type RunSeed, type StepSeed } from '../support/stats-seeds.js';

let collector: Collector;

/** Outcome of run i of the `sepa` workflow: 70 ok, 15 error, 10 abandoned, 5 timeout. */
const outcomeOf = (i: number): RunSeed['outcome'] => (i < 70 ? 'ok' : i < 85 ? 'error' : i < 95 ? 'abandoned' : 'timeout');

/**
 * Known answers: workflow `sepa`, 100 runs with durations 10, 20 … 1 000 ms
 * and perceived = duration + 50 (none for abandoned runs). Every run is sent
 * twice: a provisional record (abandoned, 99 999 ms) first, the final one a
 * second later. Steps: all 100 runs reach `iban` (reported twice), 60 reach
 * `confirm`, 30 reach `sign`. Workflow `sampled`: 10 runs kept at 1 in 4.
 */
const seed = async () => {
  const runs: RunSeed[] = Array.from({ length: 100 }, (_, i) => {
    const outcome = outcomeOf(i);
    return {
      app: 'shop',
      workflow: 'sepa',
      runId: `sepa-${i}`,
      outcome,
      duration: (i + 1) * 10,
      perceived: outcome === 'abandoned' ? null : (i + 1) * 10 + 50,
      error: outcome === 'error' ? (i < 80 ? 'IBAN rejected' : 'bank unreachable') : '',
      attrs: { plan: i < 20 ? 'pro' : 'free' },
      at: (i - 50) * 60_000,
    };
  });
  const provisional = runs.map((run) => ({ ...run, outcome: 'abandoned' as const, duration: 99_999, perceived: null, receivedAfter: 500 }));
  const steps: StepSeed[] = Array.from({ length: 100 }, (_, i) => [
    { app: 'shop', workflow: 'sepa', runId: `sepa-${i}`, step: 'iban', index: 0, duration: (i + 1) * 2, receivedAfter: 500 },
    { app: 'shop', workflow: 'sepa', runId: `sepa-${i}`, step: 'iban', index: 0, duration: i + 1 },
    ...(i < 60 ? [{ app: 'shop', workflow: 'sepa', runId: `sepa-${i}`, step: 'confirm', index: 1, duration: 100 }] : []),
    ...(i < 30 ? [{ app: 'shop', workflow: 'sepa', runId: `sepa-${i}`, step: 'sign', index: 2, duration: 300 }] : []),
  ]).flat();
  const sampled: RunSeed[] = Array.from({ length: 10 }, (_, i) => ({
    app: 'shop',
    workflow: 'sampled',
    runId: `sampled-${i}`,
    outcome: i < 5 ? 'ok' : 'error',
    duration: 100,
    sampleRate: 0.25,
  }));
  // A workflow whose name is also the summary endpoint's path segment.
  const summary: RunSeed[] = Array.from({ length: 4 }, (_, i) => ({ app: 'shop', workflow: 'summary', runId: `summary-${i}`, outcome: 'ok', duration: 200 }));
  await insertRuns(collector.app.db.writer, [...provisional, ...runs, ...sampled, ...summary]);
  await insertSteps(collector.app.db.writer, steps);
};

beforeAll(async () => {
  collector = await startApiCollector();
  await seed();
});
afterAll(async () => {
  await collector.close();
});

const get = async <D>(path: string): Promise<ApiAnswer<D>> => {
  const response = await apiGet(collector, path, TOKENS.shop);
  expect(response.statusCode, response.body).toBe(200);
  return response.json() as ApiAnswer<D>;
};
const range = `from=${DAY}&to=${DAY}`;

/** Nearest-rank percentile, the method the API states. */
const nearestRank = (values: number[], q: number): number => [...values].sort((a, b) => a - b)[Math.ceil(q * values.length) - 1]!;

interface Figures {
  workflow: string;
  runs: number;
  completion: number;
  error: number;
  abandonment: number;
  timeout: number;
  duration: { p50: number; p75: number; p95: number };
  perceived: { p50: number; p75: number; p95: number };
}

describe('workflows/summary', () => {
  it('counts each run once (the final record wins) and gives its rates and percentiles', async () => {
    const answer = await get<{ workflows: Figures[] }>(`workflows/summary?app=shop&${range}`);
    const sepa = answer.data.workflows.find((w) => w.workflow === 'sepa')!;
    expect(sepa).toMatchObject({ runs: 100, completion: 0.7, error: 0.15, abandonment: 0.1, timeout: 0.05 });
    expect(sepa.duration).toEqual({ p50: 500, p75: 750, p95: 950 });
    const perceived = Array.from({ length: 100 }, (_, i) => i)
      .filter((i) => outcomeOf(i) !== 'abandoned')
      .map((i) => (i + 1) * 10 + 50);
    expect(sepa.perceived).toEqual({ p50: nearestRank(perceived, 0.5), p75: nearestRank(perceived, 0.75), p95: nearestRank(perceived, 0.95) });
    expect(answer.meta.method).toContain('last report per run');
  });

  it('weights sampled runs by 1 / sample_rate', async () => {
    const answer = await get<{ workflows: Figures[] }>(`workflows/summary?app=shop&${range}`);
    expect(answer.data.workflows.find((w) => w.workflow === 'sampled')).toMatchObject({ runs: 40, completion: 0.5, error: 0.5 });
  });

  it('filters by workflow attributes', async () => {
    const answer = await get<{ workflows: Figures[] }>(`workflows/summary?app=shop&${range}&attrs.plan=pro`);
    expect(answer.data.workflows).toHaveLength(1);
    expect(answer.data.workflows[0]).toMatchObject({ workflow: 'sepa', runs: 20, completion: 1 });
  });
});

interface Detail extends Figures {
  steps: { step: string; index: number; reached: number; p50: number; p75: number; p95: number }[];
  errors: { text: string; count: number }[];
  series: { t: string; runs: number; completion: number; perceivedP75: number | null }[];
  breakdown?: { by: string; groups: (Figures & { key: string })[] };
}

describe('workflows/{name}', () => {
  it('gives the step funnel, per-step percentiles of the last report, top errors and the hourly series', async () => {
    const answer = await get<Detail>(`workflows/sepa?app=shop&${range}`);
    const { steps, errors, series } = answer.data;
    expect(steps.map(({ step, index, reached }) => ({ step, index, reached }))).toEqual([
      { step: 'iban', index: 0, reached: 100 },
      { step: 'confirm', index: 1, reached: 60 },
      { step: 'sign', index: 2, reached: 30 },
    ]);
    expect(steps[0]).toMatchObject({ p50: 50, p75: 75, p95: 95 });
    expect(steps[2]).toMatchObject({ p50: 300, p75: 300, p95: 300 });
    expect(errors).toEqual([
      { text: 'IBAN rejected', count: 10 },
      { text: 'bank unreachable', count: 5 },
    ]);
    // Runs a minute apart from 11:10 to 12:49: hours 11 and 12 of DAY.
    expect(series.map((point) => [point.t, point.runs])).toEqual([
      [`${DAY}T11:00:00Z`, 50],
      [`${DAY}T12:00:00Z`, 50],
    ]);
    expect(series[0]!.completion).toBe(1);
  });

  it('breaks a workflow down on request and answers zero runs for an unknown one', async () => {
    const byRelease = await get<Detail>(`workflows/sepa?app=shop&${range}&by=release`);
    expect(byRelease.data.breakdown).toMatchObject({ by: 'release', groups: [{ key: '1.0.0', runs: 100 }] });
    const none = await get<Detail>(`workflows/nothing?app=shop&${range}`);
    expect(none.data).toMatchObject({ runs: 0, completion: null, steps: [], errors: [], series: [] });
  });
});

describe('workflow?name=', () => {
  it('reads a workflow named summary, which the path form cannot name', async () => {
    const byQuery = await get<Detail>(`workflow?name=summary&app=shop&${range}`);
    expect(byQuery.data).toMatchObject({ workflow: 'summary', runs: 4, completion: 1 });
    // workflows/summary stays the list of every workflow.
    const list = await get<{ workflows: Figures[] }>(`workflows/summary?app=shop&${range}`);
    expect(list.data.workflows.map((w) => w.workflow).sort()).toEqual(['sampled', 'sepa', 'summary']);
  });

  it('gives the same answer as the path form, names with slashes and spaces included', async () => {
    const byPath = await get<Detail>(`workflows/sepa?app=shop&${range}&by=release`);
    const byQuery = await get<Detail>(`workflow?name=sepa&app=shop&${range}&by=release`);
    expect(byQuery.data).toEqual(byPath.data);
    const odd = await get<Detail>(`workflow?name=${encodeURIComponent('a/b c')}&app=shop&${range}`);
    expect(odd.params).toMatchObject({ name: 'a/b c' });
    expect(odd.data.runs).toBe(0);
  });

  it('asks for the name when it is missing', async () => {
    const response = await apiGet(collector, `workflow?app=shop&${range}`, TOKENS.shop);
    expect(response.statusCode).toBe(400);
    expect((response.json() as { error: { problems: { field: string }[] } }).error.problems.map((p) => p.field)).toEqual(['name']);
  });
});
