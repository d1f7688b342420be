import type { Readable } from 'node:stream';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { AppConfig } from '../config/types.js';
import { perceptError } from '../errors.js';
import { readBody } from '../pipeline/decode.js';
import { fromFastifyParser, mayHoldLoneSurrogates, parseBatchJson } from '../pipeline/json.js';
import { processBatch } from '../pipeline/process.js';
import { inSample } from '../pipeline/sample.js';
import { scrubBatch } from '../scrub/index.js';
import { acceptedSchema, errorSchema } from './batch-schemas.js';
import { allowOrigin, allowPreflight } from './cors.js';

type Body = Record<string, unknown> | undefined;
interface Query {
  key?: string | string[];
}

/** The ingest key from the body (`key`) or the query string (`?key=`, for sendBeacon): 401/400 when absent or ambiguous. */
const resolveApp = (fastify: FastifyInstance, body: Record<string, unknown>, query: Query): AppConfig => {
  const fromBody = Object.hasOwn(body, 'key') ? body.key : undefined;
  const fromQuery = query.key;
  if (Array.isArray(fromQuery) || (fromBody !== undefined && typeof fromBody !== 'string')) throw perceptError('key_conflict', { message: 'Send exactly one ingest key, as a string.' });
  if (fromBody !== undefined && fromQuery !== undefined && fromBody !== fromQuery) throw perceptError('key_conflict');
  const key = fromBody ?? fromQuery;
  if (key === undefined || key === '') throw perceptError('missing_key');
  const app = fastify.apps.byKey(key);
  if (!app) throw perceptError('unknown_key');
  const named = Object.hasOwn(body, 'app') ? body.app : undefined;
  if (typeof named === 'string' && named !== app.id) throw perceptError('key_app_mismatch');
  fastify.rateLimiter.byKey(key);
  return app;
};

const eventCount = (body: Record<string, unknown>): number => (Array.isArray(body.events) ? body.events.length : 0);

/**
 * POST /v1/batch: decode → validate → enrich → sample → scrub → spool (fsync) → 202.
 * The body parsers here replace Fastify's for this route only: they stream
 * through zlib and stop at the decompressed limit.
 */
export default async function batchRoutes(fastify: FastifyInstance): Promise<void> {
  const { bodyLimit, userKey } = fastify.config;
  const secureParse = fromFastifyParser(fastify.getDefaultJsonParser('error', 'error'));

  fastify.removeAllContentTypeParsers();
  fastify.addContentTypeParser(['application/json', 'text/plain'], async (request: FastifyRequest, payload: NodeJS.ReadableStream) => {
    if (Number(request.headers['content-length']) > bodyLimit) throw perceptError('body_too_large');
    const bytes = await readBody(payload as Readable, request.headers['content-encoding'], bodyLimit);
    return parseBatchJson(bytes.toString('utf8'), secureParse);
  });

  const withCors = async (request: FastifyRequest, reply: FastifyReply) => {
    const { origin, host } = request.headers;
    if (origin !== undefined && fastify.apps.anyAllows(origin, host)) allowOrigin(reply, origin);
  };

  fastify.options<{ Querystring: Query }>('/v1/batch', async (request, reply) => {
    const { origin, host } = request.headers;
    const key = typeof request.query.key === 'string' ? request.query.key : undefined;
    const app = key === undefined ? undefined : fastify.apps.byKey(key);
    const allowed = app ? fastify.apps.allows(app, origin, host) : fastify.apps.anyAllows(origin, host);
    if (!allowed || origin === undefined) throw perceptError('origin_not_allowed');
    allowPreflight(reply, origin);
    return reply.code(204).send();
  });

  fastify.post<{ Body: Body; Querystring: Query }>(
    '/v1/batch',
    {
      bodyLimit,
      schema: { response: { 202: acceptedSchema, '4xx': errorSchema, '5xx': errorSchema } },
      onRequest: async (request, reply) => {
        await withCors(request, reply);
        fastify.rateLimiter.byAddress(request.ip);
      },
    },
    async (request, reply) => {
      const receivedAt = Date.now();
      const body = request.body;
      if (body === undefined) throw perceptError('body_empty');
      const app = resolveApp(fastify, body, request.query);
      if (!fastify.apps.allows(app, request.headers.origin, request.headers.host)) throw perceptError('origin_not_allowed');

      const result = processBatch(body, {
        receivedAt,
        userAgent: request.headers['user-agent'],
        clientAddress: request.ip,
        countryOf: fastify.countryOf,
        userKey,
        checkUnicode: mayHoldLoneSurrogates(body),
        retentionDays: app.retentionDays,
        sampleRate: app.sampleRate,
      });
      const count = (outcome: 'rejected' | 'dropped', reason: string, n: number) => {
        if (n === 0) return;
        fastify.metrics.events(app.id, outcome, reason, n);
        fastify.ingest.count(app.id, outcome, reason, n);
      };
      if (!result.ok) {
        if (result.error.code === 'invalid_envelope') count('rejected', 'invalid_envelope', eventCount(body));
        else count('rejected', 'invalid', eventCount(body) - result.stale);
        count('rejected', 'stale', result.stale);
        throw result.error;
      }
      count('rejected', 'invalid', result.rejected.length - result.stale);
      count('rejected', 'stale', result.stale);

      // Sampled out after validation, so a broken integration still gets its 400 in every session.
      // 202, not an error: the SDK must not retry a batch that will never be kept.
      if (!inSample(app.id, result.batch.session_id, app.sampleRate)) {
        count('dropped', 'sampled_out', result.batch.events.length);
        return reply.code(202).send({ accepted: 0, rejected: result.rejected, duplicate: false, sampled: false });
      }
      const accepted = result.batch.events.length;
      const outcome = await fastify.ingest.accept(scrubBatch(result.batch));
      fastify.metrics.events(app.id, outcome, '', accepted);
      return reply.code(202).send({ accepted, rejected: result.rejected, duplicate: outcome === 'duplicate', sampled: true });
    },
  );
}
