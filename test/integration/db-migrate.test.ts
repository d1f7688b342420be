import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { migrate } from '../../collector/db/migrate.js';
import { loadMigrations } from '../../collector/db/migrations.js';
import type { Databases } from '../../collector/db/types.js';
import { DATABASE, RETENTION_DAYS, openMigrated } from '../support/db-fixtures.js';

const OPTIONS = { database: DATABASE, retentionDays: RETENTION_DAYS, rollupRetentionDays: RETENTION_DAYS };

let dbs: Databases;
beforeAll(async () => {
  dbs = await openMigrated();
});
afterAll(() => dbs.close());

const schema = () =>
  dbs.reader.query<{ name: string; create_table_query: string }>(
    'SELECT name, create_table_query FROM system.tables WHERE database = {db:String} ORDER BY name',
    { db: DATABASE },
  );

describe('migrate', () => {
  it('creates the raw tables, rollups, views, counters and audit log', async () => {
    const names = (await schema()).map((table) => table.name);
    expect(names).toEqual(
      expect.arrayContaining([
        'page_views',
        'vitals',
        'workflow_runs',
        'workflow_steps',
        'vitals_daily_state',
        'vitals_daily_mv',
        'vitals_daily',
        'workflows_daily_state',
        'workflows_daily_mv',
        'workflows_daily',
        'workflow_steps_daily_state',
        'workflow_steps_daily_mv',
        'workflow_steps_daily',
        'ingest_counters',
        'audit_log',
        'schema_migrations',
      ]),
    );
  });

  it('expires raw rows by their retention_days column, defaulting to the configured retention', async () => {
    const vitals = (await schema()).find((table) => table.name === 'vitals')!;
    expect(vitals.create_table_query).toContain('`retention_days` UInt16 DEFAULT 3650');
    expect(vitals.create_table_query).toContain('PARTITION BY (retention_days, toYYYYMMDD(time))');
    expect(vitals.create_table_query).toContain('TTL toDateTime(time) + toIntervalDay(retention_days)');
    expect(vitals.create_table_query).toContain('ttl_only_drop_parts = 1');
    expect(vitals.create_table_query).toContain('non_replicated_deduplication_window = 1000');
  });

  it('changes nothing when run again', async () => {
    const before = await schema();
    const again = await migrate(dbs.writer, OPTIONS);
    expect(again.applied).toEqual([]);
    expect(again.version).toBe(loadMigrations().at(-1)!.version);
    expect(await schema()).toEqual(before);
    const recorded = await dbs.reader.query<{ version: number }>('SELECT version FROM schema_migrations ORDER BY version');
    expect(recorded.map((row) => row.version)).toEqual(loadMigrations().map((migration) => migration.version));
  });

  it('applies a new migration once, after the recorded ones', async () => {
    const extra = {
      version: 900,
      name: '900-extra',
      checksum: '00000000000000aa',
      statements: ['CREATE TABLE IF NOT EXISTS {{database}}.extra (a UInt8) ENGINE = MergeTree ORDER BY a TTL toDate(a) + INTERVAL {{retention_days}} DAY'],
    };
    const migrations = [...loadMigrations(), extra];
    expect((await migrate(dbs.writer, { ...OPTIONS, migrations })).applied).toEqual(['900-extra']);
    expect((await migrate(dbs.writer, { ...OPTIONS, migrations })).applied).toEqual([]);
    expect((await schema()).map((table) => table.name)).toContain('extra');
  });

  it('refuses to run when an applied migration was edited', async () => {
    const edited = loadMigrations().map((migration, index) => (index === 0 ? { ...migration, checksum: 'ffffffffffffffff' } : migration));
    await expect(migrate(dbs.writer, { ...OPTIONS, migrations: edited })).rejects.toThrow(/001-raw-tables was changed after it was applied/);
  });

  it('refuses retention that is not a whole number of days', async () => {
    await expect(migrate(dbs.writer, { ...OPTIONS, retentionDays: 0 })).rejects.toThrow(/retentionDays must be a whole number/);
  });
});
