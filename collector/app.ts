import Fastify, { type FastifyInstance } from 'fastify';
import fp from 'fastify-plugin';
import { fastifyOptions, HEADERS_TIMEOUT_MS } from './config/fastify-options.js';
import type { Config } from './config/types.js';
import type { Databases } from './db/types.js';
import alertsPlugin from './plugins/alerts.js';
import summariesPlugin from './plugins/summaries.js';
import appsPlugin from './plugins/apps.js';
import configPlugin from './plugins/config.js';
import countryPlugin from './plugins/country.js';
import databasePlugin from './plugins/database.js';
import drainingPlugin from './plugins/draining.js';
import errorsPlugin from './plugins/error-handler.js';
import ingestPlugin from './plugins/ingest.js';
import metricsPlugin from './plugins/metrics-registry.js';
import rateLimitPlugin from './plugins/rate-limit.js';
import readApiPlugin from './plugins/read-api.js';
import sdkPlugin from './plugins/sdk.js';
import batchRoutes from './routes/v1-batch.js';
import dashboardRoutes from './routes/dashboard.js';
import demoRoutes from './routes/demo.js';
import healthRoutes from './routes/health.js';
import metricsRoutes from './routes/metrics.js';
import readApiRoutes from './routes/api/index.js';
import openApiRoutes from './routes/openapi.js';
import sdkAssetRoutes from './routes/sdk-asset.js';

/**
 * The collector as a plugin: shared services first (config, country
 * lookup, metrics, database, ingest, apps, rate limits, SDK file, error
 * handling), then the routes, each in its own encapsulated context.
 */
export const collector = fp<{ config: Config } & BuildOptions>(
  async (fastify, { config, databases }) => {
    await fastify.register(configPlugin, { config });
    // Before the database: an unreadable country file stops the start before anything is opened.
    await fastify.register(countryPlugin);
    await fastify.register(errorsPlugin);
    await fastify.register(drainingPlugin);
    await fastify.register(metricsPlugin);
    await fastify.register(databasePlugin, { databases });
    await fastify.register(ingestPlugin);
    await fastify.register(appsPlugin);
    await fastify.register(rateLimitPlugin);
    await fastify.register(sdkPlugin);
    await fastify.register(readApiPlugin);
    await fastify.register(alertsPlugin);
    await fastify.register(summariesPlugin);
    await fastify.register(batchRoutes);
    await fastify.register(healthRoutes);
    await fastify.register(metricsRoutes);
    await fastify.register(openApiRoutes);
    await fastify.register(readApiRoutes);
    await fastify.register(sdkAssetRoutes);
    await fastify.register(demoRoutes);
    await fastify.register(dashboardRoutes);
  },
  { name: 'percept-collector', fastify: '5.x' },
);

/** What {@link buildApp} can be handed instead of opening it itself. */
export interface BuildOptions {
  /**
   * Databases to use as they are, schema included (no migrations run): the
   * caller owns them, so closing the app leaves them open.
   */
  databases?: Databases;
}

/**
 * A ready collector for a Config: Fastify with the server options (logger
 * without addresses, timeouts), every plugin and route registered. Not yet
 * listening; tests use `inject()` or `listen({ port: 0 })`.
 */
export const buildApp = async (config: Config, options: BuildOptions = {}): Promise<FastifyInstance> => {
  const app = Fastify(fastifyOptions(config));
  app.server.headersTimeout = HEADERS_TIMEOUT_MS;
  try {
    await app.register(collector, { config, ...options });
    await app.ready();
  } catch (error) {
    await app.close().catch(() => undefined);
    throw error;
  }
  return app;
};
