import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { replicatedTables, toClusterStatements } from '../../collector/db/ddl.js';
import { loadMigrations, render } from '../../collector/db/migrations.js';
import type { Databases } from '../../collector/db/types.js';
import { openMigrated } from '../support/db-fixtures.js';

/**
 * No ClickHouse cluster (Keeper, shards, replicas) is available here, so the
 * cluster DDL cannot be run. This checks the next best thing: ClickHouse's own
 * parser (formatQuery) accepts every rewritten statement.
 */
let dbs: Databases;
beforeAll(async () => {
  dbs = await openMigrated();
});
afterAll(() => dbs.close());

describe('cluster DDL', () => {
  const all = loadMigrations().flatMap((migration) => migration.statements);
  const tables = replicatedTables(all);
  const statements = all
    .flatMap((statement) => toClusterStatements(statement, 'rum', tables))
    .map((statement) => render(statement, { database: 'percept', retention_days: 90, rollup_retention_days: 400 }));

  it('parses as ClickHouse SQL, statement by statement', async () => {
    expect(statements.length).toBeGreaterThan(20);
    for (const sql of statements) {
      const [row] = await dbs.reader.query<{ formatted: string }>('SELECT formatQuery({sql:String}) AS formatted', { sql });
      // A backfill runs once, through the distributed tables; ON CLUSTER would run it on every node.
      if (/^INSERT\b/i.test(sql)) expect(row!.formatted, sql).not.toMatch(/ON CLUSTER/);
      else expect(row!.formatted, sql).toMatch(/ON CLUSTER rum/);
    }
  });
});
