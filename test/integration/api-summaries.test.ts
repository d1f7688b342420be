import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { summaryPlan } from '../../collector/analysis/summary-plan.js';
import type { Distribution } from '../../collector/analysis/vitals-truth.js';
import type { Collector } from '../support/http.js';
import { apiGet, startApiCollector, TOKENS, type ApiAnswer } from '../support/api.js';
import { DAY, evenly, insertRows, vitalRow, type VitalSeed } from '../support/api-seeds.js';
import { insertVisits } from '../support/stats-seeds.js';

/**
 * Day summaries (schema 050, collector/summaries/) must give the raw truth's
 * answers within the sketch's stated error: counts and shares equal,
 * percentiles within 0.5 ms below 1,023.5 ms and within 0.25 % above (CLS: 0.0005 below
 * 1.0235). Every answer is asked twice, before any build (raw, exact) and after
 * (summaries), on three days with duplicate reports, a sampled app and a bot.
 */
let collector: Collector;
const DAYS = ['2026-11-08', '2026-11-09', DAY];
const dayOffset = (day: string) => Date.parse(`${day}T12:00:00Z`) - Date.parse(`${DAY}T12:00:00Z`);

const seeds = (day: string, d: number): VitalSeed[] => {
  const at = dayOffset(day);
  // Every report of a page view carries its envelope, as the SDK sends it.
  const page = (i: number) => ({ pageId: `${day}-page-${i}`, route: i % 3 === 0 ? '/cart' : '/home', release: d === 2 ? '2.0' : '1.0' });
  return [
    ...evenly(600, 10 + d).map((value, i) => ({
      app: 'shop',
      metric: 'LCP' as const,
      value: value + 0.4,
      metricId: `${day}-lcp-${i}`,
      ...page(i),
      at: at + i * 1000,
    })),
    ...Array.from({ length: 300 }, (_, i) => [
      { app: 'shop', metric: 'CLS' as const, value: 0.5, metricId: `${day}-cls-${i}`, ...page(i), at, receivedAfter: 1000 },
      { app: 'shop', metric: 'CLS' as const, value: 0.01 * (i % 20), metricId: `${day}-cls-${i}`, ...page(i), at, receivedAfter: 60_000 },
    ]).flat(),
    ...Array.from({ length: 200 }, (_, i) => ({
      app: 'shop',
      metric: 'INP' as const,
      value: 40 + i * 3,
      metricId: `${day}-inp-${i}`,
      ...page(i),
      at: at + i * 60_000,
    })),
    { app: 'shop', metric: 'LCP' as const, value: 60_000, metricId: `${day}-bot`, deviceClass: 'bot', at },
    ...Array.from({ length: 80 }, (_, i) => ({ app: 'blog', metric: 'LCP' as const, value: 900 + 40 * i, metricId: `${day}-blog-${i}`, sampleRate: 0.25, at })),
  ];
};

beforeAll(async () => {
  collector = await startApiCollector();
  for (const [d, day] of DAYS.entries()) {
    await insertRows(collector.app.db.writer, 'vitals', seeds(day, d).map(vitalRow));
    // Sessions of one to four page views over a few routes, some sampled at 1 in 2, each page view reported twice.
    await insertVisits(
      collector.app.db.writer,
      Array.from({ length: 30 }, (_, i) => ({
        app: 'shop',
        sessionId: `${day}-s${i}`,
        routes: ['/', '/a', '/b', '/a'].slice(i % 3, (i % 3) + 1 + (i % 4)),
        start: Date.parse(`${day}T08:00:00Z`) + i * 600_000,
        sampleRate: i % 5 === 0 ? 0.5 : 1,
        deviceClass: i % 2 === 0 ? 'mobile' : 'desktop',
      })),
    );
  }
});
afterAll(async () => {
  await collector.close();
});

