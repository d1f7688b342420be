import type { MetricName } from '../../schema/events.js';
import type { Database } from '../../collector/db/types.js';
import { toClickHouseTime } from '../../collector/rows/time.js';
import { DAY, insertRows, pageViewRow, vitalRow, type VitalSeed } from '../support/api-seeds.js';

/** The seeded week: six days before DAY up to DAY (UTC). */
export const FROM = new Date(Date.parse(`${DAY}T00:00:00Z`) - 6 * 86_400_000).toISOString().slice(0, 10);
export const TO = DAY;
const DAY_MS = 86_400_000;

/** A fixed pseudo-random sequence, so every run seeds the same rows. */
const random = (seed: number) => () => {
  seed = (seed * 1_103_515_245 + 12_345) % 2 ** 31;
  return seed / 2 ** 31;
};

/** Typical values per route; release 2.0.0 makes /checkout's LCP slower. */
const ROUTES: readonly { route: string; views: number; base: Record<MetricName, number> }[] = [
  { route: '/', views: 160, base: { LCP: 1800, INP: 120, CLS: 0.04, FCP: 1100, TTFB: 380 } },
  { route: '/products/:id', views: 120, base: { LCP: 2600, INP: 180, CLS: 0.12, FCP: 1500, TTFB: 520 } },
  { route: '/checkout', views: 140, base: { LCP: 3000, INP: 340, CLS: 0.06, FCP: 1700, TTFB: 700 } },
  { route: '/account', views: 8, base: { LCP: 5200, INP: 600, CLS: 0.3, FCP: 3200, TTFB: 1900 } },
];
const METRICS: readonly MetricName[] = ['LCP', 'INP', 'CLS', 'FCP', 'TTFB'];

/**
 * A week of a shop: page views and all five Web Vitals on four routes (one
 * with too few samples to rank), two releases, mobile and desktop, workflow
 * runs with steps and outcomes; and a little of a blog, which the shop's
 * token must never show.
 */
