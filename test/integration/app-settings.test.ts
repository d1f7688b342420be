import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ndjson, rowObjects } from '../support/rows.js';
import { exampleBatch } from '../support/batches.js';
import { processed } from '../support/db-fixtures.js';
import { startCollector, type Collector } from '../support/http.js';
import { eventually } from '../support/spool-setup.js';

/** Per-app retention and sampling, through the real route, spool, flusher and chDB. */
const app = (id: string, settings: { retentionDays?: number; sampleRate?: number }) => ({
  id,
  keys: [`${id}-key-0001`],
  origins: ['*'],
  ...settings,
});
const APPS = [
  app('short', { retentionDays: 7 }),
  app('long', { retentionDays: 400 }),
  app('half', { sampleRate: 0.5 }),
  app('every', { sampleRate: 1 }),
  app('nobody', { sampleRate: 0 }),
];
const EVENTS = exampleBatch().events.length;
const DAY = 86_400_000;

let collector: Collector;
let database: string;
beforeAll(async () => {
  collector = await startCollector({ apps: APPS, retentionDays: 90, rateLimit: { perAddressPerMinute: 100_000 } });
  database = collector.config.database.database;
});
afterAll(() => collector.close());

interface Answer {
  accepted: number;
  duplicate: boolean;
  sampled: boolean;
}

const post = async (id: string, session_id: string): Promise<Answer> => {
  const response = await collector.app.inject({
    method: 'POST',
    url: '/v1/batch',
    headers: { 'content-type': 'application/json' },
    payload: JSON.stringify(exampleBatch({ app: id, key: `${id}-key-0001`, session_id })),
  });
  expect(response.statusCode).toBe(202);
  return response.json<Answer>();
};

const query = <T>(sql: string, params?: Record<string, unknown>) => collector.app.db.reader.query<T>(sql, params);

/** Vitals rows per app in ClickHouse, once the flusher has written `expected` of them. */
const vitalsOf = async (id: string, expected: number) => {
  const rows = () =>
    query<{ session_id: string; retention_days: number; sample_rate: number }>(
      `SELECT session_id, retention_days, sample_rate FROM ${database}.vitals WHERE app = {app:String}`,
      { app: id },
    );
  await eventually(async () => (await rows()).length >= expected, `${expected} vitals rows of ${id}`);
  return rows();
};

const counted = async (id: string, outcome: string, reason: string): Promise<number> => {
  const [row] = await query<{ n: string }>(
    `SELECT sum(count) AS n FROM ${database}.ingest_counters WHERE app = {app:String} AND outcome = {outcome:String} AND reason = {reason:String}`,
    { app: id, outcome, reason },
  );
  return Number(row?.n ?? 0);
};

describe('retention per app', () => {
  it("stores each app's retention on its rows, in partitions of their own", async () => {
    expect(await post('short', 'sess-short-0001')).toMatchObject({ accepted: EVENTS, sampled: true });
    expect(await post('long', 'sess-long-00001')).toMatchObject({ accepted: EVENTS, sampled: true });
    expect(new Set((await vitalsOf('short', 5)).map((row) => row.retention_days))).toEqual(new Set([7]));
    expect(new Set((await vitalsOf('long', 5)).map((row) => row.retention_days))).toEqual(new Set([400]));

    const parts = await query<{ partition: string }>(
      `SELECT DISTINCT partition FROM system.parts WHERE database = {db:String} AND table = 'vitals' AND active`,
      { db: database },
    );
    const day = (await query<{ day: number }>(`SELECT DISTINCT toYYYYMMDD(time) AS day FROM ${database}.vitals WHERE app = 'short'`))[0]!.day;
    expect(parts.map((part) => part.partition)).toEqual(expect.arrayContaining([`(7,${day})`, `(400,${day})`]));
  });

  it('expires rows by their own retention_days column', async () => {
    const tables = await query<{ name: string; engine_full: string }>(
      `SELECT name, engine_full FROM system.tables WHERE database = {db:String} AND name IN ('page_views', 'vitals', 'workflow_runs', 'workflow_steps')`,
      { db: database },
    );
    expect(tables).toHaveLength(4);
    for (const table of tables) {
      expect(table.engine_full, table.name).toContain('PARTITION BY (retention_days, toYYYYMMDD(time))');
      expect(table.engine_full, table.name).toContain('TTL toDateTime(time) + toIntervalDay(retention_days)');
    }
  });

  it('drops a row older than its retention and keeps a longer-retention row of the same day', async () => {
    // Ten days old: past 'short' (7 days), well within 'long' (400). Written directly, since the route refuses events over 48 h old.
    const tenDaysAgo = Date.now() - 10 * DAY;
    const old = (id: string, retention_days: number) =>
      rowObjects(processed(exampleBatch({ app: id, session_id: `sess-${id}-old-01` }, tenDaysAgo), { retention_days })).vitals!;
    // One insert for both, so the surviving 'long' rows prove the 'short' ones were written too.
    await collector.app.db.writer.insertNdjson(`${database}.vitals`, ndjson([...old('short', 7), ...old('long', 400)]), randomUUID());
    await collector.app.db.writer.command(`OPTIMIZE TABLE ${database}.vitals FINAL`);

    const rows = await query<{ app: string; old: string; recent: string }>(
      `SELECT app, countIf(time < now() - INTERVAL 5 DAY) AS old, countIf(time >= now() - INTERVAL 5 DAY) AS recent
       FROM ${database}.vitals WHERE app IN ('short', 'long') GROUP BY app ORDER BY app`,
    );
    expect(rows.map((row) => ({ app: row.app, old: Number(row.old), recent: Number(row.recent) }))).toEqual([
      { app: 'long', old: 5, recent: 5 },
      { app: 'short', old: 0, recent: 5 },
    ]);
  });
});

