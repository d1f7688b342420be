import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { summaryPlan } from '../../collector/analysis/summary-plan.js';
import type { Distribution } from '../../collector/analysis/vitals-truth.js';
import { changedDays } from '../../collector/summaries/changed-days.js';
import { coveredBlock } from '../../collector/summaries/covered-block.js';
import { buildVitalsDay } from '../../collector/summaries/vitals-day.js';
import type { Collector } from '../support/http.js';
import { apiGet, startApiCollector, TOKENS, type ApiAnswer } from '../support/api.js';
import { DAY, evenly, insertRows, vitalRow, type VitalSeed } from '../support/api-seeds.js';

/**
 * A day that got rows after its latest build is answered from that build plus
 * only the rows stored after it (summary-plan.ts `incremental`,
 * open-day-delta.ts). Each answer must equal the raw truth of all rows within
 * the sketch's stated error, with counts exact: a re-report replaces the
 * instance the build holds, a duplicate counts once, a sampled app weighs
 * 1 / sample_rate, and a row stored while a build starts is neither lost nor
 * counted twice. The raw truth is the same question with a second envelope
 * filter every row matches (summaries serve one filter at most).
 */
let collector: Collector;
const RANGE = `from=2026-11-09&to=${DAY}`;
const RAW_FILTER = '&env=production&connection=4g';
const BEFORE = -86_400_000;

const page = (i: number) => ({ pageId: `page-${i}`, route: i % 3 === 0 ? '/cart' : '/home', release: i % 2 === 0 ? '2.0' : '1.0' });
const lcp = (i: number, value: number, extra: Partial<VitalSeed> = {}): VitalSeed => ({
  app: 'shop',
  metric: 'LCP',
  value,
  metricId: `lcp-${i}`,
  ...page(i),
  at: i * 60_000,
  ...extra,
});
const cls = (i: number, value: number, extra: Partial<VitalSeed> = {}): VitalSeed => ({
  app: 'shop',
  metric: 'CLS',
  value,
  metricId: `cls-${i}`,
  ...page(i),
  at: i * 60_000,
  ...extra,
});

/** 300 page views with an LCP (all good) and a CLS each; 100 sampled blog LCPs at 1 in 4; a bot; one earlier sealed day. */
const FIRST: VitalSeed[] = [
  ...evenly(300, 7).map((value, i) => lcp(i, value + 0.4)),
  ...Array.from({ length: 300 }, (_, i) => cls(i, 0.002 * (i % 40))),
  ...Array.from({ length: 100 }, (_, i) => ({ app: 'blog', metric: 'LCP' as const, value: 900 + 30 * i, metricId: `blog-${i}`, sampleRate: 0.25 })),
  { app: 'shop', metric: 'LCP', value: 50_000, metricId: 'bot-1', deviceClass: 'bot' },
  ...evenly(200, 9).map((value, i) => lcp(1000 + i, value, { at: BEFORE + i * 1000 })),
];

/** After the build: re-reports that change bucket and rating, a new instance, a new page view, a duplicate, a sampled re-report, a bot. */
const LATER: VitalSeed[] = [
  // Page 4: LCP 35 ms good → 5,200 ms poor; its page view stops passing.
  lcp(4, 5200, { receivedAfter: 3_600_000 }),
  // Page 7: CLS 0.014 good → 0.31 poor, received twice (a duplicate).
  cls(7, 0.31, { receivedAfter: 3_600_000 }),
  cls(7, 0.31, { receivedAfter: 3_600_000 }),
  // A re-report received before the build's copy was (a replayed spool): the build's value still wins.
  lcp(8, 9999, { receivedAfter: 10 }),
  // A new instance (INP) of page 5, and a new page view with LCP and CLS.
  { app: 'shop', metric: 'INP', value: 640, metricId: 'inp-5', ...page(5), at: 5 * 60_000 },
  lcp(900, 3100, { at: 30_000 }),
  cls(900, 0.02, { at: 30_000 }),
  // Sampled: blog-3 from 990 ms to 4,000 ms.
  { app: 'blog', metric: 'LCP', value: 4000, metricId: 'blog-3', sampleRate: 0.25, receivedAfter: 3_600_000 },
  { app: 'shop', metric: 'LCP', value: 40_000, metricId: 'bot-2', deviceClass: 'bot' },
];

