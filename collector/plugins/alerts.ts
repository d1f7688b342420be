import fp from 'fastify-plugin';
import { AlertScheduler } from '../alerts/scheduler.js';

declare module 'fastify' {
  interface FastifyInstance {
    /** Evaluates the configured alert rules on their schedules (docs/alerts.md). */
    alerts: AlertScheduler;
  }
}

/**
 * Starts the alert schedule once the server is ready and stops it on close,
 * before the database closes (onClose hooks run in reverse registration order).
 */
export default fp(
  async (fastify) => {
    const scheduler = new AlertScheduler({
      reader: fastify.db.reader,
      writer: fastify.db.writer,
      config: fastify.config.alerts,
      log: fastify.log,
    });
    fastify.decorate('alerts', scheduler);
    fastify.addHook('onReady', async () => scheduler.start());
    fastify.addHook('onClose', async () => scheduler.close());
  },
  { name: 'percept-alerts', fastify: '5.x', dependencies: ['percept-config', 'percept-database'] },
);
