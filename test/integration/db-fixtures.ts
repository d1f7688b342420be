import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { openDatabases } from '../../collector/db/open.js';
import { migrate } from '../../collector/db/migrate.js';
import type { Databases } from '../../collector/db/types.js';
import type { ProcessedBatch } from '../../collector/pipeline/types.js';
import { rate } from '../../schema/index.js';
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

/** What validate → enrich → scrub would make of a valid batch, built by hand: rating from the official thresholds. */
export const processed = (batch: Batch, overrides: Partial<ProcessedBatch> = {}): ProcessedBatch => ({
  app: batch.app,
  batch_id: batch.batch_id,
  session_id: batch.session_id,
  page_id: batch.page_id,
  received_at: batch.sent_at + 40,
  clock_skew_ms: 40,
  sdk: batch.sdk,
  release: batch.release ?? '',
  env: batch.env ?? '',
  client: batch.client ?? {},
  ua: { browser: 'Chrome', browser_major: 130, os: 'Android', device_class: 'mobile' },
  user_hash: '',
  retention_days: RETENTION_DAYS,
  sample_rate: 1,
  events: batch.events.map((event) => (event.type === 'vital' ? { ...event, rating: rate(event.name, event.value) } : event)),
  ...overrides,
});
