import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Collector } from '../support/http.js';
import { apiGet, startApiCollector, TOKENS, type ApiAnswer } from '../support/api.js';
import { DAY } from '../support/api-seeds.js';
import { insertRuns, insertVisits } from '../support/stats-seeds.js';

let collector: Collector;
const at = (time: string) => Date.parse(`${DAY}T${time}Z`);

/**
 * Four sessions with known paths (every page view reported twice):
 *   s1 09:00  /  → /a → /b
 *   s2 09:30  /  → /a
 *   s3 14:00  /a → /b → /    (desktop)
 *   s4 14:30  /               (kept at 1 in 2: stands for two sessions)
 * and two workflow runs.
 */
const seed = async () => {
  await insertVisits(collector.app.db.writer, [
    { app: 'shop', sessionId: 's1', routes: ['/', '/a', '/b'], start: at('09:00:00') },
    { app: 'shop', sessionId: 's2', routes: ['/', '/a'], start: at('09:30:00') },
    { app: 'shop', sessionId: 's3', routes: ['/a', '/b', '/'], start: at('14:00:00'), deviceClass: 'desktop', browser: 'Firefox' },
    { app: 'shop', sessionId: 's4', routes: ['/'], start: at('14:30:00'), sampleRate: 0.5 },
  ]);
  await insertRuns(collector.app.db.writer, [
    { app: 'shop', workflow: 'login', runId: 'login-1', outcome: 'ok', duration: 100, sessionId: 's1' },
    { app: 'shop', workflow: 'login', runId: 'login-2', outcome: 'ok', duration: 100, sessionId: 's3' },
  ]);
};

beforeAll(async () => {
  // A low row limit: the wide-app case below must fit under it.
  collector = await startApiCollector({ api: { maxResultRows: 100 } });
  await seed();
});
afterAll(async () => {
  await collector.close();
});

interface Usage {
  pageViews: number;
  sessions: number;
  pagesPerSession: number;
  workflowsPerSession: number;
  topRoutes: { route: string; pageViews: number }[];
  entryRoutes: { route: string; sessions: number }[];
  exitRoutes: { route: string; sessions: number }[];
  transitions: { from: string; to: string; count: number }[];
  mix: Record<string, { key: string; share: number }[]>;
  heatmap: { dow: number; hour: number; pageViews: number }[];
}

const get = async (query: string): Promise<ApiAnswer<Usage>> => {
  const response = await apiGet(collector, `usage?app=shop&from=${DAY}&to=${DAY}${query}`, TOKENS.shop);
  expect(response.statusCode, response.body).toBe(200);
  return response.json() as ApiAnswer<Usage>;
};

describe('usage', () => {
  it('counts page views once, weights sampled sessions, and gives pages and workflows per session', async () => {
    const { data } = await get('');
    expect(data).toMatchObject({ pageViews: 10, sessions: 5, pagesPerSession: 2, workflowsPerSession: 0.4 });
    expect(data.topRoutes).toEqual([
      { route: '/', pageViews: 5 },
      { route: '/a', pageViews: 3 },
      { route: '/b', pageViews: 2 },
    ]);
  });

  it('finds entry and exit routes and the route-to-route transitions within sessions', async () => {
    const { data } = await get('');
    expect(data.entryRoutes).toEqual([
      { route: '/', sessions: 4 },
      { route: '/a', sessions: 1 },
    ]);
    expect(data.exitRoutes).toEqual([
      { route: '/', sessions: 3 },
      { route: '/a', sessions: 1 },
      { route: '/b', sessions: 1 },
    ]);
    expect(data.transitions).toEqual([
      { from: '/', to: '/a', count: 2 },
      { from: '/a', to: '/b', count: 2 },
      { from: '/b', to: '/', count: 1 },
    ]);
  });

  it('gives the device, browser and connection mix and the hour-of-week heatmap', async () => {
    const { data } = await get('');
    expect(data.mix.device_class).toEqual([
      { key: 'mobile', share: 0.7 },
      { key: 'desktop', share: 0.3 },
    ]);
    expect(data.mix.browser).toEqual([
      { key: 'Chrome', share: 0.7 },
      { key: 'Firefox', share: 0.3 },
    ]);
    const isoWeekday = ((new Date(`${DAY}T00:00:00Z`).getUTCDay() + 6) % 7) + 1;
    expect(data.heatmap).toEqual([
      { dow: isoWeekday, hour: 9, pageViews: 5 },
      { dow: isoWeekday, hour: 14, pageViews: 5 },
    ]);
  });

  it('narrows to the filters', async () => {
    const { data } = await get('&device_class=desktop');
    expect(data).toMatchObject({
      pageViews: 3,
      sessions: 1,
      transitions: [
        { from: '/a', to: '/b', count: 1 },
        { from: '/b', to: '/', count: 1 },
      ],
    });
  });
});

