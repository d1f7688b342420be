import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadMigrations, render } from '../../collector/db/migrations.js';
import type { VitalsAttribution } from '../../collector/analysis/vitals-attribution.js';
import type { Collector } from '../support/http.js';
import { apiGet, startApiCollector, TOKENS, type ApiAnswer } from '../support/api.js';
import { DAY, insertRows, vitalRow, type VitalSeed } from '../support/api-seeds.js';

/**
 * vitals/attribution from the attribution day summaries (schema 091) must
 * give the exact answer of the raw rows: the same top lists with the same
 * instance counts, p75 and sub-part medians within the sketch's stated error.
 * Each question is asked before any build (raw, exact) and after. Seeds per
 * day: duplicate reports whose first report names another element, a bot,
 * a sampled app whose weighted figures differ from unweighted ones, twelve
 * resources tied on counts (the top 10 cut by key), and sub-parts that only
 * half the instances carry.
 */
let collector: Collector;
const DAYS = ['2026-11-08', '2026-11-09', DAY];
const dayOffset = (day: string) => Date.parse(`${day}T12:00:00Z`) - Date.parse(`${DAY}T12:00:00Z`);

const seeds = (day: string, d: number): VitalSeed[] => {
  const at = dayOffset(day);
  const home = { app: 'shop', route: '/home', at };
  return [
    ...Array.from({ length: 40 }, (_, i) => ({
      ...home,
      metric: 'LCP' as const,
      value: 500 + 37 * i + d,
      metricId: `${day}-lcp-home-${i}`,
      selector: ['img.hero', 'h1', 'h1', 'p.lead'][i % 4]!,
      resourceUrl: ['https://cdn.example/hero.jpg', 'https://cdn.example/font.woff', '', ''][i % 4]!,
      receivedAfter: 60_000,
      ...(i % 2 === 0 ? { parts: { lcp_ttfb: 100 + i, lcp_load_delay: 50 + 2 * i, lcp_load_duration: 300 + 3 * i, lcp_render_delay: 10 + (i % 7) } } : {}),
    })),
    // The first report of ten instances named an element their last report no longer does.
    ...Array.from({ length: 10 }, (_, i) => ({ ...home, metric: 'LCP' as const, value: 9999, metricId: `${day}-lcp-home-${i}`, selector: 'div.stale' })),
    ...Array.from({ length: 12 }, (_, i) => ({
      app: 'shop',
      route: '/cart',
      at,
      metric: 'LCP' as const,
      value: 2000 + 100 * i,
      metricId: `${day}-lcp-cart-${i}`,
      selector: 'img.cart',
      resourceUrl: `https://cdn.example/c${i}.png`,
    })),
    ...Array.from({ length: 30 }, (_, i) => ({
      ...home,
      metric: 'INP' as const,
      value: 40 + 11 * i,
      metricId: `${day}-inp-${i}`,
      selector: i % 3 === 0 ? 'button#buy' : 'input#q',
      eventType: i % 2 === 0 ? 'click' : 'keydown',
      parts: { inp_input_delay: i, inp_processing: 20 + 2 * i, inp_presentation: 8 + i },
    })),
    ...Array.from({ length: 20 }, (_, i) => [
      { ...home, metric: 'CLS' as const, value: 0.5, metricId: `${day}-cls-${i}`, selector: 'div.ad', receivedAfter: 1000 },
      { ...home, metric: 'CLS' as const, value: 0.01 * (i % 10), metricId: `${day}-cls-${i}`, selector: 'div.banner', receivedAfter: 60_000 },
    ]).flat(),
    { ...home, metric: 'LCP' as const, value: 60_000, metricId: `${day}-bot`, deviceClass: 'bot', selector: 'bot.only' },
    // Sampled: 30 instances of 100 ms kept at rate 1, 10 of 1,000 ms at rate 0.1 (each stands for ten).
    ...Array.from({ length: 40 }, (_, i) => ({
      app: 'blog',
      at,
      metric: 'LCP' as const,
      value: i < 30 ? 100 : 1000,
      metricId: `${day}-blog-${i}`,
      selector: 'img',
      sampleRate: i < 30 ? 1 : 0.1,
      parts: { lcp_ttfb: i < 30 ? 100 : 1000 },
    })),
  ];
};

