import type { FastifyError, FastifyReply, FastifyRequest } from 'fastify';
import fp from 'fastify-plugin';
import { PerceptError, perceptError, type ErrorCode } from '../errors.js';
import { SpoolFullError } from '../spool/types.js';

/** Fastify's own error codes, mapped onto the catalogue. A Map: codes come from errors, not from clients, but habits hold. */
const FASTIFY_CODES: ReadonlyMap<string, ErrorCode> = new Map<string, ErrorCode>([
  ['FST_ERR_CTP_INVALID_MEDIA_TYPE', 'unsupported_media_type'],
  ['FST_ERR_CTP_BODY_TOO_LARGE', 'body_too_large'],
  ['FST_ERR_CTP_EMPTY_JSON_BODY', 'body_empty'],
  ['FST_ERR_CTP_INVALID_JSON_BODY', 'invalid_json'],
  ['FST_ERR_CTP_INVALID_CONTENT_LENGTH', 'bad_request'],
  ['FST_ERR_NOT_FOUND', 'not_found'],
]);

/** Turns any thrown value into a catalogue error; undefined means a 5xx. */
export const toPerceptError = (error: unknown): PerceptError | undefined => {
  if (error instanceof PerceptError) return error;
  if (error instanceof SpoolFullError) return perceptError('spool_full', { retryAfterSeconds: error.retryAfterSeconds });
  const fastifyError = error as Partial<FastifyError>;
  const mapped = typeof fastifyError.code === 'string' ? FASTIFY_CODES.get(fastifyError.code) : undefined;
  if (mapped) return perceptError(mapped);
  const status = fastifyError.statusCode;
  if (typeof status === 'number' && status >= 400 && status < 500) {
    // Fastify's remaining 4xx messages (route schema validation and the like) name fields, never body content.
    return perceptError(status === 404 ? 'not_found' : status === 408 ? 'request_timeout' : 'bad_request', {
      message: fastifyError.message ?? 'The request is malformed.',
    });
  }
  return undefined;
};

const send = (reply: FastifyReply, error: PerceptError, requestId?: string) => {
  if (error.retryAfterSeconds !== undefined) reply.header('retry-after', String(error.retryAfterSeconds));
  const body = error.toBody();
  if (requestId !== undefined) body.error.request_id = requestId;
  return reply.code(error.statusCode).type('application/json; charset=utf-8').send(body);
};

/** The route pattern a request matched, never its path (paths are page-controlled text). */
const routeOf = (request: FastifyRequest): string => request.routeOptions.url ?? '(no route)';

/**
 * The one error handler: catalogue errors answer with their code, status and
 * problems; anything else is a 500 whose details stay in the log. It also
 * writes the request log, in place of Fastify's two lines per request
 * (disableRequestLogging in fastify-options.ts): one info line per refused
 * request (route, status, code), one error line per failed one, and a line
 * per answered request at debug only, as at info the ingest load would be
 * mostly log lines. No line holds the path, body, client address or user agent.
 */
export default fp(
  async (fastify) => {
    fastify.setErrorHandler((error: unknown, request: FastifyRequest, reply: FastifyReply) => {
      const known = toPerceptError(error);
      if (known) {
        request.log.info({ route: routeOf(request), status: known.statusCode, code: known.code }, 'request refused');
        return send(reply, known);
      }
      request.log.error({ route: routeOf(request), err: error }, 'request failed');
      return send(reply, perceptError('internal_error'), request.id);
    });
    fastify.setNotFoundHandler((request, reply) => {
      request.log.info({ route: routeOf(request), status: 404, code: 'not_found' }, 'request refused');
      return send(reply, perceptError('not_found'));
    });
    fastify.addHook('onResponse', async (request, reply) => {
      request.log.debug({ method: request.method, route: routeOf(request), status: reply.statusCode, ms: Math.round(reply.elapsedTime) }, 'request completed');
    });
  },
  { name: 'percept-errors', fastify: '5.x' },
);
