import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { alertsFileSchema, toAlertsConfig, type AlertsConfig } from '../../collector/alerts/rules.js';
import { AlertScheduler, type AlertLog } from '../../collector/alerts/scheduler.js';
import { DELIVERY_HEADER, sign, SIGNATURE_HEADER, TIMESTAMP_HEADER } from '../../collector/alerts/webhook.js';
import { migrate } from '../../collector/db/migrate.js';
import { openDatabases } from '../../collector/db/open.js';
import type { Databases } from '../../collector/db/types.js';
import { DAY, insertRows, vitalRow } from '../support/api-seeds.js';
import { startReceiver, type Receiver } from '../support/alerts-receiver.js';

/**
 * Two collectors' schedulers on ONE chDB folder (two connection pairs in this
 * process, as two collectors on one server would have), a real webhook
 * receiver on 127.0.0.1, and a restart of one scheduler between evaluations.
 */
const NOON = Date.parse(`${DAY}T12:00:00Z`);
const MINUTE = 60_000;
const SECRET = 'alert-webhook-secret-0001';
// Errors are printed: a failed evaluation shows up as a wrong outcome, and its cause belongs in the output.
const testLog: AlertLog = { info: () => undefined, warn: () => undefined, error: (object) => console.error(object) };

const RULES = [
  { id: 'shop-lcp-p75', app: 'shop', metric: 'LCP', statistic: 'p75', threshold: 2500, minSamples: 10, window: '1h', every: '5m' },
  // Same data, but asks for more samples than there are: never decides, never fires.
  { id: 'shop-lcp-thin', app: 'shop', metric: 'LCP', statistic: 'p75', threshold: 2500, minSamples: 100_000, window: '1h', every: '5m' },
];

let root: string;
let receiver: Receiver;
let config: AlertsConfig;
const opened: Databases[] = [];

const open = async (): Promise<Databases> => {
  const options = { dataDir: join(root, 'data'), database: 'percept', retentionDays: 30 };
  const db = await openDatabases(options);
  await migrate(db.writer, options);
  opened.push(db);
  return db;
};

const scheduler = (db: Databases, owner: string) =>
  new AlertScheduler({ reader: db.reader, writer: db.writer, config, log: testLog, owner, retry: { attempts: 3, firstDelayMs: 10, timeoutMs: 5000 } });

/** `count` LCP reports of `value` ms, one a minute from `startMinute` after noon. */
const lcp = (prefix: string, count: number, value: number, startMinute: number) =>
  Array.from({ length: count }, (_, i) => vitalRow({ app: 'shop', metric: 'LCP', value, metricId: `${prefix}-${i}`, at: (startMinute + i) * MINUTE }));

const bodies = () => receiver.calls.map((call) => JSON.parse(call.body) as { rule: string; state: string; previous: string; value: number; text: string });

beforeAll(async () => {
  root = await mkdtemp(join(tmpdir(), 'percept-alerts-'));
  receiver = await startReceiver();
  config = toAlertsConfig(alertsFileSchema.parse({ webhook: { url: receiver.url, secret: SECRET }, rules: RULES }), new Set(['shop']));
});
afterAll(async () => {
  await receiver.close();
  await Promise.allSettled(opened.map((db) => db.close()));
  await rm(root, { recursive: true, force: true });
});