type Summary = { metrics: (Distribution & { metric: string })[]; cwvPass: { pageViews: number; passShare: number | null } };
type Breakdown = { groups: (Distribution & { key: string })[] };
type Series = { points: (Distribution & { t: string })[] };

const get = async <D>(path: string, token: string = TOKENS.all): Promise<ApiAnswer<D>> => {
  // A fresh answer each time: the cache would hand back the raw answer after a build.
  for (const app of ['shop', 'blog']) collector.app.readApi.cache.invalidate([{ app, table: 'vitals', firstReceivedAt: 0, lastReceivedAt: Date.now() }]);
  const response = await apiGet(collector, path, token);
  expect(response.statusCode, response.body).toBe(200);
  return response.json() as ApiAnswer<D>;
};

/** The sketch's stated error for one percentile of `metric`. */
const tolerance = (metric: string, exact: number) => {
  const units = metric === 'CLS' ? exact * 1000 : exact;
  // Half a unit below 1,023.5 (plus the answer's own rounding to 0.1 ms or 4 digits of CLS), 0.25 % above.
  const error = units < 1023.5 ? 0.5 + 0.05 : units * 0.0025 + 0.05;
  return metric === 'CLS' ? error / 1000 : error;
};

const expectWithinSketchError = (metric: string, summarised: Distribution, exact: Distribution) => {
  expect(summarised.samples).toBe(exact.samples);
  expect(summarised.count).toBeCloseTo(exact.count, 1);
  for (const share of ['good', 'needsImprovement', 'poor'] as const) expect(summarised[share]).toBeCloseTo(exact[share]!, 3);
  for (const level of ['p50', 'p75', 'p90', 'p95', 'p99'] as const) {
    expect(Math.abs(summarised[level]! - exact[level]!), `${metric} ${level}: ${summarised[level]} vs ${exact[level]}`).toBeLessThanOrEqual(
      tolerance(metric, exact[level]!),
    );
  }
};

const QUERIES = [
  `vitals/summary?app=shop&from=${DAYS[0]}&to=${DAY}`,
  `vitals/summary?app=shop&route=/cart&from=${DAYS[0]}&to=${DAY}`,
  `vitals/summary?app=blog&from=${DAYS[0]}&to=${DAY}`,
  `vitals/summary?app=shop&release=2.0&from=${DAYS[1]}&to=${DAY}`,
];
const SERIES = [
  `vitals/series?app=shop&metric=LCP&from=${DAYS[0]}&to=${DAY}`,
  `vitals/series?app=shop&metric=CLS&route=/cart&from=${DAYS[0]}&to=${DAY}`,
  `vitals/series?app=shop&metric=INP&from=${DAY}&to=${DAY}`,
];
/** Answers that give the same figures once summarised: from the deduplicated instances, or (compare) from the same histograms. */
const EXACT = [
  `vitals/attribution?app=shop&metric=CLS&route=/cart&release=1.0&from=${DAYS[0]}&to=${DAY}`,
  `vitals/summary?app=shop&route=/cart&release=2.0&from=${DAYS[0]}&to=${DAY}`,
  `vitals/breakdown?app=shop&by=route&metric=INP&release=1.0&from=${DAYS[0]}&to=${DAY}`,
  `releases/compare?app=shop&a=2.0&b=1.0&from=${DAYS[0]}&to=${DAY}`,
];
const BREAKDOWNS = [
  `vitals/breakdown?app=shop&by=route&metric=LCP&from=${DAYS[0]}&to=${DAY}`,
  `vitals/breakdown?app=shop&by=release&metric=CLS&from=${DAYS[0]}&to=${DAY}`,
];

