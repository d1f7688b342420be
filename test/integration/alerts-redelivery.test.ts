import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { alertsFileSchema, toAlertsConfig, type AlertsConfig } from '../../collector/alerts/rules.js';
import { AlertScheduler, type AlertLog } from '../../collector/alerts/scheduler.js';
import { AlertStore } from '../../collector/alerts/store.js';
import { DELIVERY_HEADER } from '../../collector/alerts/webhook.js';
import { migrate } from '../../collector/db/migrate.js';
import { openDatabases } from '../../collector/db/open.js';
import type { Databases } from '../../collector/db/types.js';
import { DAY, insertRows, vitalRow } from '../support/api-seeds.js';
import { startReceiver, type Receiver } from '../support/alerts-receiver.js';

/**
 * A crossing whose webhook failed every retry is sent again at a later
 * evaluation, across a restart of both collectors sharing one chDB folder,
 * by exactly one of them; never again once acknowledged; never when a newer
 * crossing of the rule came first; not while another collector's round is
 * under way.
 */
const NOON = Date.parse(`${DAY}T12:00:00Z`);
const MINUTE = 60_000;
const DAY_MS = 86_400_000;
const testLog: AlertLog = { info: () => undefined, warn: () => undefined, error: (object) => console.error(object) };
const RULE = { id: 'shop-lcp-p75', app: 'shop', metric: 'LCP', statistic: 'p75', threshold: 2500, minSamples: 10, window: '1h', every: '5m' };
/** Two attempts per round: a receiver refusing two calls fails a whole round. */
const RETRY = { attempts: 2, firstDelayMs: 10, timeoutMs: 5000 };

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

/** A collector: its connections and its scheduler. */
const collector = async (owner: string) => {
  const db = await open();
  const scheduler = new AlertScheduler({ reader: db.reader, writer: db.writer, config, log: testLog, owner, retry: RETRY });
  return { db, scheduler, close: async () => (await scheduler.close(), await db.close()) };
};
type Collector = Awaited<ReturnType<typeof collector>>;

const lcp = (prefix: string, count: number, value: number, startMinute: number) =>
  Array.from({ length: count }, (_, i) => vitalRow({ app: 'shop', metric: 'LCP', value, metricId: `${prefix}-${i}`, at: (startMinute + i) * MINUTE }));

/** Both collectors tick at `now` and finish their deliveries; the rule's outcome per collector. */
const tickBoth = async (pair: Collector[], now: number) => {
  const outcomes = await Promise.all(pair.map((c) => c.scheduler.tick(now)));
  await Promise.all(pair.map((c) => c.scheduler.settled()));
  return outcomes.map((o) => o.get(RULE.id)).sort();
};
const calls = () => receiver.calls.map((call) => ({ id: call.headers[DELIVERY_HEADER], ...(JSON.parse(call.body) as { state: string; at: string }) }));

beforeAll(async () => {
  root = await mkdtemp(join(tmpdir(), 'percept-redeliver-'));
  receiver = await startReceiver();
  config = toAlertsConfig(alertsFileSchema.parse({ webhook: { url: receiver.url, secret: 'alert-webhook-secret-0001' }, rules: [RULE] }), new Set(['shop']));
});
afterAll(async () => {
  await receiver.close();
  await Promise.allSettled(opened.map((db) => db.close()));
  await rm(root, { recursive: true, force: true });
});

describe('a webhook that failed all its retries', () => {
  it('is sent again after a restart until acknowledged, once, and then never', async () => {
    let pair = [await collector('collector-a'), await collector('collector-b')];
    await insertRows(pair[0]!.db.writer, 'vitals', lcp('slow', 60, 4000, 0));

    // 13:00: ok → alerting; the receiver refuses both attempts of the round.
    receiver.failures = 2;
    const t1 = NOON + 60 * MINUTE + 1000;
    expect(await tickBoth(pair, t1)).toEqual(['evaluated', 'other-owner']);
    expect(calls()).toHaveLength(2);
    const store = new AlertStore(pair[0]!.db.reader);
    const [failed] = await store.history(['shop'], NOON, NOON + DAY_MS, 10);
    expect(failed).toMatchObject({ to: 'alerting', delivered: false, attempts: 2 });

    // Both collectors restart: new schedulers, new connections, nothing in memory.
    await Promise.all(pair.map((c) => c.close()));
    pair = [await collector('collector-a2'), await collector('collector-b2')];

    // 13:05: still alerting, no new crossing; the slot's owner, and only it, sends the old one again.
    expect(await tickBoth(pair, t1 + 5 * MINUTE)).toEqual(['evaluated', 'other-owner']);
    expect(calls()).toHaveLength(3);
    expect(calls()[2]).toEqual(calls()[0]);
    const [delivered] = await new AlertStore(pair[0]!.db.reader).history(['shop'], NOON, NOON + DAY_MS, 10);
    expect(delivered).toMatchObject({ at: failed!.at, delivered: true, attempts: 3 });

    // 13:10 and 13:15: acknowledged, so never sent again.
    await tickBoth(pair, t1 + 10 * MINUTE);
    await tickBoth(pair, t1 + 15 * MINUTE);
    expect(calls()).toHaveLength(3);
    await Promise.all(pair.map((c) => c.close()));
  });

  it('waits for a round another collector has under way, and gives way to a newer crossing', async () => {
    const pair = [await collector('collector-c'), await collector('collector-d')];
    const before = calls().length;
    // Fast loads from 13:10: at 14:10 the window holds only them: alerting → ok, whose round fails.
    await insertRows(pair[0]!.db.writer, 'vitals', lcp('fast', 60, 1200, 70));
    receiver.failures = 2;
    const t4 = NOON + 130 * MINUTE + 1000;
    await tickBoth(pair, t4);
    const okCrossing = calls().slice(before);
    expect(okCrossing.map((call) => call.state)).toEqual(['ok', 'ok']);

    // Another collector started a round for it a second before 14:15 and has not finished: left to it.
    const store = new AlertStore(pair[0]!.db.writer);
    const crossing = (await store.latestCrossing('shop', RULE.id))!;
    const t5 = t4 + 5 * MINUTE;
    const round = { app: 'shop', ruleId: RULE.id, transitionAt: crossing.at, startedAt: t5 - 1000 };
    await store.recordDelivery({ ...round, delivered: false, attempts: 0, status: 0, error: '', finishedAt: round.startedAt });
    expect(await tickBoth(pair, t5)).toEqual(['evaluated', 'other-owner']);
    expect(calls().length).toBe(before + 2);

    // Slow loads from 14:20: at 15:20 ok → alerting, a newer crossing: it is sent, the undelivered ok never again.
    await insertRows(pair[0]!.db.writer, 'vitals', lcp('slow-again', 60, 4000, 140));
    const t6 = NOON + 200 * MINUTE + 1000;
    await tickBoth(pair, t6);
    await tickBoth(pair, t6 + 5 * MINUTE);
    await tickBoth(pair, t6 + 10 * MINUTE);
    expect(
      calls()
        .slice(before)
        .map((call) => call.state),
    ).toEqual(['ok', 'ok', 'alerting']);
    expect(
      new Set(
        calls()
          .filter((call) => call.state === 'ok')
          .map((call) => call.id),
      ),
    ).toEqual(new Set([`${RULE.id}-${crossing.at}`]));
    await Promise.all(pair.map((c) => c.close()));
  });
});
