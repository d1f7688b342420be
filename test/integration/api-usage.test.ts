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