describe('usage on a wide app', () => {
  it('ranks inside the database, so 120 distinct transitions fit a 100-row limit', async () => {
    await insertVisits(
      collector.app.db.writer,
      Array.from({ length: 120 }, (_, i) => ({ app: 'blog', sessionId: `w${i}`, routes: [`/from-${i}`, `/to-${i}`], start: at('10:00:00') + i * 1000 })),
    );
    const response = await apiGet(collector, `usage?app=blog&from=${DAY}&to=${DAY}`, TOKENS.all);
    expect(response.statusCode, response.body).toBe(200);
    const { data } = response.json() as ApiAnswer<Usage>;
    expect(data.sessions).toBe(120);
    expect(data.transitions).toHaveLength(50);
    // Equal weights: ties break by name, as the lists always did.
    expect(data.transitions.slice(0, 2)).toEqual([
      { from: '/from-0', to: '/to-0', count: 1 },
      { from: '/from-1', to: '/to-1', count: 1 },
    ]);
  });
});

describe('usage from day summaries', () => {
  const DAY_BEFORE = '2026-11-09';
  const dayBefore = Date.parse(`${DAY_BEFORE}T12:00:00Z`) - Date.parse(`${DAY}T12:00:00Z`);
  const answer = async () => {
    collector.app.readApi.cache.invalidate([
      { app: 'shop', table: 'page_views', firstReceivedAt: 0, lastReceivedAt: Date.now() },
      { app: 'shop', table: 'workflow_runs', firstReceivedAt: 0, lastReceivedAt: Date.now() },
    ]);
    const response = await apiGet(collector, `usage?app=shop&from=${DAY_BEFORE}&to=${DAY_BEFORE}`, TOKENS.shop);
    expect(response.statusCode, response.body).toBe(200);
    return response.json() as ApiAnswer<Usage>;
  };

  it('count workflow runs once from the built instances, as the raw rows do, sampled runs weighted', async () => {
    await insertVisits(collector.app.db.writer, [
      { app: 'shop', sessionId: 'd1', routes: ['/', '/a'], start: Date.parse(`${DAY_BEFORE}T10:00:00Z`) },
      { app: 'shop', sessionId: 'd2', routes: ['/'], start: Date.parse(`${DAY_BEFORE}T11:00:00Z`), sampleRate: 0.5 },
    ]);
    await insertRuns(collector.app.db.writer, [
      // A provisional record sent at page hide, then the final one: one run.
      { app: 'shop', workflow: 'login', runId: 'd-login', outcome: 'abandoned', duration: 9_999, sessionId: 'd1', at: dayBefore, receivedAfter: 500 },
      { app: 'shop', workflow: 'login', runId: 'd-login', outcome: 'ok', duration: 100, sessionId: 'd1', at: dayBefore },
      { app: 'shop', workflow: 'search', runId: 'd-search', outcome: 'ok', duration: 50, sessionId: 'd2', at: dayBefore, sampleRate: 0.5 },
    ]);
    const raw = await answer();
    // Three sessions (d2 stands for two), three runs (the sampled one stands for two).
    expect(raw.data).toMatchObject({ sessions: 3, workflowsPerSession: 1 });
    expect(raw.meta.method).not.toMatch(/days from/);
    expect(await collector.app.summaries.round()).toBeGreaterThan(0);
    const built = await answer();
    expect(built.meta.method).toMatch(/1 of 1 days from day summaries/);
    expect(built.meta.method).toMatch(/1 of 1 days from the summaries' deduplicated instances/);
    expect(built.data).toEqual(raw.data);
  });
});
