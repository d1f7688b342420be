import { describe, expect, it } from 'vitest';
import { localName, replicatedTables, toClusterStatements } from '../../collector/db/ddl.js';
import { loadMigrations } from '../../collector/db/migrations.js';

const migrations = loadMigrations();
const all = migrations.flatMap((migration) => migration.statements);
const tables = replicatedTables(all);
const cluster = (statement: string) => toClusterStatements(statement, 'rum', tables);
const rewritten = all.flatMap(cluster);
const find = (pattern: RegExp) => rewritten.filter((statement) => pattern.test(statement));

describe('cluster DDL', () => {
  it('finds every MergeTree-family table of the migrations', () => {
    for (const name of [
      'page_views',
      'vitals',
      'workflow_runs',
      'workflow_steps',
      'vitals_daily_state',
      'workflows_daily_state',
      'workflow_steps_daily_state',
      'ingest_counters',
      'audit_log',
    ]) {
      expect(tables.has(name), name).toBe(true);
    }
    expect(tables.has('vitals_daily')).toBe(false);
    expect(tables.has('vitals_daily_mv')).toBe(false);
  });

  it('puts ON CLUSTER on every rewritten DDL statement, and on no backfill', () => {
    for (const statement of rewritten) {
      // A backfill (INSERT … SELECT) runs once, through the Distributed tables; ON CLUSTER would run it on every node.
      if (/^INSERT\b/.test(statement)) expect(statement).not.toMatch(/ON CLUSTER/);
      else expect(statement).toMatch(/^(CREATE|ALTER|DROP)\b[^(]*? ON CLUSTER 'rum'/);
    }
  });

  it('creates a replicated local table and a Distributed table for a raw table', () => {
    const vitals = all.find((statement) => /TABLE IF NOT EXISTS \{\{database\}\}\.vitals\s/.test(statement))!;
    const [local, distributed] = cluster(vitals);
    expect(local).toMatch(/^CREATE TABLE IF NOT EXISTS \{\{database\}\}\.vitals_local ON CLUSTER 'rum'\n\(/);
    expect(local).toContain("ENGINE = ReplicatedMergeTree('/clickhouse/tables/{shard}/{database}/vitals_local', '{replica}')");
    expect(local).toContain('ORDER BY (app, toDate(time), metric, route, time)');
    expect(distributed).toBe(
      "CREATE TABLE IF NOT EXISTS {{database}}.vitals ON CLUSTER 'rum' AS {{database}}.vitals_local\n" +
        "ENGINE = Distributed('rum', '{{database}}', 'vitals_local', cityHash64(session_id))",
    );
  });

  it('keeps engine arguments after the replication arguments', () => {
    const [local] = find(/ingest_counters_local ON CLUSTER/);
    expect(local).toContain("ENGINE = ReplicatedSummingMergeTree('/clickhouse/tables/{shard}/{database}/ingest_counters_local', '{replica}', count)");
    expect(find(/ENGINE = Distributed\('rum', '\{\{database\}\}', 'ingest_counters_local', rand\(\)\)/)).toHaveLength(1);
    expect(find(/ReplicatedAggregatingMergeTree\('\/clickhouse\/tables\/\{shard\}\/\{database\}\/vitals_daily_state_local', '\{replica\}'\)/)).toHaveLength(1);
  });

  it('points materialized views at the local tables of each shard', () => {
    const [view] = find(/MATERIALIZED VIEW IF NOT EXISTS \{\{database\}\}\.vitals_daily_mv/);
    expect(view).toMatch(
      /^CREATE MATERIALIZED VIEW IF NOT EXISTS \{\{database\}\}\.vitals_daily_mv ON CLUSTER 'rum' TO \{\{database\}\}\.vitals_daily_state_local AS/,
    );
    expect(view).toContain('FROM {{database}}.vitals_local');
    expect(view).not.toMatch(/\{\{database\}\}\.vitals\b(?!_)/);
  });

  it('lets plain views read through the Distributed tables', () => {
    const [view] = find(/VIEW \{\{database\}\}\.vitals_daily ON CLUSTER/);
    expect(view).toMatch(/^CREATE OR REPLACE VIEW \{\{database\}\}\.vitals_daily ON CLUSTER 'rum' AS/);
    expect(view).toContain('FROM {{database}}.vitals_daily_state\n');
  });

  it('replicates schema_migrations to every node without a Distributed table', () => {
    const statements = cluster('CREATE TABLE IF NOT EXISTS {{database}}.schema_migrations\n(\n    version UInt32\n)\nENGINE = MergeTree\nORDER BY version');
    expect(statements).toEqual([
      "CREATE TABLE IF NOT EXISTS {{database}}.schema_migrations ON CLUSTER 'rum'\n(\n    version UInt32\n)\n" +
        "ENGINE = ReplicatedMergeTree('/clickhouse/tables/{database}/schema_migrations', '{replica}')\nORDER BY version",
    ]);
  });

  it('alters the local table, and the Distributed table too when columns change', () => {
    expect(cluster('ALTER TABLE {{database}}.vitals MODIFY TTL toDateTime(time) + INTERVAL 7 DAY')).toEqual([
      "ALTER TABLE {{database}}.vitals_local ON CLUSTER 'rum' MODIFY TTL toDateTime(time) + INTERVAL 7 DAY",
    ]);
    expect(cluster('ALTER TABLE {{database}}.vitals ADD COLUMN IF NOT EXISTS lcp_element LowCardinality(String)')).toEqual([
      "ALTER TABLE {{database}}.vitals_local ON CLUSTER 'rum' ADD COLUMN IF NOT EXISTS lcp_element LowCardinality(String)",
      "ALTER TABLE {{database}}.vitals ON CLUSTER 'rum' ADD COLUMN IF NOT EXISTS lcp_element LowCardinality(String)",
    ]);
  });

  it('drops both halves of a distributed table, and views alone', () => {
    expect(cluster('DROP TABLE IF EXISTS {{database}}.vitals')).toEqual([
      "DROP TABLE IF EXISTS {{database}}.vitals ON CLUSTER 'rum'",
      "DROP TABLE IF EXISTS {{database}}.vitals_local ON CLUSTER 'rum'",
    ]);
    expect(cluster('DROP VIEW IF EXISTS {{database}}.vitals_daily')).toEqual(["DROP VIEW IF EXISTS {{database}}.vitals_daily ON CLUSTER 'rum'"]);
  });

  it('runs CREATE DATABASE on the cluster and leaves other statements alone', () => {
    expect(cluster('CREATE DATABASE IF NOT EXISTS percept')).toEqual(["CREATE DATABASE IF NOT EXISTS percept ON CLUSTER 'rum'"]);
    expect(cluster('SELECT 1')).toEqual(['SELECT 1']);
  });

  it('refuses a cluster name that could inject SQL', () => {
    expect(() => toClusterStatements('SELECT 1', "rum' --", tables)).toThrow(/not a plain ClickHouse identifier/);
  });

  it('names local tables with a _local suffix', () => {
    expect(localName('audit_log')).toBe('audit_log_local');
  });
});
