import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { releaseRouteSketches } from '../../collector/analysis/release-sketch.js';
import { mannWhitneyU, rescaled } from '../../collector/analysis/statistics/histogram.js';
import type { Collector } from '../support/http.js';
import { apiGet, startApiCollector, TOKENS, type ApiAnswer } from '../support/api.js';
import { DAY, insertRows, pageViewRow, vitalRow, type VitalSeed } from '../support/api-seeds.js';
import { insertRuns, type RunSeed } from '../support/stats-seeds.js';

let collector: Collector;

/** A seeded generator (mulberry32), so every run of the test sees the same samples. */
const random = (seed: number) => () => {
  seed = (seed + 0x6d2b79f5) | 0;
  let t = Math.imul(seed ^ (seed >>> 15), 1 | seed);
  t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
  return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
};
const next = random(42);
/** A log-normal LCP around 2 s, the shape field data has. */
const lcp = (scale = 1) => {
  const z = Math.sqrt(-2 * Math.log(1 - next())) * Math.cos(2 * Math.PI * next());
  return Math.round(2000 * Math.exp(0.5 * z) * scale);
};

const NEW = '2.0.0';
const OLD = '1.0.0';
const NO_CHANGE_ROUTES = 100;
let id = 0;
const samples = (route: string, release: string, n: number, scale = 1): VitalSeed[] =>
  Array.from({ length: n }, () => ({ app: 'shop', metric: 'LCP' as const, value: lcp(scale), metricId: `m-${(id += 1)}`, route, release }));
/** INP in whole milliseconds under 1,000, many tied: each value is a bucket of its own, so the histogram test loses nothing. */
const wholeMs = (release: string, n: number, shift: number): VitalSeed[] =>
  Array.from({ length: n }, () => ({
    app: 'shop',
    metric: 'INP' as const,
    value: Math.min(999, Math.round(lcp() / 10) + shift),
    metricId: `m-${(id += 1)}`,
    route: '/int',
    release,
  }));

/**
 * Release 2.0.0 against 1.0.0 (page views make 1.0.0 the earlier one):
 * /slow is 1.5× slower in 2.0.0 (every instance reported twice, a fast
 * report first); /same and /n0 … /n99 draw both releases from one
 * distribution; /tiny has 5 samples a side; /int has INP in whole
 * milliseconds, 15 ms slower in 2.0.0. Workflow `sepa` completes 90 %
 * of 200 runs in 1.0.0 and 60 % in 2.0.0, perceived times unchanged.
 */
const seed = async () => {
  const slowNew = samples('/slow', NEW, 300, 1.5);
  const vitals = [
    ...samples('/slow', OLD, 300),
    ...slowNew.map((s) => ({ ...s, value: 10, receivedAfter: 500 })),
    ...slowNew,
    ...samples('/same', OLD, 300),
    ...samples('/same', NEW, 300),
    ...Array.from({ length: NO_CHANGE_ROUTES }, (_, r) => [...samples(`/n${r}`, OLD, 60), ...samples(`/n${r}`, NEW, 60)]).flat(),
    ...samples('/tiny', OLD, 5),
    ...samples('/tiny', NEW, 5),
    ...wholeMs(OLD, 150, 0),
    ...wholeMs(NEW, 150, 15),
  ];
  await insertRows(collector.app.db.writer, 'vitals', vitals.map(vitalRow));
  await insertRows(collector.app.db.writer, 'page_views', [
    pageViewRow({ app: 'shop', pageId: 'pv-old', release: OLD, at: -3_600_000 }),
    pageViewRow({ app: 'shop', pageId: 'pv-new', release: NEW, at: 0 }),
  ]);
  const runs = (release: string, completed: number): RunSeed[] =>
    Array.from({ length: 200 }, (_, i) => ({
      app: 'shop',
      workflow: 'sepa',
      runId: `${release}-${i}`,
      release,
      outcome: i < completed ? 'ok' : 'abandoned',
      duration: lcp() / 2,
      perceived: i < completed ? lcp() / 2 : null,
    }));
  await insertRuns(collector.app.db.writer, [...runs(OLD, 180), ...runs(NEW, 120)]);
};

