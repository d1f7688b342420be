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

const SLOW_MIGRATION_MS = 1000;

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
    // A fresh store applies every migration in well under a second: one line then. Only a migration still running after a
    // second (a backfill over a large store) gets a line of its own, so a long start-up never looks hung.
    let slow: NodeJS.Timeout | undefined;
    try {
      const { applied } = await migrate(db.writer, {
        ...database,
        onApply: (name) => {
          clearTimeout(slow);
          slow = setTimeout(
            () => fastify.log.info({ migration: name }, `Applying database migration ${name}: a backfill over a large database can take minutes …`),
            SLOW_MIGRATION_MS,
          );
        },
      });
      if (applied.length > 0) fastify.log.info({ applied }, `Applied ${applied.length} database migration${applied.length === 1 ? '' : 's'}.`);
    } catch (error) {
      await db.close().catch(() => undefined);
      throw error;
    } finally {
      clearTimeout(slow);
    }
    fastify.decorate('db', db);
    fastify.addHook('onClose', async () => {
      await db.close();
    });
  },
  { name: 'percept-database', fastify: '5.x', dependencies: ['percept-config'] },
);
