import fp from 'fastify-plugin';
import { perceptError } from '../errors.js';

/** What a client is told to wait during a shutdown: a restarted or other collector takes over within seconds. */
const RETRY_AFTER_SECONDS = 5;

/**
 * Requests that arrive while the collector shuts down get 503 with
 * Retry-After, which the SDK retries, instead of Fastify's built-in closing
 * answer (a 503 without Retry-After). Requests already being processed are not
 * touched: they finish, and their batches are in the spool before the close
 * goes on (docs/durability.md, "Start, readiness, shutdown").
 */
export default fp(
  async (fastify) => {
    let closing = false;
    // preClose runs before the server stops listening, so no request slips between the two.
    fastify.addHook('preClose', async () => {
      closing = true;
    });
    fastify.addHook('onRequest', async (_request, reply) => {
      if (!closing) return;
      reply.header('connection', 'close');
      throw perceptError('shutting_down', { retryAfterSeconds: RETRY_AFTER_SECONDS });
    });
  },
  { name: 'percept-draining', fastify: '5.x', dependencies: ['percept-errors'] },
);
