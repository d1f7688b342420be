import type { AddressInfo } from 'node:net';
import type { FastifyInstance } from 'fastify';
import { buildApp } from './app.js';
import { seedInto, type SeedOptions } from './cli/seed.js';
import { AlreadySeeded } from './seed/history.js';
import type { Config } from './config/types.js';
import { describeDatabase } from './db/describe.js';

/** How long a graceful close may take before the process exits anyway. */
const CLOSE_TIMEOUT_MS = 30_000;

const urlOf = (address: AddressInfo): string => {
  const host = address.family === 'IPv6' ? `[${address.address}]` : address.address;
  return `http://${host}:${address.port}`;
};

/** The human startup line: where it listens, which database, the demo and the SDK's SRI hash. */
export const startupLine = async (app: FastifyInstance, config: Config): Promise<string> => {
  const base = urlOf(app.server.address() as AddressInfo);
  const sdk = await app.sdk.current();
  return [
    `percept collector listening on ${base}`,
    `  database: ${describeDatabase(config)}`,
    config.apps.has('demo') ? `  demo:     ${base}/demo` : `  apps:     ${[...config.apps.keys()].join(', ') || 'none configured'}`,
    `  dashboard: ${base}/dashboard${config.demoReadToken ? `  (demo read token: ${config.demoReadToken})` : '  (sign in with a read token from the config)'}`,
    sdk ? `  SDK:      ${base}/percept.js?v=${sdk.version}  integrity="${sdk.integrity}"` : '  SDK:      not built; run `npm run build`',
  ].join('\n');
};

const isEmpty = async (app: FastifyInstance): Promise<boolean> => {
  const [row] = await app.db.reader.query<{ any: number }>(`SELECT count() > 0 AS any FROM (SELECT 1 FROM ${app.config.database.database}.page_views LIMIT 1)`);
  return Number(row?.any ?? 0) === 0;
};

/**
 * Builds and starts the collector. On SIGTERM or SIGINT it stops accepting,
 * lets in-flight requests finish, drains the spool and closes the database
 * (the plugins' onClose hooks), then exits; a second signal exits at once.
 */
export const startServer = async (config: Config, print: (line: string) => void = console.log, seed?: SeedOptions): Promise<FastifyInstance> => {
  const app = await buildApp(config);
  if (seed) {
    // Already seeded is no reason not to start: say so and go on.
    await seedInto(app.db.writer, config, seed, print).catch((error: unknown) => {
      if (!(error instanceof AlreadySeeded)) throw error;
      print(`  ${error.message.split('; nothing was added')[0]}: not seeding again.`);
    });
  }
  await app.listen({ port: config.port, host: config.host });
  print(await startupLine(app, config));
  if (!seed && config.apps.has('demo') && (await isEmpty(app))) {
    print('  The store is empty. Click around the demo, or fill it with 30 days of history: npm start -- --seed');
  }

  let closing = false;
  const shutdown = (signal: NodeJS.Signals) => {
    if (closing) {
      app.log.warn({ signal }, 'Second signal: exiting without finishing the graceful close.');
      process.exit(1);
    }
    closing = true;
    app.log.info({ signal }, 'Closing: no new connections; finishing requests, draining the spool.');
    const timer = setTimeout(() => {
      app.log.error('Graceful close took too long; exiting. Unflushed spool segments are stored on the next start.');
      process.exit(1);
    }, CLOSE_TIMEOUT_MS);
    timer.unref();
    app.close().then(
      () => process.exit(0),
      (error: unknown) => {
        app.log.error({ err: error }, 'Closing failed.');
        process.exit(1);
      },
    );
  };
  process.on('SIGTERM', shutdown).on('SIGINT', shutdown);
  return app;
};
