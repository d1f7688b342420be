import type { FastifyInstance } from 'fastify';

/** `/healthz`: the process answers. `/readyz`: it can take batches (spool writable, ClickHouse or spool headroom). */
export default async function healthRoutes(fastify: FastifyInstance): Promise<void> {
  fastify.get('/healthz', async () => ({ status: 'ok' }));
  fastify.get('/readyz', async (_request, reply) => {
    const readiness = await fastify.ingest.readiness();
    return reply.code(readiness.ready ? 200 : 503).send(readiness);
  });
}
