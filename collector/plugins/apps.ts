import fp from 'fastify-plugin';
import { compileOrigins, originAllowed, type OriginPolicy } from '../config/origins.js';
import type { AppConfig } from '../config/types.js';

export interface AppDirectory {
  /** The app an ingest key belongs to, or undefined. */
  byKey(key: string): AppConfig | undefined;
  /** True when `origin` may send to `app`; `host` is the request's Host header (for `self`). */
  allows(app: AppConfig, origin: string | undefined, host: string | undefined): boolean;
  /** True when some app allows `origin`: enough to answer a preflight that names no key. */
  anyAllows(origin: string | undefined, host: string | undefined): boolean;
}

declare module 'fastify' {
  interface FastifyInstance {
    apps: AppDirectory;
  }
}

/** Builds the key → app and app → origin lookups from the config, as Maps. */
export const appDirectory = (apps: Iterable<AppConfig>): AppDirectory => {
  const byKey = new Map<string, AppConfig>();
  const policies = new Map<string, OriginPolicy>();
  for (const app of apps) {
    for (const key of app.keys) byKey.set(key, app);
    policies.set(app.id, compileOrigins(app.origins, `App "${app.id}"`));
  }
  return {
    byKey: (key) => byKey.get(key),
    allows: (app, origin, host) => {
      const policy = policies.get(app.id);
      return policy !== undefined && originAllowed(policy, origin, host);
    },
    anyAllows: (origin, host) => [...policies.values()].some((policy) => originAllowed(policy, origin, host)),
  };
};

/** Tenants: ingest keys and allowed origins, as `fastify.apps`. */
export default fp(
  async (fastify) => {
    fastify.decorate('apps', appDirectory(fastify.config.apps.values()));
  },
  { name: 'percept-apps', fastify: '5.x', dependencies: ['percept-config'] },
);
