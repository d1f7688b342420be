import fp from 'fastify-plugin';
import { SummaryBuilder } from '../summaries/builder.js';

declare module 'fastify' {
  interface FastifyInstance {
    /** Keeps the day summaries the read API answers from up to date (docs/architecture.md). */
    summaries: SummaryBuilder;
  }
}

/**
 * Builds changed days on the reader connection (reads and summary writes
 * belong to the read side; ingest inserts keep the writer to themselves),
 * from when the server is ready until it closes.
 */
export default fp(
  async (fastify) => {
    const builder = new SummaryBuilder({ db: fastify.db.reader, log: fastify.log, everyMs: fastify.config.summaries.everySeconds * 1000 });
    fastify.decorate('summaries', builder);
    if (fastify.config.summaries.everySeconds > 0) fastify.addHook('onReady', async () => builder.start());
    fastify.addHook('onClose', async () => builder.close());
  },
  { name: 'percept-summaries', fastify: '5.x', dependencies: ['percept-config', 'percept-database'] },
);
