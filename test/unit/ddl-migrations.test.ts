import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadMigrations, render, splitStatements } from '../../collector/db/migrations.js';

describe('migration files', () => {
  const migrations = loadMigrations();

  // Each part of the project numbers its migrations in its own range (docs/architecture.md, schema/clickhouse/), so versions may skip.
  it('are numbered uniquely and loaded in order', () => {
    const versions = migrations.map((migration) => migration.version);
    expect(versions.slice(0, 4)).toEqual([1, 2, 3, 4]);
    expect(versions).toEqual([...new Set(versions)].sort((a, b) => a - b));
    expect(migrations.slice(0, 3).map((migration) => migration.name)).toEqual(['001-raw-tables', '002-rollups', '003-ingest-counters-audit']);
  });

  // MODIFY SETTING sets a value: running it again changes nothing. The one data statement allowed is a
  // backfill of summary_marks, which keeps the latest mark per day: a migration interrupted before its record
  // runs again, and a second mark changes nothing.
  it('qualify every created or altered object with {{database}} and are idempotent', () => {
    for (const statement of migrations.flatMap((migration) => migration.statements)) {
      expect(statement).toMatch(
        /^(CREATE (TABLE IF NOT EXISTS|MATERIALIZED VIEW IF NOT EXISTS|OR REPLACE VIEW) \{\{database\}\}\.\w+|ALTER TABLE \{\{database\}\}\.\w+ (ADD (COLUMN|INDEX|PROJECTION) IF NOT EXISTS|DROP (COLUMN|INDEX|PROJECTION) IF EXISTS|MODIFY SETTING \w+ = )|INSERT INTO \{\{database\}\}\.summary_marks\b)/,
      );
      // An added column is added only once, however often the migration runs.
      expect(statement.match(/ADD COLUMN(?! IF NOT EXISTS)/g) ?? []).toEqual([]);
    }
  });

  it('have checksums that change with the statements, not with comments', () => {
    const checksumOf = (text: string) => {
      const dir = mkdtempSync(join(tmpdir(), 'percept-migrations-'));
      writeFileSync(join(dir, '001-x.sql'), text);
      return loadMigrations(dir)[0]!.checksum;
    };
    const plain = checksumOf('CREATE TABLE IF NOT EXISTS {{database}}.x (a UInt8) ENGINE = MergeTree ORDER BY a;\n');
    expect(plain).toMatch(/^[0-9a-f]{16}$/);
    expect(checksumOf('-- why x exists\nCREATE TABLE IF NOT EXISTS {{database}}.x (a UInt8) ENGINE = MergeTree ORDER BY a;\n')).toBe(plain);
    expect(checksumOf('CREATE TABLE IF NOT EXISTS {{database}}.x (a UInt16) ENGINE = MergeTree ORDER BY a;\n')).not.toBe(plain);
  });
});

describe('splitStatements', () => {
  it('splits on semicolons outside quotes and drops comments', () => {
    const sql = "-- a comment; with a semicolon\nSELECT 'a;b' AS x; -- trailing\n\nSELECT `c;d`\n  FROM t;\n";
    expect(splitStatements(sql)).toEqual(["SELECT 'a;b' AS x", 'SELECT `c;d`\n  FROM t']);
  });

  it('keeps escaped quotes inside strings', () => {
    expect(splitStatements("SELECT 'it\\'s; fine';SELECT 2")).toEqual(["SELECT 'it\\'s; fine'", 'SELECT 2']);
  });
});

describe('render', () => {
  it('substitutes placeholders and leaves ClickHouse macros alone', () => {
    expect(render("TTL t + INTERVAL {{retention_days}} DAY, '/tables/{shard}/{database}/x', {{database}}.x", { retention_days: 30, database: 'percept' })).toBe(
      "TTL t + INTERVAL 30 DAY, '/tables/{shard}/{database}/x', percept.x",
    );
  });

  it('throws on a placeholder without a value', () => {
    expect(() => render('{{nope}}', { database: 'x' })).toThrow(/\{\{nope\}\} has no value/);
  });
});
