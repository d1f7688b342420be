import type { FastifyInstance } from 'fastify';
import { apiHandler, auditHooks } from '../../api/handler.js';
import { MAX_SQL_LENGTH, sqlQueryHandler } from '../../api/sql-query.js';
import { perceptError } from '../../errors.js';
import { readApiDocument } from './openapi.js';
import { API_ROUTES } from './registry.js';

/**
 * The read API under /api/v1/: one GET per registry entry, all through the
 * same handler (token, scope, parameters, cache, limits, audit), POST /query
 * for read-only SQL (same token, limits and audit), and the OpenAPI
 * document, which needs no token.
 */
export default async function readApiRoutes(fastify: FastifyInstance): Promise<void> {
  await fastify.register(
    async (api) => {
      auditHooks(api);
      for (const route of API_ROUTES) api.get(`/${route.path}`, { config: { api: route } }, apiHandler(fastify, route));
      api.post('/query', sqlQueryHandler(fastify));
      const document = JSON.stringify(readApiDocument(API_ROUTES, MAX_SQL_LENGTH));
      api.get('/openapi.json', async (_request, reply) => reply.type('application/json; charset=utf-8').send(document));
      // Unknown addresses under /api/v1/ are API calls too: answered here, so the audit hooks see them.
      api.setNotFoundHandler(async () => {
        throw perceptError('not_found', { message: 'There is no such read-API endpoint: /api/v1/openapi.json lists them.' });
      });
    },
    { prefix: '/api/v1' },
  );
}
