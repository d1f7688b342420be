import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Collector } from '../support/http.js';
import { apiGet, startApiCollector, TOKENS, type ApiAnswer } from '../support/api.js';
import { DAY, evenly, insertRows, pageViewRow, vitalRow, type VitalSeed } from '../support/api-seeds.js';

let collector: Collector;

/**
 * Seeds with known answers, each scenario under its own env or app:
 * - production (shop): LCP 10, 20 … 10 000 ms on /known (1 000 instances), 9 000 ms ×40 on /slow, 20 000 ms ×3 on /tiny;
 *   CLS reported twice per instance (0.5 first, 0.05 last) ×100;
 * - cwv (shop): four page views, two of which pass Core Web Vitals;
 * - blog: 40 LCP instances at sample_rate 0.25;
 * - open: 10 LCP at 100 ms kept at rate 1, 10 at 1 000 ms kept at rate 0.1;
 * - series (shop): INP 10, 20 … 1 000 ms in the 13:00 hour; in the 14:00 hour 20 × 50 ms at rate 1 and 20 × 300 ms at rate 0.5.
 */
const seed = async () => {
  const vitals: VitalSeed[] = [
    ...evenly(1000, 10).map((value, i) => ({
      app: 'shop',
      metric: 'LCP' as const,
      value,
      metricId: `lcp-known-${i}`,
      route: '/known',
      at: i * 1000,
      selector: i % 4 === 0 ? 'img.hero' : 'h1',
      resourceUrl: i % 4 === 0 ? 'https://cdn.example/hero.jpg' : '',
      parts: { lcp_ttfb: 100, lcp_load_delay: 200, lcp_load_duration: 300, lcp_render_delay: i < 500 ? 10 : 30 },
    })),
    ...Array.from({ length: 40 }, (_, i) => ({
      app: 'shop',
      metric: 'LCP' as const,
      value: 9000,
      metricId: `lcp-slow-${i}`,
      route: '/slow',
      release: '1.1.0',
    })),
    ...Array.from({ length: 3 }, (_, i) => ({ app: 'shop', metric: 'LCP' as const, value: 20000, metricId: `lcp-tiny-${i}`, route: '/tiny' })),
    ...Array.from({ length: 100 }, (_, i) => [
      { app: 'shop', metric: 'CLS' as const, value: 0.5, metricId: `cls-${i}`, receivedAfter: 1000, selector: 'div.ad' },
      { app: 'shop', metric: 'CLS' as const, value: 0.05, metricId: `cls-${i}`, receivedAfter: 60_000, selector: 'div.banner' },
    ]).flat(),
    { app: 'shop', env: 'cwv', metric: 'LCP', value: 1000, metricId: 'cwv-a-lcp', pageId: 'page-a' },
    { app: 'shop', env: 'cwv', metric: 'INP', value: 100, metricId: 'cwv-a-inp', pageId: 'page-a', selector: 'button#buy', eventType: 'click' },
    { app: 'shop', env: 'cwv', metric: 'CLS', value: 0.01, metricId: 'cwv-a-cls', pageId: 'page-a' },
    { app: 'shop', env: 'cwv', metric: 'LCP', value: 1000, metricId: 'cwv-b-lcp', pageId: 'page-b' },
    { app: 'shop', env: 'cwv', metric: 'CLS', value: 0.3, metricId: 'cwv-b-cls', pageId: 'page-b' },
    { app: 'shop', env: 'cwv', metric: 'LCP', value: 5000, metricId: 'cwv-c-lcp', pageId: 'page-c' },
    { app: 'shop', env: 'cwv', metric: 'LCP', value: 1200, metricId: 'cwv-d-lcp', pageId: 'page-d' },
    { app: 'shop', env: 'cwv', metric: 'CLS', value: 0.02, metricId: 'cwv-d-cls', pageId: 'page-d' },
    { app: 'shop', env: 'geo', metric: 'LCP', value: 1000, metricId: 'geo-nl-1', country: 'NL' },
    { app: 'shop', env: 'geo', metric: 'LCP', value: 1100, metricId: 'geo-nl-2', country: 'NL' },
    { app: 'shop', env: 'geo', metric: 'LCP', value: 3000, metricId: 'geo-de-1', country: 'DE' },
    { app: 'shop', env: 'geo', metric: 'LCP', value: 60000, metricId: 'geo-bot-1', country: 'NL', deviceClass: 'bot' },
    ...Array.from({ length: 40 }, (_, i) => ({ app: 'blog', metric: 'LCP' as const, value: 1000 + i, metricId: `blog-lcp-${i}`, sampleRate: 0.25 })),
    ...Array.from({ length: 10 }, (_, i) => ({ app: 'open', metric: 'LCP' as const, value: 100, metricId: `open-fast-${i}`, sampleRate: 1 })),
    ...Array.from({ length: 10 }, (_, i) => ({ app: 'open', metric: 'LCP' as const, value: 1000, metricId: `open-slow-${i}`, sampleRate: 0.1 })),
    ...evenly(100, 10).map((value, i) => ({ app: 'shop', env: 'series', metric: 'INP' as const, value, metricId: `series-a-${i}`, at: 3600_000 + i * 1000 })),
    ...Array.from({ length: 20 }, (_, i) => [
      { app: 'shop', env: 'series', metric: 'INP' as const, value: 50, metricId: `series-fast-${i}`, at: 7200_000 + i * 1000 },
      { app: 'shop', env: 'series', metric: 'INP' as const, value: 300, metricId: `series-slow-${i}`, at: 7200_000 + i * 1000, sampleRate: 0.5 },
    ]).flat(),
  ];
  await insertRows(collector.app.db.writer, 'vitals', vitals.map(vitalRow));
  await insertRows(collector.app.db.writer, 'page_views', [
    pageViewRow({ app: 'shop', pageId: 'pv-1', release: '1.0.0', at: -3600_000 }),
    pageViewRow({ app: 'shop', pageId: 'pv-2', release: '1.0.0', at: -1800_000 }),
    pageViewRow({ app: 'shop', pageId: 'pv-2', release: '1.0.0', at: -1800_000 }),
    pageViewRow({ app: 'shop', pageId: 'pv-3', release: '1.1.0', at: 3600_000, sampleRate: 0.5 }),
  ]);
};