beforeAll(async () => {
  collector = await startApiCollector();
  await insertRows(collector.app.db.writer, 'vitals', FIRST.map(vitalRow));
  await collector.app.summaries.round();
  await insertRows(collector.app.db.writer, 'vitals', LATER.map(vitalRow));
});
afterAll(async () => {
  await collector.close();
});

type Summary = { metrics: (Distribution & { metric: string })[]; cwvPass: { pageViews: number; passShare: number | null } };
type Groups = { groups: (Distribution & { key: string })[] };
type Series = { points: (Distribution & { t: string })[] };

const get = async <D>(path: string): Promise<ApiAnswer<D>> => {
  for (const app of ['shop', 'blog']) collector.app.readApi.cache.invalidate([{ app, table: 'vitals', firstReceivedAt: 0, lastReceivedAt: Date.now() }]);
  const response = await apiGet(collector, path, TOKENS.all);
  expect(response.statusCode, response.body).toBe(200);
  return response.json() as ApiAnswer<D>;
};

/** The sketch's stated error for one percentile, plus the answers' own rounding. */
const tolerance = (metric: string, exact: number) => {
  const units = metric === 'CLS' ? exact * 1000 : exact;
  const error = units < 1023.5 ? 0.5 + 0.05 : units * 0.0025 + 0.05;
  return metric === 'CLS' ? error / 1000 : error;
};

const expectClose = (metric: string, answer: Distribution | undefined, exact: Distribution) => {
  expect(answer, metric).toBeDefined();
  expect(answer!.samples, metric).toBe(exact.samples);
  expect(answer!.count, metric).toBeCloseTo(exact.count, 2);
  for (const share of ['good', 'needsImprovement', 'poor'] as const) expect(answer![share], `${metric} ${share}`).toBeCloseTo(exact[share] ?? 0, 4);
  for (const level of ['p50', 'p75', 'p90', 'p95', 'p99'] as const) {
    if (exact[level] === null) expect(answer![level]).toBeNull();
    else expect(Math.abs(answer![level]! - exact[level]!), `${metric} ${level}`).toBeLessThanOrEqual(tolerance(metric, exact[level]!));
  }
};

const expectSummaryAsRaw = async (query: string, method: RegExp) => {
  const answer = await get<Summary>(`vitals/summary?${query}&${RANGE}`);
  const raw = await get<Summary>(`vitals/summary?${query}&${RANGE}${RAW_FILTER}`);
  expect(answer.meta.method, query).toMatch(method);
  expect(raw.meta.method).toMatch(/^raw vitals table/);
  for (const exact of raw.data.metrics)
    expectClose(
      `${query} ${exact.metric}`,
      answer.data.metrics.find((m) => m.metric === exact.metric),
      exact,
    );
  expect(answer.data.cwvPass.pageViews).toBeCloseTo(raw.data.cwvPass.pageViews, 2);
  expect(answer.data.cwvPass.passShare ?? -1).toBeCloseTo(raw.data.cwvPass.passShare ?? -1, 4);
  return answer.data;
};

const INCREMENTAL = /2 of 2 days from summaries, 1 of them with the raw rows stored after its latest build/;

