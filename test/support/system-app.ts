import type { FastifyInstance } from 'fastify';
import { buildApp } from '../../collector/app.js';
import { loadConfig } from '../../collector/config/load.js';
import type { Config } from '../../collector/config/types.js';
import type { Databases } from '../../collector/db/types.js';

/** The collector in this process on a database the test hands in (and closes itself), listening on a free port. */
export const buildIngestApp = async (config: Config, db: Databases): Promise<FastifyInstance> => {
  const app = await buildApp(config, { databases: db });
  await app.listen({ port: 0, host: '127.0.0.1' });
  return app;
};

/** The Config `percept start` would build for these folders, with the demo app and rate limits out of the way. */
export const systemConfig = (dataDir: string, spoolDir: string, env: Record<string, string> = {}): Promise<Config> =>
  loadConfig({
    file: { demo: true, logLevel: 'silent', summaries: { everySeconds: 0 } },
    env: {
      PERCEPT_DATA_DIR: dataDir,
      PERCEPT_SPOOL_DIR: spoolDir,
      PERCEPT_USER_KEY: 'v1:system-test-key-0123456789',
      PERCEPT_RATE_LIMIT_PER_KEY: '100000000',
      PERCEPT_RATE_LIMIT_PER_ADDRESS: '100000000',
      ...env,
    },
    warn: () => undefined,
  });

/** Base URL of a listening app. */
export const baseOf = (app: FastifyInstance): string => {
  const address = app.server.address();
  if (address === null || typeof address === 'string') throw new Error('The app is not listening on TCP.');
  return `http://127.0.0.1:${address.port}`;
};