beforeAll(async () => {
  collector = await startApiCollector();
  await seed();
});
afterAll(async () => {
  await collector.close();
});

const get = async <D>(path: string, token: string = TOKENS.all): Promise<ApiAnswer<D>> => {
  const response = await apiGet(collector, path, token);
  expect(response.statusCode, response.body).toBe(200);
  return response.json() as ApiAnswer<D>;
};
const range = `from=${DAY}&to=${DAY}`;

interface Series {
  grain: string;
  points: (Omit<Metric, 'metric'> & { t: string })[];
}

interface Metric {
  metric: string;
  samples: number;
  count: number;
  p50: number;
  p75: number;
  p90: number;
  p95: number;
  p99: number;
  good: number;
  needsImprovement: number;
  poor: number;
  rating: string;
}

describe('vitals/summary', () => {
  it('gives nearest-rank percentiles of a known distribution and its rating shares', async () => {
    const answer = await get<{ metrics: Metric[] }>(`vitals/summary?app=shop&env=production&route=/known&${range}`);
    const lcp = answer.data.metrics.find((m) => m.metric === 'LCP')!;
    // 10 … 10 000 in steps of 10: the q-th percentile is the value at rank ⌈q·1000⌉.
    expect(lcp).toMatchObject({ samples: 1000, count: 1000, p50: 5000, p75: 7500, p90: 9000, p95: 9500, p99: 9900, rating: 'poor' });
    // ≤ 2 500 good (250), ≤ 4 000 needs improvement (150), the rest poor (600).
    expect(lcp).toMatchObject({ good: 0.25, needsImprovement: 0.15, poor: 0.6 });
    expect(answer.data.metrics.map((m) => m.metric)).toEqual(['LCP', 'INP', 'CLS', 'FCP', 'TTFB']);
    expect(answer.data.metrics.find((m) => m.metric === 'INP')).toMatchObject({ samples: 0, p75: null, rating: null });
    expect(answer.meta).toMatchObject({ cached: false, rows: 5 });
    expect(answer.meta.method).toMatch(/last report per metric instance/);
    expect(answer.filters).toEqual({ app: 'shop', env: 'production', route: '/known', from: DAY, to: DAY });
  });

  it('counts a metric instance reported twice once, by its last report', async () => {
    const { data } = await get<{ metrics: Metric[] }>(`vitals/summary?app=shop&env=production&${range}`);
    expect(data.metrics.find((m) => m.metric === 'CLS')).toMatchObject({ samples: 100, count: 100, p50: 0.05, p99: 0.05, good: 1, poor: 0, rating: 'good' });
  });

  it('weights counts by 1 / sample_rate', async () => {
    const { data } = await get<{ metrics: Metric[] }>(`vitals/summary?app=blog&${range}`);
    expect(data.metrics.find((m) => m.metric === 'LCP')).toMatchObject({ samples: 40, count: 160 });
  });

  it('weights percentiles by 1 / sample_rate when rates differ', async () => {
    // 10 fast instances stand for 10, 10 slow ones for 100: the weighted median is slow.
    const { data } = await get<{ metrics: Metric[] }>(`vitals/summary?app=open&${range}`);
    expect(data.metrics.find((m) => m.metric === 'LCP')).toMatchObject({ samples: 20, count: 110, p50: 1000, good: 1 });
  });

  it('gives the share of page views passing Core Web Vitals', async () => {
    const { data } = await get<{ cwvPass: { pageViews: number; passShare: number } }>(`vitals/summary?app=shop&env=cwv&${range}`);
    // a: all good; b: CLS poor; c: LCP poor; d: LCP and CLS good, no INP.
    expect(data.cwvPass).toEqual({ pageViews: 4, passShare: 0.5 });
  });

  it('answers CSV with one line per metric', async () => {
    const response = await apiGet(collector, `vitals/summary?app=shop&env=production&route=/known&${range}&format=csv`, TOKENS.all);
    expect(response.headers['content-type']).toMatch(/^text\/csv/);
    const [header, lcp] = response.body.trim().split('\r\n');
    expect(header).toBe('metric,samples,count,p50,p75,p90,p95,p99,good,needsImprovement,poor,rating');
    expect(lcp).toBe('LCP,1000,1000,5000,7500,9000,9500,9900,0.25,0.15,0.6,poor');
  });
});

