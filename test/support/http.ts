import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { FastifyInstance } from 'fastify';
import { buildApp } from '../../collector/app.js';
import { loadConfig } from '../../collector/config/load.js';
import type { Config } from '../../collector/config/types.js';
import { dropServerDatabase, serverEnv, testDatabase } from './clickhouse-target.js';

/** Tenants of the HTTP tests, next to the built-in demo app. */
export const APPS = [
  { id: 'shop', keys: ['shop-key-0001'], origins: ['https://shop.example'] },
  { id: 'blog', keys: ['blog-key-0001'], origins: ['https://blog.example', 'http://localhost:*'] },
  { id: 'open', keys: ['open-key-0001'], origins: ['*'] },
];

export interface Collector {
  app: FastifyInstance;
  config: Config;
  close(): Promise<void>;
}

/**
 * A real collector (real chDB, real spool) in a fresh temp folder, built
 * through the same loader as `percept start`; with CLICKHOUSE_URL set it
 * stores on that server instead, in a database of its own dropped on close
 * (clickhouse-target.ts). `file` adds config-file fields.
 */
export const startCollector = async (file: Record<string, unknown> = {}): Promise<Collector> => {
  const dir = mkdtempSync(join(tmpdir(), 'percept-http-'));
  const database = testDatabase('percept');
  const config = await loadConfig({
    file: { demo: true, apps: APPS, logLevel: 'silent', summaries: { everySeconds: 0 }, ...file },
    env: { PERCEPT_DATA_DIR: dir, PERCEPT_USER_KEY: 'v1:http-test-key-0123456789', ...serverEnv(database) },
    warn: () => undefined,
  });
  const app = await buildApp(config);
  return {
    app,
    config,
    close: async () => {
      await app.close();
      await dropServerDatabase(database);
      rmSync(dir, { recursive: true, force: true });
    },
  };
};
