import type { FastifyInstance } from 'fastify';
import { perceptError } from '../errors.js';

/** A versioned URL names one build forever; a bare one may change with the next deploy. */
const IMMUTABLE = 'public, max-age=31536000, immutable';
const SHORT = 'public, max-age=300';

/**
 * `GET /percept.js`: the SDK for the script tag, cross-origin readable (SRI
 * needs CORS), with its SRI hash in `X-Percept-Integrity`.
 * `GET /percept.js.sri`: that hash as text, for build scripts.
 */
export default async function sdkAssetRoutes(fastify: FastifyInstance): Promise<void> {
  fastify.get<{ Querystring: { v?: string } }>('/percept.js', async (request, reply) => {
    const sdk = await fastify.sdk.current();
    if (!sdk) throw perceptError('sdk_not_built');
    const etag = `"${sdk.version}"`;
    reply
      .header('cache-control', request.query.v !== undefined ? IMMUTABLE : SHORT)
      .header('etag', etag)
      .header('access-control-allow-origin', '*')
      .header('cross-origin-resource-policy', 'cross-origin')
      .header('x-content-type-options', 'nosniff')
      .header('x-percept-integrity', sdk.integrity)
      .type('text/javascript; charset=utf-8');
    if (request.headers['if-none-match'] === etag) return reply.code(304).send();
    return reply.send(sdk.body);
  });

  fastify.get('/percept.js.sri', async (_request, reply) => {
    const sdk = await fastify.sdk.current();
    if (!sdk) throw perceptError('sdk_not_built');
    return reply.header('cache-control', 'no-cache').type('text/plain; charset=utf-8').send(`${sdk.integrity}\n`);
  });
}
