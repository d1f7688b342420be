import fp from 'fastify-plugin';
import { openIngest } from '../spool/open-ingest.js';
import type { Ingest } from '../spool/types.js';

declare module 'fastify' {
  interface FastifyInstance {
    /** The durable half: spool, flusher, batch-id index. */
    ingest: Ingest;
  }
}

/**
 * Opens the spool on this instance's metrics registry. onClose hooks run after
 * in-flight requests finish and in reverse order of registration, so the spool
 * drains first and the database (registered earlier) closes after it.
 */
export default fp(
  async (fastify) => {
    const ingest = await openIngest({
      config: fastify.config,
      db: fastify.db,
      registry: fastify.metrics.registry,
      logger: fastify.log,
    });
    fastify.decorate('ingest', ingest);
    fastify.addHook('onClose', async () => {
      await ingest.close();
    });
  },
  { name: 'percept-ingest', fastify: '5.x', dependencies: ['percept-config', 'percept-database', 'percept-metrics'] },
);
