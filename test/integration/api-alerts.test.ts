import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Collector } from '../support/http.js';
import { apiGet, startApiCollector, TOKENS, type ApiAnswer } from '../support/api.js';
import { toClickHouseTime } from '../../collector/rows/time.js';
import { DAY, insertRows, vitalRow } from '../support/api-seeds.js';
import { startReceiver, type Receiver } from '../support/alerts-receiver.js';

/**
 * GET /api/v1/alerts on a real collector: the app's rules with the state the
 * schedule stored, the crossings of the day, and nothing of another app.
 */
const NOON = Date.parse(`${DAY}T12:00:00Z`);
const MINUTE = 60_000;

interface AlertsData {
  rules: {
    id: string;
    app: string;
    subject: string;
    state: string;
    since: string | null;
    value: number | null;
    display: string | null;
    samples: number;
    window: string;
  }[];
  history: { rule: string; from: string; to: string; at: string; value: number; delivered: boolean | null }[];
}

let collector: Collector;
let receiver: Receiver;

beforeAll(async () => {
  receiver = await startReceiver();
  collector = await startApiCollector({
    alerts: {
      // The test drives the schedule itself, at seeded times.
      evaluate: false,
      webhook: { url: receiver.url, secret: 'alert-webhook-secret-0001' },
      rules: [
        { id: 'shop-inp-p75', app: 'shop', metric: 'INP', statistic: 'p75', threshold: 200, minSamples: 5, window: '1h', every: '5m' },
        { id: 'shop-checkout-done', app: 'shop', workflow: 'checkout', statistic: 'completionRate', threshold: 0.9, minSamples: 5 },
        { id: 'blog-lcp-poor', app: 'blog', metric: 'LCP', statistic: 'poorShare', threshold: 0.1, minSamples: 5, window: '1h', every: '5m' },
      ],
    },
  });
  const slowInp = Array.from({ length: 10 }, (_, i) => vitalRow({ app: 'shop', metric: 'INP', value: 400, metricId: `inp-${i}`, at: i * MINUTE }));
  const poorLcp = Array.from({ length: 10 }, (_, i) => vitalRow({ app: 'blog', metric: 'LCP', value: 5000, metricId: `lcp-${i}`, at: i * MINUTE }));
  await insertRows(collector.app.db.writer, 'vitals', [...slowInp, ...poorLcp]);
  // 10 checkout runs: 7 ok, 3 errors. Runs 0–3 first sent a provisional `abandoned` record, then the final `ok`: 70 % completion.
  const run = (i: number, outcome: string, receivedAfter: number) => ({
    app: 'shop',
    time: toClickHouseTime(NOON + i * MINUTE),
    received_at: toClickHouseTime(NOON + i * MINUTE + receivedAfter),
    workflow: 'checkout',
    run_id: `run-${i}`,
    outcome,
    duration: 1000,
    retention_days: 3650,
  });
  await insertRows(collector.app.db.writer, 'workflow_runs', [
    ...Array.from({ length: 4 }, (_, i) => run(i, 'abandoned', 1000)),
    ...Array.from({ length: 7 }, (_, i) => run(i, 'ok', 5000)),
    ...Array.from({ length: 3 }, (_, i) => run(7 + i, 'error', 5000)),
  ]);
  await collector.app.alerts.tick(NOON + 60 * MINUTE);
  await collector.app.alerts.settled();
});
afterAll(async () => {
  await collector.close();
  await receiver.close();
});

const get = (query: string, token: string) => apiGet(collector, `alerts?${query}`, token);

describe('GET /api/v1/alerts', () => {
  it("shows the app's rules with their stored state and the crossings of the range", async () => {
    const response = await get(`app=shop&from=${DAY}&to=${DAY}`, TOKENS.shop);
    expect(response.statusCode).toBe(200);
    const { data } = response.json() as ApiAnswer<AlertsData>;
    expect(data.rules.map((rule) => [rule.id, rule.subject, rule.state, rule.value, rule.display, rule.samples])).toEqual([
      ['shop-inp-p75', 'INP p75', 'alerting', 400, '400 ms', 10],
      ['shop-checkout-done', 'checkout completion rate', 'alerting', 0.7, '70.0 %', 10],
    ]);
    expect(data.rules[0]!.since).toBe(new Date(NOON + 60 * MINUTE).toISOString());
    const at = new Date(NOON + 60 * MINUTE).toISOString();
    expect(data.history.sort((x, y) => x.rule.localeCompare(y.rule))).toEqual([
      expect.objectContaining({ rule: 'shop-checkout-done', from: 'ok', to: 'alerting', at, value: 0.7, delivered: true }),
      expect.objectContaining({ rule: 'shop-inp-p75', from: 'ok', to: 'alerting', at, value: 400, delivered: true }),
    ]);
  });

  it('is not cached: a later evaluation shows at once', async () => {
    await insertRows(
      collector.app.db.writer,
      'vitals',
      Array.from({ length: 20 }, (_, i) => vitalRow({ app: 'shop', metric: 'INP', value: 80, metricId: `inp-fast-${i}`, at: (65 + i) * MINUTE })),
    );
    await collector.app.alerts.tick(NOON + 125 * MINUTE);
    await collector.app.alerts.settled();
    const { data, meta } = (await get(`app=shop&from=${DAY}&to=${DAY}`, TOKENS.shop)).json() as ApiAnswer<AlertsData>;
    expect(meta.cached).toBe(false);
    expect(data.rules[0]!.state).toBe('ok');
    expect(data.history.filter((entry) => entry.rule === 'shop-inp-p75').map((entry) => `${entry.from}→${entry.to}`)).toEqual(['alerting→ok', 'ok→alerting']);
  });

  it("never shows another app's rules or history", async () => {
    const forbidden = await get(`app=blog&from=${DAY}&to=${DAY}`, TOKENS.shop);
    expect(forbidden.statusCode).toBe(403);
    const { data } = (await get(`app=blog&from=${DAY}&to=${DAY}`, TOKENS.blog)).json() as ApiAnswer<AlertsData>;
    expect(data.rules.map((rule) => rule.id)).toEqual(['blog-lcp-poor']);
    expect(data.history.map((entry) => entry.rule)).toEqual(['blog-lcp-poor']);
    const shop = JSON.stringify((await get(`app=shop&from=${DAY}&to=${DAY}`, TOKENS.shop)).json());
    expect(shop).not.toContain('blog');
  });

  it('answers the history as CSV', async () => {
    const response = await get(`app=shop&from=${DAY}&to=${DAY}&format=csv`, TOKENS.shop);
    expect(response.statusCode).toBe(200);
    const [header, ...rows] = response.body.trim().split('\n');
    expect(header).toContain('rule');
    expect(header).toContain('windowFrom');
    expect(rows).toHaveLength(3);
  });
});
