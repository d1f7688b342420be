import { defineConfig } from 'vitest/config';

/**
 * The database-facing suites that `integration-server` runs again in server
 * mode: a sample of each kind (rows and rollups, migrations, spool flush and
 * recovery, rollup rebuild, read API with its cache) that fits the budget of
 * about 30 s on the project's machine. test/README.md says how to run every
 * such suite against a real ClickHouse server.
 */
const SERVER_MODE_SUITES = [
  'db-rollups',
  'spool-flush',
  'spool-recovery',
  'spool-verify',
  'spool-rollup-recovery',
  'flush-rebuild-rollups',
  'api-ingest',
  'api-vitals',
  'api-cache',
].map((name) => `test/integration/${name}.test.ts`);

/** Every suite that follows CLICKHOUSE_URL, for `PERCEPT_SERVER_SUITES=all`; the excluded ones test embedded chDB or the HTTP wire themselves. */
const SWITCHABLE_SUITES = ['db-*', 'spool-*', 'flush-*', 'api-*', 'http-*', 'seed-history', 'app-settings', 'dashboard-route'].map(
  (name) => `test/integration/${name}.test.ts`,
);
const EMBEDDED_OR_WIRE_SUITES = ['db-open', 'db-http', 'db-server-http'].map((name) => `test/integration/${name}.test.ts`);

/**
 * Five projects, runnable alone with `--project`: pure unit tests, SDK unit
 * tests in happy-dom, integration tests on a real ClickHouse (chDB in forked
 * workers, each with its own data folder, or the server at CLICKHOUSE_URL;
 * test/support/clickhouse-target.ts), some of those again in server mode
 * through the HTTP stand-in (test/support/clickhouse-http-setup.ts), and
 * end-to-end tests in Chromium.
 */
export default defineConfig({
  test: {
    projects: [
      { test: { name: 'unit', include: ['test/unit/**/*.test.ts'], environment: 'node' } },
      { test: { name: 'sdk', include: ['test/sdk/**/*.test.ts'], environment: 'happy-dom' } },
      {
        test: {
          name: 'integration',
          include: ['test/integration/**/*.test.ts'],
          pool: 'forks',
          testTimeout: 60_000,
          hookTimeout: 60_000,
        },
      },
      {
        test: {
          name: 'integration-server',
          include: process.env.PERCEPT_SERVER_SUITES === 'all' ? SWITCHABLE_SUITES : SERVER_MODE_SUITES,
          exclude: EMBEDDED_OR_WIRE_SUITES,
          setupFiles: ['test/support/clickhouse-http-setup.ts'],
          pool: 'forks',
          testTimeout: 60_000,
          hookTimeout: 60_000,
        },
      },
      {
        test: {
          name: 'e2e',
          include: ['test/e2e/**/*.test.ts'],
          pool: 'forks',
          testTimeout: 60_000,
          hookTimeout: 60_000,
        },
      },
    ],
  },
});
