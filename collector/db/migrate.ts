import { MIGRATIONS_TABLE, replicatedTables, toClusterStatements } from './ddl.js';
import { loadMigrations, render } from './migrations.js';
import type { Migration, Placeholders } from './migrations.js';
import type { Database, DatabaseOptions } from './types.js';

export interface MigrateOptions extends Pick<DatabaseOptions, 'database' | 'cluster' | 'retentionDays'> {
  /** TTL of the rollups, ingest counters and audit log, days. Default 400: a year, compared year over year. */
  rollupRetentionDays?: number;
  /** The migrations to apply; default: the files of schema/clickhouse/. */
  migrations?: Migration[];
  /** Called before each migration is applied, for progress output. */
  onApply?: (name: string) => void;
}

export interface MigrateResult {
  /** Names of the migrations applied by this call, in order; empty when the schema was current. */
  applied: string[];
  /** Highest version now applied. */
  version: number;
}

const MIGRATIONS_DDL = `CREATE TABLE IF NOT EXISTS {{database}}.${MIGRATIONS_TABLE}
(
    version UInt32,
    name String,
    checksum String,
    applied_at DateTime64(3, 'UTC') DEFAULT now64(3)
)
ENGINE = MergeTree
ORDER BY version
SETTINGS non_replicated_deduplication_window = 100`;

/**
 * Brings the database schema up to date: applies, in order, each numbered
 * migration not yet recorded in `schema_migrations`, then records it. Every
 * statement is idempotent (IF NOT EXISTS, OR REPLACE), so a run that died
 * half-way is completed by the next one, and running twice changes nothing.
 * With `cluster`, DDL is rewritten by {@link toClusterStatements}.
 * Throws when an applied migration's file was changed afterwards.
 */
export const migrate = async (db: Database, options: MigrateOptions): Promise<MigrateResult> => {
  const migrations = options.migrations ?? loadMigrations();
  const values = placeholders(options);
  const tables = replicatedTables(migrations.flatMap((migration) => migration.statements));
  const apply = async (statement: string) => {
    const statements = options.cluster ? toClusterStatements(statement, options.cluster, tables) : [statement];
    for (const sql of statements) await db.command(render(sql, values));
  };

  await apply(MIGRATIONS_DDL);
  const recorded = await db.query<{ version: number; name: string; checksum: string }>(
    `SELECT version, any(name) AS name, any(checksum) AS checksum FROM ${options.database}.${MIGRATIONS_TABLE} GROUP BY version`,
  );
  const done = new Map(recorded.map((row) => [Number(row.version), row]));
  const applied: string[] = [];
  for (const migration of migrations) {
    const previous = done.get(migration.version);
    if (previous) {
      if (previous.checksum !== migration.checksum) {
        throw new Error(
          `Migration ${migration.name} was changed after it was applied (recorded checksum ${previous.checksum}, ` +
            `file ${migration.checksum}). Applied migrations must stay as they are: restore the file and add a new numbered migration.`,
        );
      }
      continue;
    }
    options.onApply?.(migration.name);
    for (const statement of migration.statements) await apply(statement);
    const record = { version: migration.version, name: migration.name, checksum: migration.checksum };
    await db.insertNdjson(`${options.database}.${MIGRATIONS_TABLE}`, `${JSON.stringify(record)}\n`, `migration-${migration.version}-${migration.checksum}`);
    applied.push(migration.name);
  }
  const version = Math.max(0, ...recorded.map((row) => Number(row.version)), ...migrations.map((migration) => migration.version));
  return { applied, version };
};

const placeholders = (options: MigrateOptions): Placeholders => {
  const days = (value: number, what: string) => {
    if (!Number.isInteger(value) || value < 1) throw new Error(`${what} must be a whole number of days ≥ 1, got ${value}.`);
    return value;
  };
  if (!/^[A-Za-z_][A-Za-z0-9_]{0,63}$/.test(options.database)) {
    throw new Error(`Database name ${JSON.stringify(options.database)} must be a plain identifier (letters, digits, _).`);
  }
  return {
    database: options.database,
    retention_days: days(options.retentionDays, 'retentionDays'),
    rollup_retention_days: days(options.rollupRetentionDays ?? 400, 'rollupRetentionDays'),
  };
};
