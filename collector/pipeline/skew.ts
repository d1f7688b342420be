import { LIMITS } from '../../schema/index.js';

/**
 * The client clock's error: what is added to every event time so that events
 * land on the server's clock. Client clocks are routinely minutes or even
 * days off; `sent_at` was read from the same clock as the event times, so the
 * difference to the receive time corrects them all at once (network delay
 * is the residual error, well under the resolution anyone reads vitals at).
 */
export const clockSkew = (receivedAt: number, sentAt: number): number => Math.round(receivedAt - sentAt);

/**
 * The largest clock error corrected, either way. `sent_at` is read when the
 * request is sent (the SDK's outbox stamps every attempt afresh), so the skew
 * is the client clock's error, not the batch's age. Up to a day is a clock set
 * by hand or in the wrong time zone; beyond it a wrong clock cannot be told
 * from a batch sent days late with its first `sent_at` (an old client, a
 * replay), and correcting it would invent the event times, so those events
 * are refused with reason `clock_skew` (docs/wire-format.md, "Clock windows").
 */
export const MAX_CLOCK_SKEW_MS = 24 * 3600_000;

/** A correction larger than this is counted (outcome `flagged`, reason `clock_skew`); network delay stays far below it. */
export const FLAG_CLOCK_SKEW_MS = 10 * 60_000;

/** True when the skew is beyond what is corrected. */
export const skewTooLarge = (skewMs: number): boolean => Math.abs(skewMs) > MAX_CLOCK_SKEW_MS;

/** True when the skew is corrected but large enough to count. */
export const skewFlagged = (skewMs: number): boolean => Math.abs(skewMs) > FLAG_CLOCK_SKEW_MS && !skewTooLarge(skewMs);

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
