import type { Readable } from 'node:stream';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { perceptError } from '../errors.js';
import { acceptBatch, type IntakeServices } from '../intake/accept-batch.js';
import { readBody } from '../pipeline/decode.js';
import { fromFastifyParser, parseBatchJson } from '../pipeline/json.js';
import { acceptedSchema, errorSchema } from './v1-batch-schemas.js';
import { allowOrigin, allowPreflight } from './cors.js';

type Body = Record<string, unknown> | undefined;
interface Query {
  key?: string | string[];
}

/**
 * POST /v1/batch: the body is decoded here (the parsers replace Fastify's for
 * this route only: they stream through zlib and stop at the decompressed
 * limit); the flow itself is intake/accept-batch.ts; the 202 is sent once it
 * resolves.
 */
export default async function batchRoutes(fastify: FastifyInstance): Promise<void> {
  const { bodyLimit, userKey } = fastify.config;
  const services: IntakeServices = {
    apps: fastify.apps,
    rateLimiter: fastify.rateLimiter,
    metrics: fastify.metrics,
    ingest: fastify.ingest,
    userKey,
    countryOf: fastify.countryOf,
  };
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
      const { origin, host } = request.headers;
      const answer = await acceptBatch(request.body, {
        ...services,
        receivedAt: Date.now(),
        queryKey: request.query.key,
        origin,
        host,
        userAgent: request.headers['user-agent'],
        clientAddress: request.ip,
      });
      return reply.code(202).send(answer);
    },
  );
}
