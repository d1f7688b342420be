import type { FastifyInstance } from 'fastify';

/** `/metrics` in Prometheus text format, from this instance's registry. Expose it to the scraper, not the internet. */
export default async function metricsRoutes(fastify: FastifyInstance): Promise<void> {
  fastify.get('/metrics', async (_request, reply) => {
    const { registry } = fastify.metrics;
    return reply.type(registry.contentType).send(await registry.metrics());
  });
}
