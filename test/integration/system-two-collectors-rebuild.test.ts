import { readdir, rm } from 'node:fs/promises';
import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildApp } from '../../collector/app.js';
import { openDatabases } from '../../collector/db/open.js';
import type { Database, Databases } from '../../collector/db/types.js';
import { rebuildRollups } from '../../collector/flush/rebuild-rollups.js';
import { rollupViews } from '../../collector/flush/rollup-views.js';
import { exampleBatch } from '../support/batches.js';
import { startClickHouseHttp, type ClickHouseHttp } from '../support/clickhouse-http.js';
import { rollupMismatches } from '../support/rollup-check.js';
import { processedBatch } from '../support/spool-fixtures.js';
import { DATABASE, FAST, open, withOutage } from '../support/spool-setup.js';
import { eventually, freshDir } from '../support/system-helpers.js';
import { systemConfig } from '../support/system-app.js';

/**
 * Two collectors on one ClickHouse server (real SQL through
 * test/support/clickhouse-http.ts): one recovers a segment a crash left and
 * rebuilds the rollup days it touched, while the other stores a batch into the
 * same app and day in the middle of that rebuild. The rollups must still agree
 * with the raw rows (docs/durability.md, "Rollups after a crash").
 */
let http: ClickHouseHttp;
let db: Databases;
let other: FastifyInstance;
const apps: FastifyInstance[] = [];
const dirs: string[] = [];
const DAY = new Date().toISOString().slice(0, 10);

const start = async (name: string, databases?: Databases): Promise<{ app: FastifyInstance; spool: string }> => {
  const dir = await freshDir(name);
  dirs.push(dir);
  const spool = `${dir}/spool`;
  return { app: await buildApp(await systemConfig(dir, spool, { CLICKHOUSE_URL: http.url }), { databases }), spool };
};

/** Has the other collector store a fresh batch of the demo app, today, and waits until its rows are in. */
const otherStores = async (): Promise<void> => {
  const batch = exampleBatch();
  const answer = await other.inject({ method: 'POST', url: '/v1/batch', headers: { 'content-type': 'application/json' }, payload: JSON.stringify(batch) });
  expect(answer.statusCode).toBe(202);
  await eventually(async () => {
    const [row] = await http.rows<{ n: number }>(`SELECT count() AS n FROM ${DATABASE}.vitals WHERE batch_id = '${batch.batch_id}'`);
    return Number(row!.n) > 0;
  }, "the other collector's batch to be stored");
};

/** Leaves one sealed segment in `spool`, as a collector killed before flushing it would. */
const leftover = async (spool: string): Promise<void> => {
  const crashed = await open(spool, withOutage(db).db, { ...FAST, closeTimeoutMs: 100, sealAfterMs: 60_000 });
  expect(await crashed.ingest.accept(processedBatch())).toBe('stored');
  await crashed.ingest.close();
  expect((await readdir(spool)).filter((f) => f.endsWith('.seg'))).toHaveLength(1);
};

/**
 * The database with `after(sql, n)` run after each statement the writer sends
 * (n counts the statements), so a test can put the other collector's insert
 * at an exact step of a rebuild.
 */
const interleaved = (after: (sql: string) => Promise<void>): Databases => {
  const writer: Database = {
    ...db.writer,
    command: async (sql, settings) => {
      await db.writer.command(sql, settings);
      await after(sql);
    },
    query: async <T>(sql: string, params?: Record<string, unknown>) => {
      const rows = await db.writer.query<T>(sql, params);
      await after(sql);
      return rows;
    },
  };
  return { ...db, writer };
};

const VITALS_DELETE = /^DELETE FROM \w+\.vitals_daily_state /;
const MARKS = /FROM system\.parts/;

/** Starts a collector on a spool with a leftover segment, with `after` between its statements; resolves once the segment is flushed. */
const recover = async (name: string, after: (sql: string) => Promise<void>): Promise<void> => {
  const dir = await freshDir(name);
  dirs.push(dir);
  const spool = `${dir}/spool`;
  await leftover(spool);
  const app = await buildApp(await systemConfig(dir, spool, { CLICKHOUSE_URL: http.url }), { databases: interleaved(after) });
  apps.push(app);
  await eventually(async () => (await readdir(spool)).every((f) => !f.endsWith('.seg')), 'the recovered segment to be flushed');
};

beforeAll(async () => {
  http = await startClickHouseHttp();
  ({ app: other } = await start('collector-other'));
  apps.push(other);
  db = await openDatabases({ url: http.url, database: DATABASE, dataDir: '/nonexistent', retentionDays: 30 });
  await otherStores();
});
afterAll(async () => {
  for (const app of apps) await app.close();
  await db?.close();
  await http?.close();
  for (const dir of dirs) await rm(dir, { recursive: true, force: true });
});

describe('rollup rebuild while another collector inserts into the same day', () => {
  it('a rebuild that deletes and then re-aggregates counts a row stored in between twice', async () => {
    const [view] = (await rollupViews(db.reader, DATABASE)).filter((v) => v.target === 'vitals_daily_state');
    const where = `app = 'demo' AND day = toDate('${DAY}')`;
    const columns = view!.columns.map((c) => `\`${c}\``).join(', ');
    await db.writer.command(`DELETE FROM ${DATABASE}.vitals_daily_state WHERE ${where}`, { lightweight_deletes_sync: 2 });
    await otherStores();
    await db.writer.command(`INSERT INTO ${DATABASE}.vitals_daily_state (${columns}) SELECT ${columns} FROM (${view!.select}) WHERE ${where}`, {
      insert_deduplicate: 0,
    });
    const wrong = await rollupMismatches(db.reader, DATABASE);
    expect(wrong.length).toBeGreaterThan(0);
    expect(wrong.every((m) => m.target === 'vitals_daily_state' && m.key.includes(DAY))).toBe(true);
    const twice = wrong.map((m) => [JSON.parse(m.rollup) as number[], JSON.parse(m.raw) as number[]] as const);
    expect(twice.every(([rollup, raw]) => rollup[0]! > raw[0]!)).toBe(true);

    const views = await rollupViews(db.reader, DATABASE);
    await rebuildRollups(db.writer, DATABASE, views, [{ table: 'vitals', app: 'demo', day: DAY }]);
    expect(await rollupMismatches(db.reader, DATABASE)).toEqual([]);
  });

  it('a recovering collector rebuilds right when the insert lands between its DELETE and its block marks, by doing the day again', async () => {
    let deletes = 0;
    let inserted = false;
    await recover('collector-recovering-1', async (sql) => {
      if (!VITALS_DELETE.test(sql)) return;
      deletes += 1;
      if (inserted) return;
      inserted = true;
      await otherStores();
    });
    expect(inserted).toBe(true);
    // The insert fell in the window the marks bracket: the day was rebuilt a second time.
    expect(deletes).toBe(2);
    expect(await rollupMismatches(db.reader, DATABASE)).toEqual([]);
  });

  it('a recovering collector rebuilds right when the insert lands between its block marks and its INSERT … SELECT', async () => {
    let deleted = false;
    let deletes = 0;
    let inserted = false;
    await recover('collector-recovering-2', async (sql) => {
      if (VITALS_DELETE.test(sql)) {
        deleted = true;
        deletes += 1;
        return;
      }
      if (!deleted || inserted || !MARKS.test(sql)) return;
      inserted = true;
      await otherStores();
    });
    expect(inserted).toBe(true);
    expect(deletes).toBe(1);
    expect(await rollupMismatches(db.reader, DATABASE)).toEqual([]);
  });
});