describe('vitals/breakdown', () => {
  it('ranks groups by p75, worst first, and lists groups under minSamples last, unranked', async () => {
    const { data } = await get<{ groups: { key: string; samples: number; p75: number; enoughData: boolean }[]; minSamples: number }>(
      `vitals/breakdown?app=shop&env=production&by=route&metric=LCP&${range}`,
    );
    expect(data.minSamples).toBe(30);
    expect(data.groups.map((g) => [g.key, g.samples, g.p75, g.enoughData])).toEqual([
      ['/slow', 40, 9000, true],
      ['/known', 1000, 7500, true],
      ['/tiny', 3, 20000, false],
    ]);
  });

  it('leaves out self-named bots unless asked for device_class=bot', async () => {
    const people = await get<{ metrics: Metric[] }>(`vitals/summary?app=shop&env=geo&${range}`);
    expect(people.data.metrics.find((m) => m.metric === 'LCP')).toMatchObject({ samples: 3, p99: 3000 });
    const bots = await get<{ metrics: Metric[] }>(`vitals/summary?app=shop&env=geo&device_class=bot&${range}`);
    expect(bots.data.metrics.find((m) => m.metric === 'LCP')).toMatchObject({ samples: 1, p75: 60000 });
  });

  it('filters and breaks down by country', async () => {
    const nl = await get<{ metrics: Metric[] }>(`vitals/summary?app=shop&env=geo&country=NL&${range}`);
    expect(nl.data.metrics.find((m) => m.metric === 'LCP')).toMatchObject({ samples: 2, p75: 1100 });
    const { data } = await get<{ groups: { key: string; samples: number; p75: number }[] }>(
      `vitals/breakdown?app=shop&env=geo&by=country&minSamples=1&${range}`,
    );
    expect(data.groups.map((g) => [g.key, g.samples, g.p75])).toEqual([
      ['DE', 1, 3000],
      ['NL', 2, 1100],
    ]);
  });

  it('takes minSamples and other columns', async () => {
    const { data } = await get<{ groups: { key: string; enoughData: boolean }[] }>(
      `vitals/breakdown?app=shop&env=production&by=release&minSamples=41&${range}`,
    );
    expect(data.groups.map((g) => [g.key, g.enoughData])).toEqual([
      ['1.0.0', true],
      ['1.1.0', false],
    ]);
  });
});