export const seedDashboard = async (db: Database): Promise<void> => {
  const next = random(42);
  const vitals: VitalSeed[] = [];
  const pages: Record<string, unknown>[] = [];
  const runs: Record<string, unknown>[] = [];
  const steps: Record<string, unknown>[] = [];
  let n = 0;
  for (let day = 6; day >= 0; day -= 1) {
    const release = day >= 3 ? '1.9.0' : '2.0.0';
    for (const { route, views, base } of ROUTES) {
      for (let v = 0; v < views / 7; v += 1) {
        n += 1;
        const pageId = `pv-${n}`;
        const at = -day * DAY_MS + Math.floor(next() * 10 * 3600_000) - 4 * 3600_000;
        const deviceClass = next() < 0.6 ? 'mobile' : 'desktop';
        const slower = route === '/checkout' && release === '2.0.0' ? 1.5 : 1;
        // One visit per day and index walks the routes: sessions of several page views, with route-to-route steps.
        pages.push({
          ...pageViewRow({ app: 'shop', pageId, release, at, route }),
          session_id: `s-${day}-${v}`,
          device_class: deviceClass,
          browser: next() < 0.7 ? 'Chrome' : 'Safari',
          connection: '4g',
        });
        for (const metric of METRICS) {
          const spread = 0.4 + next() * 1.4;
          const value = metric === 'CLS' ? Math.round(base.CLS * spread * 1000) / 1000 : Math.round(base[metric] * spread * (metric === 'LCP' ? slower : 1));
          vitals.push({
            app: 'shop',
            metric,
            value,
            metricId: `${pageId}-${metric}`,
            pageId,
            route,
            release,
            deviceClass,
            at: at + 500,
            selector:
              metric === 'LCP' ? (route === '/' ? 'img.hero' : 'h1.title') : metric === 'INP' ? 'button#add-to-cart' : metric === 'CLS' ? 'div.promo' : '',
            resourceUrl: metric === 'LCP' && route === '/' ? 'https://cdn.shop.example/hero.avif' : '',
            eventType: metric === 'INP' ? 'click' : '',
            parts:
              metric === 'LCP'
                ? {
                    lcp_ttfb: Math.round(value * 0.25),
                    lcp_load_delay: Math.round(value * 0.2),
                    lcp_load_duration: Math.round(value * 0.35),
                    lcp_render_delay: Math.round(value * 0.2),
                  }
                : metric === 'INP'
                  ? { inp_input_delay: Math.round(value * 0.2), inp_processing: Math.round(value * 0.6), inp_presentation: Math.round(value * 0.2) }
                  : {},
          });
        }
        if (route === '/products/:id') {
          const outcome = next() < 0.95 ? 'ok' : 'error';
          const duration = 150 + next() * 250;
          const envelope = {
            app: 'shop',
            time: toClickHouseTime(Date.parse(`${DAY}T12:00:00Z`) + at + 1500),
            received_at: toClickHouseTime(Date.parse(`${DAY}T12:00:00Z`) + at + 8000),
            session_id: `s-${day}-${v}`,
            page_id: pageId,
            release,
            env: 'production',
            device_class: deviceClass,
            sample_rate: 1,
            retention_days: 3650,
            route,
            workflow: 'add to cart',
            run_id: `cart-${n}`,
            outcome,
          };
          runs.push({ ...envelope, duration, perceived: duration + 40 + next() * 400, step_count: 1, error: outcome === 'error' ? 'Out of stock' : '' });
          steps.push({ ...envelope, step: 'request', step_index: 0, start: 0, duration });
        }
        if (route === '/checkout') {
          const outcome = next() < 0.82 ? 'ok' : next() < 0.5 ? 'error' : 'abandoned';
          const parts = [300 + next() * 400, 500 + next() * 900 * slower, 200 + next() * 300];
          const duration = parts.reduce((sum, part) => sum + part, 0);
          const runId = `run-${n}`;
          const envelope = {
            app: 'shop',
            time: toClickHouseTime(Date.parse(`${DAY}T12:00:00Z`) + at + 2000),
            received_at: toClickHouseTime(Date.parse(`${DAY}T12:00:00Z`) + at + 9000),
            session_id: `s-${day}-${v}`,
            page_id: pageId,
            release,
            env: 'production',
            device_class: deviceClass,
            sample_rate: 1,
            retention_days: 3650,
            route,
            workflow: 'checkout',
            run_id: runId,
            outcome,
          };
          runs.push({
            ...envelope,
            duration,
            perceived: duration + 80 + next() * 220,
            step_count: 3,
            error: outcome === 'error' ? 'Payment declined by the bank' : '',
          });
          let start = 0;
          ['address', 'payment', 'confirm'].forEach((step, index) => {
            if (outcome !== 'ok' && index === 2) return;
            steps.push({ ...envelope, step, step_index: index, start, duration: parts[index] });
            start += parts[index]!;
          });
        }
      }
    }
  }
  for (let i = 0; i < 30; i += 1) vitals.push({ app: 'blog', metric: 'LCP', value: 9100 + i, metricId: `blog-${i}`, route: '/post/:slug' });
  await insertRows(db, 'vitals', vitals.map(vitalRow));
  await insertRows(db, 'page_views', pages);
  await insertRows(db, 'workflow_runs', runs);
  await insertRows(db, 'workflow_steps', steps);
  await insertRows(db, 'ingest_counters', [
    {
      app: 'shop',
      minute: toClickHouseTime(Date.parse(`${DAY}T09:00:00Z`)).slice(0, 19),
      outcome: 'accepted',
      reason: '',
      count: vitals.length + pages.length,
    },
    { app: 'shop', minute: toClickHouseTime(Date.parse(`${DAY}T09:00:00Z`)).slice(0, 19), outcome: 'rejected', reason: 'invalid', count: 12 },
  ]);
};
