import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { migrate } from '../../collector/db/migrate.js';
import type { Databases } from '../../collector/db/types.js';
import type { ProcessedBatch } from '../../collector/pipeline/types.js';
import { processedFrom } from './batches.js';
import { openTestDatabases, testDatabase } from './clickhouse-target.js';
import { openDatabases } from '../../collector/db/open.js';
import type { Batch } from '../../schema/index.js';

/** Suffixed on a shared server (clickhouse-target.ts). */
export const DATABASE = testDatabase('percept_test');
/** Long enough that rows at the fixed dates of the tests never expire. */
export const RETENTION_DAYS = 3650;

/**
 * A migrated database for one test file: embedded in a fresh temp folder
 * (chDB binds one folder per process), or on the server at CLICKHOUSE_URL
 * (clickhouse-target.ts); `embedded` keeps a suite about chDB itself on chDB.
 * Closing it removes the folder, or drops the database on the server.
 */
export const openMigrated = async (where: 'target' | 'embedded' = 'target'): Promise<Databases> => {
  const dataDir = mkdtempSync(join(tmpdir(), 'percept-db-'));
  const options = { database: DATABASE, dataDir, retentionDays: RETENTION_DAYS };
  const dbs = await (where === 'embedded' ? openDatabases(options) : openTestDatabases(options));
  await migrate(dbs.writer, { database: DATABASE, retentionDays: RETENTION_DAYS, rollupRetentionDays: RETENTION_DAYS });
  return {
    ...dbs,
    close: async () => {
      await dbs.close();
      rmSync(dataDir, { recursive: true, force: true });
    },
  };
};

/** The pipeline's output for a valid batch, received 40 ms after it was sent, from a phone. */
export const processed = (batch: Batch, overrides: Partial<ProcessedBatch> = {}): ProcessedBatch =>
  processedFrom(batch, {
    received_at: batch.sent_at + 40,
    clock_skew_ms: 40,
    ua: { browser: 'Chrome', browser_major: 130, os: 'Android', device_class: 'mobile' },
    retention_days: RETENTION_DAYS,
    ...overrides,
  });