describe('vitals/series', () => {
  it('gives hourly percentiles for a one-day range, the same figures as vitals/summary', async () => {
    const query = `app=shop&env=production&route=/known&${range}`;
    const { data } = await get<Series>(`vitals/series?${query}&metric=LCP`);
    expect(data.grain).toBe('hour');
    // One instance a second from noon: 1 000 instances fall in the 12:00 hour, so the hour is the whole day.
    expect(data.points).toEqual([
      {
        t: `${DAY}T12:00:00Z`,
        samples: 1000,
        count: 1000,
        p50: 5000,
        p75: 7500,
        p90: 9000,
        p95: 9500,
        p99: 9900,
        good: 0.25,
        needsImprovement: 0.15,
        poor: 0.6,
        rating: 'poor',
      },
    ]);
    const summary = await get<{ metrics: Metric[] }>(`vitals/summary?${query}`);
    const { metric: _, ...lcp } = summary.data.metrics.find((m) => m.metric === 'LCP')!;
    expect(data.points[0]).toEqual({ t: `${DAY}T12:00:00Z`, ...lcp });
  });

  it('gives each hour its own weighted percentiles and shares', async () => {
    const { data } = await get<Series>(`vitals/series?app=shop&env=series&metric=INP&${range}`);
    expect(data.points).toEqual([
      // 10 … 1 000 ms: the q-th percentile is the value at rank ⌈q·100⌉; ≤ 200 good (20), ≤ 500 needs improvement (30), the rest poor.
      {
        t: `${DAY}T13:00:00Z`,
        samples: 100,
        count: 100,
        p50: 500,
        p75: 750,
        p90: 900,
        p95: 950,
        p99: 990,
        good: 0.2,
        needsImprovement: 0.3,
        poor: 0.5,
        rating: 'poor',
      },
      // 20 × 50 ms stand for 20, 20 × 300 ms for 40: from p50 up every level is 300, and a third of the instances are good.
      {
        t: `${DAY}T14:00:00Z`,
        samples: 40,
        count: 60,
        p50: 300,
        p75: 300,
        p90: 300,
        p95: 300,
        p99: 300,
        good: 0.3333,
        needsImprovement: 0.6667,
        poor: 0,
        rating: 'needs-improvement',
      },
    ]);
  });

  it('answers CSV with every level as a column', async () => {
    const response = await apiGet(collector, `vitals/series?app=shop&env=series&metric=INP&${range}&format=csv`, TOKENS.all);
    const [header, first] = response.body.trim().split('\r\n');
    expect(header).toBe('metric,grain,t,samples,count,p50,p75,p90,p95,p99,good,needsImprovement,poor,rating');
    expect(first).toBe(`INP,hour,${DAY}T13:00:00Z,100,100,500,750,900,950,990,0.2,0.3,0.5,poor`);
  });

  it('gives daily points for longer ranges', async () => {
    const { data } = await get<{ grain: string; points: { t: string; samples: number }[] }>(
      `vitals/series?app=shop&env=production&metric=CLS&from=2026-11-01&to=${DAY}`,
    );
    expect(data.grain).toBe('day');
    expect(data.points).toEqual([expect.objectContaining({ t: `${DAY}T00:00:00Z`, samples: 100 })]);
  });
});