beforeAll(async () => {
  collector = await startApiCollector();
  await seed();
});
afterAll(async () => {
  await collector.close();
});

interface MetricComparison {
  metric: string;
  scope: string;
  a: { samples: number; p75: number | null };
  b: { samples: number; p75: number | null };
  diff: number | null;
  ci: [number, number] | null;
  p: number | null;
  pAdjusted: number | null;
  verdict: string;
}
interface Comparison {
  a: string;
  b: string;
  alpha: number;
  correction: string;
  minSamples: number;
  metrics: MetricComparison[];
  workflows: { workflow: string; completionDiff: number; completionPAdjusted: number; verdict: string; a: { runs: number; completion: number } }[];
}

const compare = async (query: string): Promise<ApiAnswer<Comparison>> => {
  // A fresh answer each time: the cache would hand back an answer from before a build.
  for (const table of ['vitals', 'workflow_runs', 'page_views'])
    collector.app.readApi.cache.invalidate([{ app: 'shop', table, firstReceivedAt: 0, lastReceivedAt: Date.now() }]);
  const response = await apiGet(collector, `releases/compare?app=shop&from=${DAY}&to=${DAY}&${query}`, TOKENS.shop);
  expect(response.statusCode, response.body).toBe(200);
  return response.json() as ApiAnswer<Comparison>;
};
const scope = (answer: ApiAnswer<Comparison>, name: string, metric = 'LCP') => answer.data.metrics.find((m) => m.metric === metric && m.scope === name)!;

