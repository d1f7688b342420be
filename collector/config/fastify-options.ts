import type { FastifyServerOptions } from 'fastify';
import type { Config } from './types.js';

/** Time to receive a whole request; beacons are small, so slow ones are slowloris. */
export const REQUEST_TIMEOUT_MS = 30_000;
/** Time to receive the headers; below REQUEST_TIMEOUT_MS as Node requires. */
export const HEADERS_TIMEOUT_MS = 10_000;
/** A socket idle this long is closed. */
export const CONNECTION_TIMEOUT_MS = 75_000;

const pathOnly = (url: string | undefined): string => {
  if (url === undefined) return '';
  const query = url.indexOf('?');
  return query === -1 ? url : url.slice(0, query);
};

/**
 * Fastify's construction options for a Config. The request serializer keeps
 * method and path only: no client address or port (the IP is used for rate
 * limiting and nothing else), no headers, no user agent, no query string.
 * Prototype poisoning stays an error (400); the lenient HTTP parser stays off.
 */
export const fastifyOptions = (config: Config): FastifyServerOptions => ({
  logger: {
    level: config.logLevel,
    serializers: {
      req: (request: { method?: string; url?: string }) => ({ method: request.method, path: pathOnly(request.url) }),
      res: (reply: { statusCode?: number }) => ({ statusCode: reply.statusCode }),
    },
  },
  bodyLimit: config.bodyLimit,
  requestTimeout: REQUEST_TIMEOUT_MS,
  connectionTimeout: CONNECTION_TIMEOUT_MS,
  onProtoPoisoning: 'error',
  onConstructorPoisoning: 'error',
  trustProxy: config.trustProxy ?? false,
  return503OnClosing: true,
  forceCloseConnections: 'idle',
});
