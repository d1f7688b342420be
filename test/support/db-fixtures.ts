import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { openDatabases } from '../../collector/db/open.js';
import { migrate } from '../../collector/db/migrate.js';
import type { Databases } from '../../collector/db/types.js';
import type { ProcessedBatch } from '../../collector/pipeline/types.js';
import { processedFrom } from './batches.js';
import type { Batch } from '../../schema/index.js';

export const DATABASE = 'percept_test';
/** Long enough that rows at the fixed dates of the tests never expire. */
export const RETENTION_DAYS = 3650;

/**
 * A migrated embedded database in a fresh temp folder (one per test file:
 * chDB binds one folder per process); closing it removes the folder.
 */
export const openMigrated = async (): Promise<Databases> => {
  const dataDir = mkdtempSync(join(tmpdir(), 'percept-db-'));
  const dbs = await openDatabases({ database: DATABASE, dataDir, retentionDays: RETENTION_DAYS });
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