beforeAll(async () => {
  collector = await startApiCollector();
  for (const [d, day] of DAYS.entries()) await insertRows(collector.app.db.writer, 'vitals', seeds(day, d).map(vitalRow));
});
afterAll(async () => {
  await collector.close();
});

const range = `from=${DAYS[0]}&to=${DAY}`;
const get = async (path: string): Promise<ApiAnswer<VitalsAttribution>> => {
  // A fresh answer each time: the cache would hand back the raw answer after a build.
  for (const app of ['shop', 'blog']) collector.app.readApi.cache.invalidate([{ app, table: 'vitals', firstReceivedAt: 0, lastReceivedAt: Date.now() }]);
  const response = await apiGet(collector, `vitals/attribution?${path}&${range}`, TOKENS.all);
  expect(response.statusCode, response.body).toBe(200);
  return response.json() as ApiAnswer<VitalsAttribution>;
};

/** The sketch's stated error (vitals-sketch.ts) plus the answer's own rounding. */
const tolerance = (metric: string, exact: number) => {
  const units = metric === 'CLS' ? exact * 1000 : exact;
  const error = units < 1023.5 ? 0.5 + 0.05 : units * 0.0025 + 0.05;
  return metric === 'CLS' ? error / 1000 : error;
};

const expectWithinSketchError = (q: string, summarised: VitalsAttribution, exact: VitalsAttribution) => {
  expect(
    summarised.top.map((t) => [t.kind, t.key, t.samples]),
    q,
  ).toEqual(exact.top.map((t) => [t.kind, t.key, t.samples]));
  for (const [i, entry] of exact.top.entries()) {
    expect(Math.abs(summarised.top[i]!.p75 - entry.p75), `${q} ${entry.key}`).toBeLessThanOrEqual(tolerance(exact.metric, entry.p75));
  }
  expect(Object.keys(summarised.parts)).toEqual(Object.keys(exact.parts));
  for (const [part, median] of Object.entries(exact.parts)) {
    if (median === null) expect(summarised.parts[part], `${q} ${part}`).toBeNull();
    else expect(Math.abs(summarised.parts[part]! - median), `${q} ${part}`).toBeLessThanOrEqual(tolerance('LCP', median));
  }
};

/** Questions the summaries answer: no filter, or a route. */
const SUMMARISED = [
  'app=shop&metric=LCP',
  'app=shop&metric=LCP&route=/home',
  'app=shop&metric=LCP&route=/cart',
  'app=shop&metric=INP&route=/home',
  'app=shop&metric=INP',
  'app=shop&metric=CLS',
  'app=blog&metric=LCP',
];
/** Questions with a filter the summaries do not carry: answered exactly from the instances. */
const EXACT = ['app=shop&metric=LCP&device_class=mobile', 'app=shop&metric=INP&route=/home&release=1.0.0', 'app=shop&metric=LCP&device_class=bot'];

