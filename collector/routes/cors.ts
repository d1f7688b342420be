import type { FastifyReply } from 'fastify';

/** Headers a page script may send: the body's type and its compression. */
const ALLOWED_HEADERS = 'content-type, content-encoding';
/** Chrome caps preflight caching at 2 h, Firefox at 24 h. */
const MAX_AGE_SECONDS = 7200;

/**
 * Lets the page at `origin` read this answer, so the SDK sees 429/503 and
 * their Retry-After. The origin is echoed (never `*` with credentials; we use
 * none) and `Vary: Origin` keeps shared caches honest.
 */
export const allowOrigin = (reply: FastifyReply, origin: string): void => {
  reply.header('access-control-allow-origin', origin);
  reply.header('access-control-expose-headers', 'retry-after');
  reply.header('vary', 'Origin');
};

/** The headers of an accepted preflight. */
export const allowPreflight = (reply: FastifyReply, origin: string): void => {
  allowOrigin(reply, origin);
  reply.header('access-control-allow-methods', 'POST');
  reply.header('access-control-allow-headers', ALLOWED_HEADERS);
  reply.header('access-control-max-age', String(MAX_AGE_SECONDS));
};
