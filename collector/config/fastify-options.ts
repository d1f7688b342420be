import { LogController, type FastifyServerOptions } from 'fastify';
import type { Config } from './types.js';

/** Time to receive a whole request; beacons are small, so slow ones are slowloris. */
export const REQUEST_TIMEOUT_MS = 30_000;
/** Time to receive the headers; below REQUEST_TIMEOUT_MS as Node requires. */
export const HEADERS_TIMEOUT_MS = 10_000;
/** Longest a plugin may take to start: migrations on a large database (each logged as it starts). */
export const PLUGIN_TIMEOUT_MS = 30 * 60_000;
/** A socket idle this long is closed. */
export const CONNECTION_TIMEOUT_MS = 75_000;

/**
 * The route pattern a request matched (`/v1/batch`), never its path: a path
 * is page-controlled text and can carry an email or an id
 * (`/account/jan@example.com`), and logs must hold no personal data.
 */
const routeOf = (request: { routeOptions?: { url?: string } }): string => request.routeOptions?.url ?? '(no route)';

/**
 * Fastify's construction options for a Config. The request serializer keeps
 * method and route pattern only: no path, no client address or port (the IP is used for rate
 * limiting and nothing else), no headers, no user agent, no query string.
 * Fastify's own request log (two lines per request) is off: the errors
 * plugin logs refused and failed requests, and every request at debug.
 * Prototype poisoning stays an error (400); the lenient HTTP parser stays off.
 */
export const fastifyOptions = (config: Config): FastifyServerOptions => ({
  logger: {
    level: config.logLevel,
    serializers: {
      req: (request: { method?: string; routeOptions?: { url?: string } }) => ({ method: request.method, route: routeOf(request) }),
      res: (reply: { statusCode?: number }) => ({ statusCode: reply.statusCode }),
    },
  },
  // Per-request lines are off: the errors plugin logs each refused request once; /metrics counts the rest.
  logController: new LogController({ disableRequestLogging: true }),
  bodyLimit: config.bodyLimit,
  requestTimeout: REQUEST_TIMEOUT_MS,
  connectionTimeout: CONNECTION_TIMEOUT_MS,
  // Opening the database applies pending migrations, and a backfill over a large table outlasts Fastify's 10 s default.
  pluginTimeout: PLUGIN_TIMEOUT_MS,
  onProtoPoisoning: 'error',
  onConstructorPoisoning: 'error',
  trustProxy: config.trustProxy ?? false,
  // plugins/draining.ts answers requests during a shutdown, with Retry-After.
  return503OnClosing: false,
  forceCloseConnections: 'idle',
});
