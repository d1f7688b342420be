import { defineConfig } from 'vitest/config';

/**
 * Four projects, runnable alone with `--project`: pure unit tests, SDK unit
 * tests in happy-dom, integration tests on a real ClickHouse (chDB in forked
 * workers, each with its own data folder), and end-to-end tests in Chromium.
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
