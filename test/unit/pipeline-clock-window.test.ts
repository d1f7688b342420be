import { describe, expect, it } from 'vitest';
import { processBatch } from '../../collector/pipeline/process.js';
import { LIMITS } from '../../schema/index.js';
import { skewFlagged } from '../../collector/pipeline/skew.js';
import { exampleBatch } from '../support/batches.js';

/**
 * Clock windows (docs/wire-format.md): sent_at is read at send time, so the
 * skew is the client clock's error. Up to 24 h it is corrected (and counted
 * past 10 min); beyond, event times cannot be trusted and are refused, never
 * moved to "now".
 */
const RECEIVED = Date.UTC(2026, 10, 28, 12, 0, 0);
const HOUR = 3600_000;
const options = { receivedAt: RECEIVED, userAgent: undefined, userKey: 'v1:test-secret-of-some-length', retentionDays: 30, sampleRate: 1 };

describe('clock windows', () => {
  it('keeps the true times of an outbox sent late with a fresh sent_at', () => {
    // Captured 30 h ago on a right clock, resent now: sent_at is now, the events keep their age.
    const batch = { ...exampleBatch({}, RECEIVED - 30 * HOUR), sent_at: RECEIVED - 40 };
    const result = processBatch(batch, options);
    if (!result.ok) throw new Error('expected ok');
    expect(result.batch.events[0]!.ts).toBe(batch.events[0]!.ts + 40);
    expect(skewFlagged(result.batch.clock_skew_ms)).toBe(false);
  });

  it('refuses as stale the events of an outbox older than 48 h, with their true age', () => {
    const batch = { ...exampleBatch({}, RECEIVED - LIMITS.maxAgeMs - HOUR), sent_at: RECEIVED };
    const result = processBatch(batch, options);
    expect(result).toMatchObject({ ok: false, error: { code: 'no_valid_events' }, stale: batch.events.length, clock: 0 });
  });

  it('refuses a batch whose sent_at is days old instead of storing it as now', () => {
    // A replay or an old client: sent_at and event times three days old. A wrong clock looks the same.
    const batch = exampleBatch({}, RECEIVED - 72 * HOUR);
    const result = processBatch(batch, options);
    expect(result).toMatchObject({ ok: false, error: { code: 'no_valid_events' }, clock: batch.events.length, stale: 0 });
    if (result.ok) throw new Error('expected a refusal');
    expect(result.error.problems[0]).toMatchObject({ path: 'sent_at', message: expect.stringMatching(/72 h behind/) });
  });

  it('refuses a clock more than 24 h ahead', () => {
    const result = processBatch(exampleBatch({}, RECEIVED + 25 * HOUR), options);
    expect(result).toMatchObject({ ok: false, clock: expect.any(Number) });
    if (result.ok) throw new Error('expected a refusal');
    expect(result.error.problems[0]!.message).toMatch(/25 h ahead of/);
  });

  it('corrects a clock one hour ahead, and flags it', () => {
    const batch = exampleBatch({}, RECEIVED + HOUR);
    const result = processBatch(batch, options);
    if (!result.ok) throw new Error('expected ok');
    expect(result.batch.clock_skew_ms).toBe(-HOUR);
    expect(result.batch.events[0]!.ts).toBe(batch.events[0]!.ts - HOUR);
    expect(skewFlagged(result.batch.clock_skew_ms)).toBe(true);
  });
});