describe('sampling per app, by session', () => {
  it('keeps about half of the sessions at 0.5, each whole, the same way every time', async () => {
    const sessions = Array.from({ length: 200 }, (_, i) => `sess-half-${String(i).padStart(5, '0')}`);
    const decisions = new Map<string, boolean>();
    for (const session of sessions) {
      const first = await post('half', session);
      const second = await post('half', session);
      expect(second.sampled, session).toBe(first.sampled);
      expect(first.accepted).toBe(first.sampled ? EVENTS : 0);
      expect(first.duplicate).toBe(false);
      decisions.set(session, first.sampled);
    }
    const kept = [...decisions].filter(([, sampled]) => sampled).map(([session]) => session);
    expect(kept.length).toBeGreaterThanOrEqual(70);
    expect(kept.length).toBeLessThanOrEqual(130);
    for (const session of sessions.slice(0, 20)) expect((await post('half', session)).sampled).toBe(decisions.get(session));

    // Two batches of five vitals per kept session (three for the first twenty), all weighted 1 / 0.5.
    const retried = sessions.slice(0, 20).filter((session) => decisions.get(session)).length;
    const rows = await vitalsOf('half', (kept.length * 2 + retried) * 5);
    expect(new Set(rows.map((row) => row.session_id))).toEqual(new Set(kept));
    expect(new Set(rows.map((row) => row.sample_rate))).toEqual(new Set([0.5]));

    const dropped = (sessions.length - kept.length) * 2 + (20 - retried);
    await eventually(async () => (await counted('half', 'dropped', 'sampled_out')) === dropped * EVENTS, 'sampled_out counted');
    await eventually(async () => (await counted('half', 'accepted', '')) === (kept.length * 2 + retried) * EVENTS, 'accepted counted');
  });

  it('keeps every session at 1 and none at 0', async () => {
    for (let i = 0; i < 20; i++) {
      const session = `sess-rate-${String(i).padStart(5, '0')}`;
      expect(await post('every', session)).toMatchObject({ accepted: EVENTS, sampled: true });
      expect(await post('nobody', session)).toEqual({ accepted: 0, rejected: [], duplicate: false, sampled: false });
    }
    expect(await vitalsOf('every', 20 * 5)).toHaveLength(20 * 5);
    await eventually(async () => (await counted('nobody', 'dropped', 'sampled_out')) === 20 * EVENTS, 'sampled_out counted');
    expect(await counted('every', 'dropped', 'sampled_out')).toBe(0);
    expect(await counted('nobody', 'accepted', '')).toBe(0);
    const [stored] = await query<{ n: string }>(`SELECT count() AS n FROM ${database}.vitals WHERE app = 'nobody'`);
    expect(Number(stored!.n)).toBe(0);
  });
});
