import fp from 'fastify-plugin';
import type { Config } from '../config/types.js';

declare module 'fastify' {
  interface FastifyInstance {
    /** The resolved configuration this instance runs with. */
    config: Config;
  }
}

/** Makes the Config available to every plugin and route as `fastify.config`. */
export default fp<{ config: Config }>(
  async (fastify, { config }) => {
    fastify.decorate('config', config);
  },
  { name: 'percept-config', fastify: '5.x' },
);
