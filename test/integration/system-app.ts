import Fastify, { type FastifyInstance } from 'fastify';
import fp from 'fastify-plugin';
import { fastifyOptions } from '../../collector/config/fastify-options.js';
import { loadConfig } from '../../collector/config/load.js';
import type { Config } from '../../collector/config/types.js';
import type { Databases } from '../../collector/db/types.js';
import appsPlugin from '../../collector/plugins/apps.js';
import configPlugin from '../../collector/plugins/config.js';
import errorsPlugin from '../../collector/plugins/errors.js';
import ingestPlugin from '../../collector/plugins/ingest.js';
import metricsPlugin from '../../collector/plugins/metrics.js';
import rateLimitPlugin from '../../collector/plugins/rate-limit.js';
import batchRoutes from '../../collector/routes/batch.js';
import healthRoutes from '../../collector/routes/health.js';
import metricsRoutes from '../../collector/routes/metrics.js';

/**
 * The ingest half of the collector in this process, on a database the test
 * hands in. buildApp() opens its own database and offers no way to pass one,
 * so this registers the same plugins and routes as collector/app.ts with the
 * database plugin swapped for one that decorates the given Databases.
 */
export const buildIngestApp = async (config: Config, db: Databases): Promise<FastifyInstance> => {
  const database = fp(
    async (fastify) => {
      fastify.decorate('db', db);
    },
    { name: 'percept-database', fastify: '5.x', dependencies: ['percept-config'] },
  );
  const app = Fastify(fastifyOptions(config));
  await app.register(configPlugin, { config });
  await app.register(errorsPlugin);
  await app.register(metricsPlugin);
  await app.register(database);
  await app.register(ingestPlugin);
  await app.register(appsPlugin);
  await app.register(rateLimitPlugin);
  await app.register(batchRoutes);
  await app.register(healthRoutes);
  await app.register(metricsRoutes);
  await app.listen({ port: 0, host: '127.0.0.1' });
  return app;
};

/** The Config `percept start` would build for these folders, with the demo app and rate limits out of the way. */
export const systemConfig = (dataDir: string, spoolDir: string, env: Record<string, string> = {}): Promise<Config> =>
  loadConfig({
    file: { demo: true, logLevel: 'silent' },
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