describe('an open day answered from its build and the rows stored after it', () => {
  it('plans the day as incremental on its latest build', async () => {
    const plan = (await summaryPlan(collector.app.db.reader, { app: 'shop', from: '2026-11-09', to: DAY }, 'vitals'))!;
    expect(plan.sealed.map((s) => s.day)).toEqual(['2026-11-09']);
    expect(plan.open).toEqual([DAY]);
    expect(plan.incremental).toMatchObject([{ day: DAY }]);
    expect(plan.incremental[0]!.block).toBeGreaterThan(0);
  });

  it('gives the raw truth: re-reports replace, duplicates count once, new instances and page views add', async () => {
    const shop = await expectSummaryAsRaw('app=shop', INCREMENTAL);
    // 300 + 1 new page view's LCP today and 200 yesterday; the bots never count; CLS: 300 + 1, page 7's counted once.
    expect(shop.metrics.find((m) => m.metric === 'LCP')).toMatchObject({ samples: 501, count: 501 });
    expect(shop.metrics.find((m) => m.metric === 'CLS')).toMatchObject({ samples: 301, count: 301 });
    expect(shop.metrics.find((m) => m.metric === 'INP')).toMatchObject({ samples: 1, p50: 640 });
    // LCP: page 4 (5,200 ms) and page 900 (3,100 ms) are not good; page 8's 9,999 ms lost to the build's copy.
    expect(shop.metrics.find((m) => m.metric === 'LCP')!.p99).toBeLessThan(9999);
    // 301 page views today, 200 the day before; page 4 (LCP), 5 (its new INP, 640 ms), 7 (CLS) and 900 (LCP) fail.
    expect(shop.cwvPass).toEqual({ pageViews: 501, passShare: Number((497 / 501).toFixed(4)) });
    const blog = await expectSummaryAsRaw('app=blog', /1 of 2 days from summaries, 1 of them with the raw rows/);
    // 100 sampled instances at 1 in 4 stand for 400; blog-3 replaced, not added.
    expect(blog.metrics.find((m) => m.metric === 'LCP')).toMatchObject({ samples: 100, count: 400 });
    await expectSummaryAsRaw('app=shop&route=/cart', INCREMENTAL);
    await expectSummaryAsRaw('app=shop&release=2.0', INCREMENTAL);
  });

  it('breaks down and draws series as the raw truth does', async () => {
    for (const [by, metric] of [
      ['route', 'LCP'],
      ['release', 'CLS'],
    ] as const) {
      const answer = await get<Groups>(`vitals/breakdown?app=shop&by=${by}&metric=${metric}&${RANGE}`);
      const raw = await get<Groups>(`vitals/breakdown?app=shop&by=${by}&metric=${metric}&${RANGE}&env=production`);
      expect(answer.meta.method).toMatch(INCREMENTAL);
      expect(answer.data.groups.map((g) => g.key).sort()).toEqual(raw.data.groups.map((g) => g.key).sort());
      for (const group of raw.data.groups)
        expectClose(
          `${by} ${group.key}`,
          answer.data.groups.find((g) => g.key === group.key),
          group,
        );
    }
    for (const metric of ['LCP', 'CLS', 'INP']) {
      // Hourly (two days): the whole app's hour rows plus the signed instances, each in the hour of its first report.
      const answer = await get<Series>(`vitals/series?app=shop&metric=${metric}&${RANGE}`);
      const raw = await get<Series>(`vitals/series?app=shop&metric=${metric}&${RANGE}&env=production`);
      expect(answer.meta.method).toMatch(INCREMENTAL);
      expect(answer.data.points.map((p) => p.t)).toEqual(raw.data.points.map((p) => p.t));
      for (const [j, point] of raw.data.points.entries()) expectClose(`${metric} ${point.t}`, answer.data.points[j], point);
    }
  });

  it('counts a row stored while a build starts once: in the build, and replaced by itself after it', async () => {
    const db = collector.app.db.reader;
    const [day] = (await changedDays(db, 'vitals', 64)).filter((d) => d.app === 'shop' && d.day === DAY);
    // The build's insert point is read first; these rows are stored before the build reads the raw rows, so it holds them too.
    const block = await coveredBlock(db, 'vitals');
    await insertRows(
      collector.app.db.writer,
      'vitals',
      [lcp(4, 80, { receivedAfter: 7_200_000 }), lcp(901, 60, { at: 40_000 }), cls(901, 0, { at: 40_000 })].map(vitalRow),
    );
    await buildVitalsDay(db, { app: 'shop', day: DAY, covered: day!.marked, build: Date.now() * 1000, block });
    const plan = (await summaryPlan(db, { app: 'shop', from: '2026-11-09', to: DAY }, 'vitals'))!;
    expect(plan.incremental).toMatchObject([{ day: DAY }]);
    const shop = await expectSummaryAsRaw('app=shop', INCREMENTAL);
    // One more page view (901), page 4 passes again.
    expect(shop.metrics.find((m) => m.metric === 'LCP')).toMatchObject({ samples: 502, count: 502 });
    expect(shop.cwvPass).toEqual({ pageViews: 502, passShare: Number((499 / 502).toFixed(4)) });
  });

  it('seals the day at the next build, with the same answers', async () => {
    const before = await get<Summary>(`vitals/summary?app=shop&${RANGE}`);
    await collector.app.summaries.round();
    const after = await get<Summary>(`vitals/summary?app=shop&${RANGE}`);
    expect(after.meta.method).toMatch(/\(2 of 2 days from summaries\)/);
    expect(after.data).toEqual(before.data);
  });
});
