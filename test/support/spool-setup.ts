import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Registry } from 'prom-client';
import { afterAll, beforeAll } from 'vitest';
import { DEFAULTS } from '../../collector/config/defaults.js';
import type { Config } from '../../collector/config/types.js';
import { migrate } from '../../collector/db/migrate.js';
import type { Database, Databases } from '../../collector/db/types.js';
import { openIngest } from '../../collector/spool/open-ingest.js';
import type { Ingest, SpoolTuning } from '../../collector/spool/types.js';
import { openTestDatabases, testDatabase } from './clickhouse-target.js';
import { recordingLogger, type LogLine } from './spool-fixtures.js';

/** Suffixed on a shared server (clickhouse-target.ts). */
export const DATABASE = testDatabase('percept');

/** A fresh chDB folder (or a database on the server at CLICKHOUSE_URL) with the schema applied: one per test file. */
export const openStore = async (): Promise<{ root: string; db: Databases }> => {
  const root = await mkdtemp(join(tmpdir(), 'percept-spool-it-'));
  const options = { dataDir: join(root, 'data'), database: DATABASE, retentionDays: 30 };
  const db = await openTestDatabases(options);
  await migrate(db.writer, options);
  return { root, db };
};

export const configFor = (spoolDir: string, spoolMaxBytes = 1 << 30): Config => ({
  host: '127.0.0.1',
  port: 0,
  dataDir: spoolDir,
  spoolDir,
  spoolMaxBytes,
  bodyLimit: 256 * 1024,
  database: { database: DATABASE, dataDir: spoolDir, retentionDays: 30 },
  userKey: 'test-user-key',
  apps: new Map(),
  readers: [],
  api: { ...DEFAULTS.api },
  alerts: { rules: [], evaluate: true },
  summaries: { everySeconds: 0 },
  rateLimit: { perKeyPerMinute: 1000, perAddressPerMinute: 1000 },
  logLevel: 'info',
});

/** Short timers so tests do not wait for production defaults. */
export const FAST: SpoolTuning = { sealAfterMs: 50, countersIntervalMs: 100, backoffMinMs: 10, backoffMaxMs: 50, closeTimeoutMs: 20_000 };

export interface Opened {
  ingest: Ingest;
  registry: Registry;
  lines: LogLine[];
}

export const open = async (spoolDir: string, db: Databases, tuning: SpoolTuning = FAST, spoolMaxBytes?: number): Promise<Opened> => {
  const registry = new Registry();
  const logger = recordingLogger();
  const ingest = await openIngest({ config: configFor(spoolDir, spoolMaxBytes), db, registry, logger, tuning });
  return { ingest, registry, lines: logger.lines };
};

/**
 * The database as seen while ClickHouse is down (while `down.value`): inserts,
 * queries and pings fail, the rest is the real database. This is the one
 * fault the tests inject.
 */
export const withOutage = (db: Databases): { db: Databases; down: { value: boolean } } => {
  const down = { value: true };
  const writer: Database = {
    ...db.writer,
    insertNdjson: (table, ndjson, token) =>
      down.value ? Promise.reject(new Error('Connection refused (ClickHouse is down in this test).')) : db.writer.insertNdjson(table, ndjson, token),
  };
  const reader: Database = {
    ...db.reader,
    query: (sql, params) => (down.value ? Promise.reject(new Error('Connection refused (ClickHouse is down in this test).')) : db.reader.query(sql, params)),
    ping: () => (down.value ? Promise.resolve(false) : db.reader.ping()),
  };
  return { db: { ...db, writer, reader }, down };
};

/** Rows per table that carry `batchId`, and its rows in ingested_batches. */
export const copiesOf = async (db: Databases, batchId: string): Promise<Record<string, number>> => {
  const [row] = await db.reader.query<Record<string, number>>(
    `SELECT
       (SELECT count() FROM ${DATABASE}.page_views WHERE batch_id = {id:UUID}) AS page_views,
       (SELECT count() FROM ${DATABASE}.vitals WHERE batch_id = {id:UUID}) AS vitals,
       (SELECT count() FROM ${DATABASE}.workflow_runs WHERE batch_id = {id:UUID}) AS workflow_runs,
       (SELECT count() FROM ${DATABASE}.workflow_steps WHERE batch_id = {id:UUID}) AS workflow_steps,
       (SELECT count() FROM ${DATABASE}.ingested_batches WHERE batch_id = {id:String}) AS ingested_batches`,
    { id: batchId },
  );
  return Object.fromEntries(Object.entries(row!).map(([k, v]) => [k, Number(v)]));
};

/** One stored copy of the fixture batch (tests/fixtures exampleEvents). */
export const ONE_COPY = { page_views: 1, vitals: 5, workflow_runs: 1, workflow_steps: 2, ingested_batches: 1 };
export const NO_COPY = { page_views: 0, vitals: 0, workflow_runs: 0, workflow_steps: 0, ingested_batches: 0 };

/** Polls until `check` holds; for waiting on background work, never for timing. */
export const eventually = async (check: () => Promise<boolean> | boolean, what: string, limitMs = 20_000): Promise<void> => {
  const end = Date.now() + limitMs;
  while (!(await check())) {
    if (Date.now() > end) throw new Error(`Gave up waiting: ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
};

/**
 * One migrated database (chDB in a fresh folder, or on the server at
 * CLICKHOUSE_URL) for the whole test file, closed after
 * it; `spoolDir()` names a fresh spool folder inside it for each test.
 */
export const useStore = (): { readonly db: Databases; spoolDir: () => string } => {
  let root = '';
  let n = 0;
  let db: Databases | undefined;
  beforeAll(async () => {
    ({ root, db } = await openStore());
  });
  afterAll(async () => {
    await db?.close();
    await rm(root, { recursive: true, force: true });
  });
  return {
    get db() {
      if (db === undefined) throw new Error('The store opens in beforeAll: use it inside a test.');
      return db;
    },
    spoolDir: () => join(root, `spool-${++n}`),
  };
};