describe('vitals/attribution', () => {
  it('lists the top LCP elements and resources and the sub-part medians', async () => {
    const { data } = await get<{ top: { kind: string; key: string; samples: number }[]; parts: Record<string, number | null>; route: string }>(
      `vitals/attribution?app=shop&env=production&route=/known&metric=LCP&${range}`,
    );
    expect(data.route).toBe('/known');
    expect(data.top.map((t) => [t.kind, t.key, t.samples])).toEqual([
      ['element', 'h1', 750],
      ['element', 'img.hero', 250],
      ['resource', 'https://cdn.example/hero.jpg', 250],
    ]);
    expect(data.parts).toEqual({ lcp_ttfb: 100, lcp_load_delay: 200, lcp_load_duration: 300, lcp_render_delay: 10 });
  });

  it('names CLS sources from the last report of each instance', async () => {
    const { data } = await get<{ top: { kind: string; key: string; samples: number }[]; parts: object }>(
      `vitals/attribution?app=shop&env=production&metric=CLS&${range}`,
    );
    expect(data.top).toEqual([{ kind: 'source', key: 'div.banner', samples: 100, p75: 0.05 }]);
    expect(data.parts).toEqual({});
  });

  it('lists INP targets and event types', async () => {
    const { data } = await get<{ top: { kind: string; key: string }[]; parts: Record<string, number | null> }>(
      `vitals/attribution?app=shop&env=cwv&metric=INP&${range}`,
    );
    expect(data.top.map((t) => [t.kind, t.key])).toEqual([
      ['target', 'button#buy'],
      ['event_type', 'click'],
    ]);
    expect(data.parts).toEqual({ inp_input_delay: null, inp_processing: null, inp_presentation: null });
  });
});

describe('releases', () => {
  it('lists releases newest first, each page view once, weighted', async () => {
    const { data } = await get<unknown[]>(`releases?app=shop&${range}`);
    expect(data).toEqual([
      { release: '1.1.0', firstSeen: `${DAY}T13:00:00Z`, lastSeen: `${DAY}T13:00:00Z`, pageViews: 2 },
      { release: '1.0.0', firstSeen: `${DAY}T11:00:00Z`, lastSeen: `${DAY}T11:30:00Z`, pageViews: 2 },
    ]);
  });
});

describe('parameters', () => {
  it('answers 400 naming each bad parameter', async () => {
    const response = await apiGet(collector, 'vitals/breakdown?app=shop&by=colour&from=2026-13-01&nonsense=1&metric=XYZ', TOKENS.all);
    expect(response.statusCode).toBe(400);
    const { error } = response.json() as { error: { code: string; problems: { field: string }[] } };
    expect(error.code).toBe('bad_filter');
    expect(error.problems.map((p) => p.field).sort()).toEqual(['by', 'from', 'metric', 'nonsense']);
  });

  it('refuses filters an endpoint cannot apply', async () => {
    const response = await apiGet(collector, 'ingest?app=shop&route=/x', TOKENS.all);
    expect(response.statusCode).toBe(400);
    expect((response.json() as { error: { problems: { field: string; message: string }[] } }).error.problems).toEqual([
      expect.objectContaining({ field: 'route', message: expect.stringMatching(/cannot be filtered by route/) }),
    ]);
  });

  it('binds filter values as parameters, so SQL in a value is only a value', async () => {
    const { data } = await get<{ metrics: Metric[] }>(`vitals/summary?app=shop&route=${encodeURIComponent("/known' OR 1=1 --")}&${range}`);
    expect(data.metrics.every((m) => m.samples === 0)).toBe(true);
  });
});