describe('alert schedule with two collectors on one database', () => {
  it('sends each crossing once, never repeats, and survives a restart between evaluations', async () => {
    const first = await open();
    const second = await open();
    let a = scheduler(first, 'collector-a');
    const b = scheduler(second, 'collector-b');
    // 60 slow loads in the first hour after noon: p75 = 4000 ms > 2500.
    await insertRows(first.writer, 'vitals', lcp('slow', 60, 4000, 0));

    // Evaluation 1, at 13:00:01 (window 12:00–13:00): both collectors tick at once; one owns the slot.
    const t1 = NOON + 60 * MINUTE + 1000;
    const [outA, outB] = await Promise.all([a.tick(t1), b.tick(t1)]);
    expect([outA.get('shop-lcp-p75'), outB.get('shop-lcp-p75')].sort()).toEqual(['evaluated', 'other-owner']);
    await Promise.all([a.settled(), b.settled()]);
    expect(bodies().map((body) => [body.rule, body.previous, body.state])).toEqual([['shop-lcp-p75', 'ok', 'alerting']]);
    expect(bodies()[0]!.value).toBe(4000);
    expect(bodies()[0]!.text).toBe('shop: LCP p75 is 4,000 ms over the last 1h (threshold 2,500 ms): alerting.');

    // The same slot again (a timer firing twice): nothing new.
    await Promise.all([a.tick(t1 + 1000), b.tick(t1 + 1000)]);

    // Restart collector A: a new scheduler on new connections, no memory of the past.
    await a.close();
    await first.close();
    a = scheduler(await open(), 'collector-a-restarted');

    // Evaluation 2, five minutes later: still slow, still alerting: no webhook.
    const t2 = t1 + 5 * MINUTE;
    const outcomes2 = await Promise.all([a.tick(t2), b.tick(t2)]);
    expect(outcomes2.map((o) => o.get('shop-lcp-p75')).sort()).toEqual(['evaluated', 'other-owner']);
    await Promise.all([a.settled(), b.settled()]);
    expect(receiver.calls).toHaveLength(1);

    // Fast loads from 13:10 on; at 14:10 the window 13:10–14:10 holds only them: back to ok, once.
    await insertRows(second.writer, 'vitals', lcp('fast', 60, 1200, 70));
    receiver.failures = 1;
    const t3 = NOON + 130 * MINUTE;
    await Promise.all([a.tick(t3), b.tick(t3)]);
    await Promise.all([a.settled(), b.settled()]);
    // The first attempt got 503 and was retried with the same delivery id.
    expect(receiver.calls).toHaveLength(3);
    expect(receiver.calls[1]!.headers[DELIVERY_HEADER]).toBe(receiver.calls[2]!.headers[DELIVERY_HEADER]);
    expect(
      bodies()
        .slice(1)
        .map((body) => [body.rule, body.previous, body.state]),
    ).toEqual([
      ['shop-lcp-p75', 'alerting', 'ok'],
      ['shop-lcp-p75', 'alerting', 'ok'],
    ]);

    // A further evaluation in the ok state: silence.
    await Promise.all([a.tick(t3 + 5 * MINUTE), b.tick(t3 + 5 * MINUTE)]);
    await Promise.all([a.settled(), b.settled()]);
    expect(receiver.calls).toHaveLength(3);

    // State and history as stored: two crossings, the second delivered on its second attempt.
    const history = await second.reader.query<{ rule_id: string; from_state: string; to_state: string }>(
      'SELECT rule_id, from_state, to_state FROM alert_history ORDER BY at',
    );
    expect(history).toEqual([
      { rule_id: 'shop-lcp-p75', from_state: 'ok', to_state: 'alerting' },
      { rule_id: 'shop-lcp-p75', from_state: 'alerting', to_state: 'ok' },
    ]);
    const deliveries = await second.reader.query<{ delivered: number; attempts: number }>(
      // Rows with attempts 0 mark the start of a round; the others are outcomes.
      'SELECT delivered, attempts FROM alert_deliveries WHERE attempts > 0 ORDER BY transition_at',
    );
    expect(deliveries).toEqual([
      { delivered: 1, attempts: 1 },
      { delivered: 1, attempts: 2 },
    ]);
    // The rule that never had enough samples evaluated every slot but never crossed.
    const thin = await second.reader.query<{ state: string; enough_data: number }>(
      "SELECT state, enough_data FROM alert_state FINAL WHERE rule_id = 'shop-lcp-thin'",
    );
    expect(thin).toEqual([{ state: 'ok', enough_data: 0 }]);
    await Promise.all([a.close(), b.close()]);
  });

  it('signs every call: HMAC-SHA256 of timestamp and body with the configured secret', () => {
    expect(receiver.calls.length).toBeGreaterThan(0);
    for (const call of receiver.calls) {
      const timestamp = Number(call.headers[TIMESTAMP_HEADER]);
      expect(call.headers['content-type']).toBe('application/json');
      expect(call.headers[SIGNATURE_HEADER]).toBe(sign(SECRET, timestamp, call.body));
      expect(call.headers[SIGNATURE_HEADER]).not.toBe(sign('another-secret-00000', timestamp, call.body));
    }
  });
});
