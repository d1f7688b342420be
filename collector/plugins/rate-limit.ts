import fp from 'fastify-plugin';
import { perceptError } from '../errors.js';
import { TokenBuckets, addressKey } from './token-bucket.js';

export interface RateLimiter {
  /**
   * Throws 429 (with Retry-After) when this client address is over its limit.
   * `undefined` is a request whose socket is already gone (Node refused its
   * framing part-way, e.g. a bad chunk size): there is no one to answer, and
   * nothing to count.
   */
  byAddress(ip: string | undefined): void;
  /** Throws 429 (with Retry-After) when this ingest key is over its limit. */
  byKey(key: string): void;
}

declare module 'fastify' {
  interface FastifyInstance {
    rateLimiter: RateLimiter;
  }
}

/**
 * Per-address and per-key token buckets. Keys have separate buckets, so one
 * app's flood spends only its own. The address is used here and nowhere else:
 * it is not logged, not stored, not passed on.
 */
export default fp(
  async (fastify) => {
    const { perAddressPerMinute, perKeyPerMinute } = fastify.config.rateLimit;
    const addresses = new TokenBuckets(perAddressPerMinute);
    const keys = new TokenBuckets(perKeyPerMinute, 10_000);
    const check = (buckets: TokenBuckets, key: string, message: string) => {
      const result = buckets.take(key);
      if (!result.ok) throw perceptError('rate_limited', { message, retryAfterSeconds: result.retryAfterSeconds });
    };
    fastify.decorate('rateLimiter', {
      byAddress: (ip) => {
        if (ip === undefined) return;
        check(addresses, addressKey(ip), 'Too many requests from this address: retry after the number of seconds in Retry-After.');
      },
      byKey: (key) => check(keys, key, 'Too many requests for this app key: retry after the number of seconds in Retry-After.'),
    } satisfies RateLimiter);
  },
  { name: 'percept-rate-limit', fastify: '5.x', dependencies: ['percept-config'] },
);
