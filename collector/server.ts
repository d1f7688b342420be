import type { AddressInfo } from 'node:net';
import type { FastifyInstance } from 'fastify';
import { buildApp } from './app.js';
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
    sdk ? `  SDK:      ${base}/percept.js?v=${sdk.version}  integrity="${sdk.integrity}"` : '  SDK:      not built; run `npm run build`',
  ].join('\n');
};

/**
 * Builds and starts the collector. On SIGTERM or SIGINT it stops accepting,
 * lets in-flight requests finish, drains the spool and closes the database
 * (the plugins' onClose hooks), then exits; a second signal exits at once.
 */
export const startServer = async (config: Config, print: (line: string) => void = console.log): Promise<FastifyInstance> => {
  const app = await buildApp(config);
  await app.listen({ port: config.port, host: config.host });
  print(await startupLine(app, config));

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