describe('day summaries', () => {
  it('answer as the raw truth does, within the sketch error, and say so', async () => {
    const exact = await Promise.all(QUERIES.map((q) => get<Summary>(q)));
    const exactBreakdowns = await Promise.all(BREAKDOWNS.map((q) => get<Breakdown>(q)));
    const exactSeries = await Promise.all(SERIES.map((q) => get<Series>(q)));
    const exactAnswers = await Promise.all(EXACT.map((q) => get<unknown>(q)));
    expect(exact[0]!.meta.method).toMatch(/quantilesExactWeighted|last report per metric instance/);
    // Vitals: three days of shop, three of blog; page views: three days of shop.
    expect(await collector.app.summaries.round()).toBe(9);
    for (const [i, q] of QUERIES.entries()) {
      const answer = await get<Summary>(q);
      expect(answer.meta.method, q).toMatch(/days from summaries/);
      for (const metric of exact[i]!.data.metrics) {
        const summarised = answer.data.metrics.find((m) => m.metric === metric.metric)!;
        if (metric.samples === 0) expect(summarised.samples).toBe(0);
        else expectWithinSketchError(metric.metric, summarised, metric);
      }
      expect(answer.data.cwvPass.pageViews).toBeCloseTo(exact[i]!.data.cwvPass.pageViews, 2);
      expect(answer.data.cwvPass.passShare).toBeCloseTo(exact[i]!.data.cwvPass.passShare ?? 0, 3);
    }
    for (const [i, q] of BREAKDOWNS.entries()) {
      const answer = await get<Breakdown>(q);
      expect(answer.meta.method).toMatch(/days from summaries/);
      expect(answer.data.groups.map((g) => g.key).sort()).toEqual(exactBreakdowns[i]!.data.groups.map((g) => g.key).sort());
      for (const group of exactBreakdowns[i]!.data.groups)
        expectWithinSketchError(
          q.includes('CLS') ? 'CLS' : 'LCP',
          answer.data.groups.find((g) => g.key === group.key)!,
          group,
        );
    }
    for (const [i, q] of EXACT.entries()) {
      const answer = await get<unknown>(q);
      // releases/compare reads its histograms from the summaries, and the raw truth's days bucketed alike: the same histograms, so the same answer.
      expect(answer.meta.method, q).toMatch(
        q.startsWith('releases/compare') ? /vitals: 3 of 3 days from summaries/ : /3 of 3 days from the summaries' deduplicated instances/,
      );
      expect(answer.data, q).toEqual(exactAnswers[i]!.data);
    }
    for (const [i, q] of SERIES.entries()) {
      const answer = await get<Series>(q);
      expect(answer.meta.method).toMatch(/days from summaries/);
      const exactPoints = exactSeries[i]!.data.points;
      expect(answer.data.points.map((p) => p.t)).toEqual(exactPoints.map((p) => p.t));
      expect(exactPoints.length).toBeGreaterThan(1);
      for (const [j, point] of exactPoints.entries()) expectWithinSketchError(/metric=(\w+)/.exec(q)![1]!, answer.data.points[j]!, point);
    }
  });

  it('give the usage and releases answers the raw rows give', async () => {
    // The raw answer is the same question with a filter usage summaries do not serve (every row is env=production).
    const range = `from=${DAYS[0]}&to=${DAY}`;
    const summarised = await get<Record<string, unknown>>(`usage?app=shop&${range}`);
    const raw = await get<Record<string, unknown>>(`usage?app=shop&env=production&${range}`);
    expect(summarised.meta.method).toMatch(/3 of 3 days from day summaries/);
    expect(raw.meta.method).not.toMatch(/summaries/);
    expect(summarised.data).toEqual(raw.data);
    // 30 sessions a day, 6 of them kept at 1 in 2 (each stands for two): 24 + 12 = 36 a day.
    expect(summarised.data).toMatchObject({ sessions: 108 });
    const releases = await get<unknown[]>(`releases?app=shop&${range}`);
    const rawReleases = await get<unknown[]>(`releases?app=shop&env=production&${range}`);
    expect(releases.meta.method).toMatch(/3 of 3 days from day summaries/);
    expect(releases.data).toEqual(rawReleases.data);
  });

  it('count a duplicate report once and leave bots out, as the raw truth does', async () => {
    const { data } = await get<Summary>(`vitals/summary?app=shop&from=${DAYS[0]}&to=${DAY}`);
    // 300 CLS instances a day, each reported twice; the bot's 60 s LCP never counts.
    expect(data.metrics.find((m) => m.metric === 'CLS')).toMatchObject({ samples: 900, count: 900 });
    expect(data.metrics.find((m) => m.metric === 'LCP')!.p99).toBeLessThan(60_000);
  });

  it('read a day from its build and the rows stored after it as soon as rows arrive after its build', async () => {
    const filters = { app: 'shop', from: DAYS[0]!, to: DAY };
    expect((await summaryPlan(collector.app.db.reader, filters, 'vitals'))!.open).toEqual([]);
    await insertRows(collector.app.db.writer, 'vitals', [vitalRow({ app: 'shop', metric: 'INP', value: 900, metricId: 'late-inp', at: dayOffset(DAYS[1]!) })]);
    const plan = (await summaryPlan(collector.app.db.reader, filters, 'vitals'))!;
    expect(plan.open).toEqual([DAYS[1]]);
    expect(plan.incremental.map((i) => i.day)).toEqual([DAYS[1]]);
    const { data, meta } = await get<Summary>(`vitals/summary?app=shop&from=${DAYS[0]}&to=${DAY}`);
    expect(meta.method).toMatch(/3 of 3 days from summaries, 1 of them with the raw rows stored after its latest build/);
    expect(data.metrics.find((m) => m.metric === 'INP')).toMatchObject({ samples: 601 });
    expect(await collector.app.summaries.round()).toBe(1);
    expect((await summaryPlan(collector.app.db.reader, filters, 'vitals'))!.open).toEqual([]);
    expect((await get<Summary>(`vitals/summary?app=shop&from=${DAYS[0]}&to=${DAY}`)).data.metrics.find((m) => m.metric === 'INP')).toMatchObject({
      samples: 601,
    });
  });

  it('never read rows of a build that did not finish', async () => {
    const db = collector.app.db.writer;
    await db.command(
      `INSERT INTO vitals_days (app, day, build, dim, value, metric, slot, samples, count, good, needs_improvement, poor, hist)
      SELECT 'shop', toDate('${DAY}'), 1, '', '', 'LCP', toDateTime('${DAY} 00:00:00', 'UTC'), 1000000, 1000000, 0, 0, 1,
        map(toUInt16(2000), toUInt64(1000))`,
    );
    const { data } = await get<Summary>(`vitals/summary?app=shop&from=${DAY}&to=${DAY}`);
    expect(data.metrics.find((m) => m.metric === 'LCP')!.samples).toBe(600);
  });

  it('keep an instance only as long as its raw rows are kept', async () => {
    const retentions = async (metricId: string) =>
      (
        await collector.app.db.reader.query<{ r: number }>(`SELECT retention_days AS r FROM vitals_instances WHERE metric_id = {id:String}`, { id: metricId })
      ).map((row) => Number(row.r));
    // The seeds keep raw rows 3,650 days; the built instance carries that.
    expect(await retentions(`${DAY}-lcp-0`)).toEqual([3650]);
    // The same instance with a one-day retention has expired, as its raw rows would have: ClickHouse does not keep it.
    await collector.app.db.writer.command(
      `INSERT INTO vitals_instances SELECT * REPLACE ('expired-lcp' AS metric_id, 1 AS retention_days) FROM vitals_instances WHERE metric_id = '${DAY}-lcp-0'`,
    );
    expect(await retentions('expired-lcp')).toEqual([]);
  });

  it('are refused to a token of another app like every answer', async () => {
    const response = await apiGet(collector, `vitals/summary?app=shop&from=${DAYS[0]}&to=${DAY}`, TOKENS.blog);
    expect(response.statusCode).toBe(403);
  });
});
