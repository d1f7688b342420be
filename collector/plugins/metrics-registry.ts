import fp from 'fastify-plugin';
import { Counter, Histogram, Registry } from 'prom-client';

/** Outcomes of events, counted per app: what /metrics shows next to the spool's own metrics. */
export type EventOutcome = 'stored' | 'duplicate' | 'rejected' | 'dropped';

export interface Metrics {
  /** One registry per app instance; openIngest registers the spool metrics on it too. */
  registry: Registry;
  /** Counts events of a batch by app, outcome and reason (`invalid`, `stale`, `invalid_envelope`, `sampled_out` …). */
  events(app: string, outcome: EventOutcome, reason: string, n: number): void;
}

declare module 'fastify' {
  interface FastifyInstance {
    metrics: Metrics;
  }
}

/**
 * Prometheus metrics on a registry of this instance (never the global one, so
 * several instances in one process, as in tests, do not collide): requests
 * by route and status, request durations, events by outcome.
 */
export default fp(
  async (fastify) => {
    const registry = new Registry();
    const requests = new Counter({
      name: 'percept_http_requests_total',
      help: 'HTTP requests answered, by route pattern, method and status code.',
      labelNames: ['route', 'method', 'status'] as const,
      registers: [registry],
    });
    const duration = new Histogram({
      name: 'percept_http_request_duration_seconds',
      help: 'Time from request start to response sent, by route pattern.',
      labelNames: ['route', 'method'] as const,
      buckets: [0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 10],
      registers: [registry],
    });
    const events = new Counter({
      name: 'percept_events_total',
      help: 'Events received in batches, by app, outcome (stored, duplicate, rejected) and reason of rejection.',
      labelNames: ['app', 'outcome', 'reason'] as const,
      registers: [registry],
    });

    fastify.decorate('metrics', {
      registry,
      events: (app, outcome, reason, n) => {
        if (n > 0) events.inc({ app, outcome, reason }, n);
      },
    } satisfies Metrics);

    fastify.addHook('onResponse', async (request, reply) => {
      const route = request.routeOptions.url ?? 'unmatched';
      requests.inc({ route, method: request.method, status: String(reply.statusCode) });
      duration.observe({ route, method: request.method }, reply.elapsedTime / 1000);
    });
  },
  { name: 'percept-metrics', fastify: '5.x' },
);
