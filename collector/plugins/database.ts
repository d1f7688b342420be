import fp from 'fastify-plugin';
import { migrate } from '../db/migrate.js';
import { openDatabases } from '../db/open.js';
import type { Databases } from '../db/types.js';

declare module 'fastify' {
  interface FastifyInstance {
    /** Writer and reader connections to ClickHouse (embedded chDB or a server). */
    db: Databases;
  }
}

/**
 * Opens ClickHouse and brings its schema up to date (migrations are
 * idempotent, so `npm start` works on a fresh machine); closes it last.
 * Given `databases`, decorates those instead and neither migrates nor closes
 * them: whoever opened them owns them.
 */
export default fp<{ databases?: Databases }>(
  async (fastify, { databases }) => {
    if (databases) {
      fastify.decorate('db', databases);
      return;
    }
    const { database } = fastify.config;
    const db = await openDatabases(database);
    try {
      const { applied } = await migrate(db.writer, {
        ...database,
        onApply: (name) => fastify.log.info({ migration: name }, `Applying database migration ${name} (a backfill over a large database can take minutes) …`),
      });
      if (applied.length > 0) fastify.log.info({ applied }, 'Applied database migrations.');
    } catch (error) {
      await db.close().catch(() => undefined);
      throw error;
    }
    fastify.decorate('db', db);
    fastify.addHook('onClose', async () => {
      await db.close();
    });
  },
  { name: 'percept-database', fastify: '5.x', dependencies: ['percept-config'] },
);
