import { LIMITS } from '../../schema/index.js';

/**
 * The client clock's error: what is added to every event time so that events
 * land on the server's clock. Client clocks are routinely minutes or even
 * days off; `sent_at` was read from the same clock as the event times, so the
 * difference to the receive time corrects them all at once (network delay
 * is the residual error, well under the resolution anyone reads vitals at).
 */
export const clockSkew = (receivedAt: number, sentAt: number): number => Math.round(receivedAt - sentAt);

export type CorrectedTime = { ok: true; ts: number } | { ok: false; message: string };

/**
 * Shifts an event time by the skew. An event cannot have happened after its
 * batch arrived, so later times are clamped to the receive time; times still
 * older than 48 h after correction are stale (the same window as the replay
 * index, so old replays cannot sneak in as new data).
 */
export const correctTime = (ts: number, skewMs: number, receivedAt: number): CorrectedTime => {
  const corrected = Math.round(ts + skewMs);
  if (corrected < receivedAt - LIMITS.maxAgeMs) {
    return { ok: false, message: 'older than 48 hours after clock-skew correction; stale events are not stored' };
  }
  return { ok: true, ts: Math.min(corrected, receivedAt) };
};