describe('vitals/attribution from day summaries', () => {
  it('gives the raw answer: the same top lists and counts, percentiles within the sketch error', async () => {
    const raw = [];
    for (const q of SUMMARISED) raw.push(await get(q));
    const rawExact = [];
    for (const q of EXACT) rawExact.push(await get(q));
    for (const answer of [...raw, ...rawExact]) expect(answer.meta.method).toMatch(/quantileExactWeighted/);
    expect(raw[0]!.data.top.length).toBeGreaterThan(3);
    // Vitals of shop and blog, three days each.
    expect(await collector.app.summaries.round()).toBe(6);
    for (const [i, q] of SUMMARISED.entries()) {
      const answer = await get(q);
      expect(answer.meta.method, q).toMatch(/3 of 3 days from summaries/);
      expectWithinSketchError(q, answer.data, raw[i]!.data);
    }
    for (const [i, q] of EXACT.entries()) {
      const answer = await get(q);
      expect(answer.meta.method, q).toMatch(/quantileExactWeighted.*3 of 3 days from the summaries' deduplicated instances/);
      expect(answer.data, q).toEqual(rawExact[i]!.data);
    }
  });

  it('count each instance once, by its last report, and leave bots out', async () => {
    const { data } = await get('app=shop&metric=LCP&route=/home');
    expect(data.top.filter((t) => t.kind === 'element').map((t) => [t.key, t.samples])).toEqual([
      ['h1', 60],
      ['img.hero', 30],
      ['p.lead', 30],
    ]);
    const cls = await get('app=shop&metric=CLS');
    expect(cls.data.top.map((t) => [t.kind, t.key, t.samples])).toEqual([['source', 'div.banner', 60]]);
    expect(cls.data.top[0]!.p75).toBeCloseTo(0.07, 4);
    // Half the instances carry the sub-parts: the median of those, 100 + (0, 2 … 38) → 118 on each day.
    expect(data.parts.lcp_ttfb).toBe(118);
    const bots = await get('app=shop&metric=LCP&device_class=bot');
    expect(bots.data.top.map((t) => t.key)).toEqual(['bot.only']);
  });

  it('weight the sampled instances by 1 / sample_rate', async () => {
    const { data, meta } = await get('app=blog&metric=LCP');
    expect(meta.method).toMatch(/days from summaries/);
    // Unweighted, 30 of 40 instances are 100 ms; weighted, 100 of 130 are 1,000 ms.
    expect(data.top).toEqual([{ kind: 'element', key: 'img', samples: 120, p75: 1000 }]);
    expect(data.parts.lcp_ttfb).toBe(1000);
  });

  it('cut a top list of tied keys by key, as the exact answer does', async () => {
    const { data } = await get('app=shop&metric=LCP&route=/cart');
    expect(data.top.filter((t) => t.kind === 'resource').map((t) => [t.key, t.samples])).toEqual(
      ['c0', 'c1', 'c10', 'c11', 'c2', 'c3', 'c4', 'c5', 'c6', 'c7'].map((c) => [`https://cdn.example/${c}.png`, 3]),
    );
  });

  it('merge a day that received rows after its build from the raw rows', async () => {
    await insertRows(collector.app.db.writer, 'vitals', [
      vitalRow({ app: 'shop', route: '/home', metric: 'LCP', value: 4000, metricId: 'late-lcp', selector: 'img.late', at: dayOffset(DAYS[1]!) }),
    ]);
    const answer = await get('app=shop&metric=LCP&route=/home');
    expect(answer.meta.method).toMatch(/2 of 3 days from summaries/);
    const late = answer.data.top.find((t) => t.key === 'img.late')!;
    expect(late).toMatchObject({ kind: 'element', samples: 1 });
    expect(Math.abs(late.p75 - 4000)).toBeLessThanOrEqual(tolerance('LCP', 4000));
    // Every row is env=production: the same question, answered exactly from the instances and raw rows.
    const exact = await get('app=shop&metric=LCP&route=/home&env=production');
    expect(exact.meta.method).toMatch(/quantileExactWeighted/);
    expectWithinSketchError('late', answer.data, exact.data);
    expect(await collector.app.summaries.round()).toBe(1);
  });

  it('read days built before schema 091 from raw rows until they are rebuilt with attribution rows', async () => {
    const db = collector.app.db.writer;
    const database = collector.config.database.database;
    // A build of before the migration: the day's other summaries, no attribution rows.
    await db.command('DELETE FROM attribution_days WHERE 1');
    const migration = loadMigrations().find((m) => m.version === 91)!;
    for (const statement of migration.statements.filter((s) => s.startsWith('INSERT'))) {
      await db.command(render(statement, { database, rollup_retention_days: 400 }));
    }
    const before = await get('app=shop&metric=LCP');
    expect(before.meta.method).toMatch(/quantileExactWeighted/);
    expect(before.meta.method).not.toMatch(/deduplicated instances/);
    expect(await collector.app.summaries.round()).toBe(6);
    const after = await get('app=shop&metric=LCP');
    expect(after.meta.method).toMatch(/3 of 3 days from summaries/);
    expectWithinSketchError('rebuilt', after.data, before.data);
  });
});
