import { createHash } from 'node:crypto';

const SCALE = 2 ** 32;

/**
 * Whether a session is in an app's sample: the first four bytes of
 * sha256(app "\0" session_id), read as a fraction of 2^32, fall below `rate`.
 * A pure function of its inputs, so every batch of a session gets the same
 * answer on every collector and after restarts: a session is kept or dropped
 * whole. The app id is hashed in so one session id is sampled independently
 * per app. Independent of the SDK's own choice (sdk/session.ts), so the two
 * rates multiply.
 */
export const inSample = (app: string, sessionId: string, rate: number): boolean => {
  if (rate >= 1) return true;
  if (rate <= 0) return false;
  const digest = createHash('sha256').update(app).update('\0').update(sessionId).digest();
  return digest.readUInt32BE(0) / SCALE < rate;
};
