import type { FastifyInstance } from 'fastify';
import { apiHandler, auditHooks } from '../../api/handler.js';
import { readApiDocument } from './openapi.js';
import { API_ROUTES } from './registry.js';

/**
 * The read API under /api/v1/: one GET per registry entry, all through the
 * same handler (token, scope, parameters, cache, limits, audit), and the
 * OpenAPI document, which needs no token.
 */
export default async function readApiRoutes(fastify: FastifyInstance): Promise<void> {
  await fastify.register(
    async (api) => {
      auditHooks(api);
      for (const route of API_ROUTES) api.get(`/${route.path}`, { config: { api: route } }, apiHandler(fastify, route));
      const document = JSON.stringify(readApiDocument(API_ROUTES));
      api.get('/openapi.json', async (_request, reply) => reply.type('application/json; charset=utf-8').send(document));
    },
    { prefix: '/api/v1' },
  );
}