describe('releases/compare', () => {
  it('defaults the baseline to the release seen before, and states alpha, correction and the minimum sample', async () => {
    const answer = await compare(`a=${NEW}`);
    expect(answer.data).toMatchObject({ a: NEW, b: OLD, alpha: 0.05, correction: 'holm', minSamples: 50 });
    expect(answer.meta.method).toContain('Mann–Whitney');
  });

  it('finds the seeded regression, counting each instance once', async () => {
    const slow = scope(await compare(`a=${NEW}`), '/slow');
    expect(slow.verdict).toBe('regressed');
    expect(slow.a.samples).toBe(300);
    expect(slow.diff).toBeGreaterThan(0);
    expect(slow.ci![0]).toBeGreaterThan(0);
    expect(slow.pAdjusted).toBeLessThan(0.05);
    // The same comparison the other way round is an improvement.
    expect(scope(await compare(`a=${OLD}&b=${NEW}`), '/slow').verdict).toBe('improved');
  });

  it('finds no change where there is none, and refuses to judge five samples', async () => {
    const answer = await compare(`a=${NEW}`);
    const same = scope(answer, '/same');
    expect(same.verdict).toBe('no change');
    expect(same.ci![0]).toBeLessThan(0);
    expect(same.ci![1]).toBeGreaterThan(0);
    expect(scope(answer, '/tiny')).toMatchObject({ verdict: 'not enough data', p: null, a: { samples: 5 } });
  });

  it('flags the 100 no-change routes no more often than alpha allows, with either correction', async () => {
    for (const correction of ['holm', 'benjamini-hochberg']) {
      const answer = await compare(`a=${NEW}&correction=${correction}`);
      const routes = answer.data.metrics.filter((m) => m.scope.startsWith('/n'));
      expect(routes).toHaveLength(NO_CHANGE_ROUTES);
      expect(routes.every((m) => m.p !== null)).toBe(true);
      const flagged = routes.filter((m) => m.verdict !== 'no change').length;
      expect(flagged).toBeLessThanOrEqual(answer.data.alpha * NO_CHANGE_ROUTES);
      // Uncorrected, about alpha of them would be flagged by chance: the correction is what keeps them quiet.
      const raw = routes.filter((m) => m.p! < answer.data.alpha).length;
      expect(raw).toBeLessThanOrEqual(3 * answer.data.alpha * NO_CHANGE_ROUTES);
    }
  });

  it('tests workflow completion with a two-proportion test', async () => {
    const [sepa] = (await compare(`a=${NEW}`)).data.workflows;
    expect(sepa).toMatchObject({ workflow: 'sepa', completionDiff: -0.3, verdict: 'regressed', a: { runs: 200, completion: 0.6 } });
    expect(sepa!.completionPAdjusted).toBeLessThan(0.05);
  });

  it("tests from histograms as ClickHouse's mannWhitneyUTest does on the raw values", async () => {
    const db = collector.app.db.reader;
    const sketches = await releaseRouteSketches(db, { app: 'shop', from: DAY, to: DAY }, { sealed: [], open: [DAY] }, { a: NEW, b: OLD }, true);
    const side = (release: string) => sketches.find((s) => s.metric === 'INP' && s.route === '/int' && s.release === release)!.sketch;
    const [a, b] = [side(NEW), side(OLD)];
    const fromHistograms = mannWhitneyU(rescaled(a.hist, a.samples), rescaled(b.hist, b.samples))!.p;
    const [engine] = await db.query<{ p: number }>(
      `SELECT mannWhitneyUTest('two-sided')(value, release = {a:String}).2 AS p FROM vitals WHERE app = 'shop' AND metric = 'INP' AND route = '/int'`,
      { a: NEW },
    );
    expect(engine!.p).toBeGreaterThan(1e-6);
    expect(Math.abs(fromHistograms - engine!.p)).toBeLessThan(1e-9);
    const answer = scope(await compare(`a=${NEW}`), '/int', 'INP');
    expect(answer).toMatchObject({ p: Number(engine!.p.toFixed(6)), a: { samples: 150 }, b: { samples: 150 } });
  });

  it('gives the same comparison from day summaries, and reads a day with a row after its build raw', async () => {
    const raw = await compare(`a=${NEW}`);
    expect(raw.meta.method).toMatch(/vitals: 0 of 1 days from summaries/);
    // The p75 of the histogram is within the sketch's 0.25 % of the exact (weighted nearest-rank) p75, above 1,023.5 ms.
    const [exact] = await collector.app.db.reader.query<{ p75: number }>(
      `SELECT quantileExactWeighted(0.75)(value, 1) AS p75 FROM (SELECT argMax(value, received_at) AS value FROM vitals WHERE app = 'shop' AND route = '/slow' AND release = {a:String} GROUP BY metric_id)`,
      { a: NEW },
    );
    expect(Math.abs(scope(raw, '/slow').a.p75! - exact!.p75)).toBeLessThanOrEqual(exact!.p75 * 0.0025 + 0.05);

    // Vitals, page views and workflow runs of the one day.
    expect(await collector.app.summaries.round()).toBeGreaterThanOrEqual(2);
    const summarised = await compare(`a=${NEW}`);
    expect(summarised.meta.method).toMatch(/vitals: 1 of 1 days from summaries; workflow runs: 1 of 1 days from summaries/);
    expect(summarised.data).toEqual(raw.data);

    // A late report of a new /int instance opens the day: read raw again, it counts at once.
    await insertRows(collector.app.db.writer, 'vitals', [
      vitalRow({ app: 'shop', metric: 'INP', value: 990, metricId: 'late-int', route: '/int', release: NEW }),
    ]);
    const open = await compare(`a=${NEW}`);
    expect(open.meta.method).toMatch(/vitals: 0 of 1 days from summaries/);
    expect(scope(open, '/int', 'INP').a.samples).toBe(151);
    expect(scope(open, '/int', 'INP').p).not.toBe(scope(raw, '/int', 'INP').p);
    await collector.app.summaries.round();
    const rebuilt = await compare(`a=${NEW}`);
    expect(rebuilt.meta.method).toMatch(/vitals: 1 of 1 days from summaries/);
    expect(rebuilt.data).toEqual(open.data);
  });

  it('answers 400 naming the parameter when there is no earlier release', async () => {
    const response = await apiGet(collector, `releases/compare?app=shop&from=${DAY}&to=${DAY}&a=${OLD}`, TOKENS.shop);
    expect(response.statusCode).toBe(400);
    expect(response.json()).toMatchObject({ error: { code: 'bad_filter', problems: [{ field: 'b' }] } });
  });
});
