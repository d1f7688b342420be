import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { exampleBatch } from '../support/batches.js';
import { startCollector, type Collector } from '../support/http.js';
import { eventually } from '../support/system-helpers.js';

/**
 * Clock windows end to end: a batch whose sent_at is days old is refused
 * with a 400 naming sent_at, and a clock an hour ahead is corrected; both are
 * counted in ingest_counters with the reason clock_skew.
 */
const HOUR = 3600_000;
let collector: Collector;
beforeAll(async () => {
  collector = await startCollector();
});
afterAll(async () => {
  await collector.close();
});

const post = (body: unknown) =>
  collector.app.inject({ method: 'POST', url: '/v1/batch', headers: { 'content-type': 'application/json' }, payload: JSON.stringify(body) });

describe('clock windows over HTTP', () => {
  it('refuses days-old sent_at, corrects and flags an hour ahead, counts both', async () => {
    const old = exampleBatch({}, Date.now() - 72 * HOUR);
    const refused = await post(old);
    expect(refused.statusCode).toBe(400);
    expect(refused.json()).toMatchObject({ error: { code: 'no_valid_events', problems: [{ path: 'sent_at' }] } });

    const ahead = exampleBatch({}, Date.now() + HOUR);
    expect((await post(ahead)).statusCode).toBe(202);

    const counts = async () =>
      collector.app.db.reader.query<{ outcome: string; reason: string; n: number }>(
        "SELECT outcome, reason, sum(count) AS n FROM ingest_counters WHERE reason = 'clock_skew' GROUP BY outcome, reason ORDER BY outcome",
      );
    await eventually(async () => (await counts()).length === 2, 'the clock_skew counters to be flushed');
    expect(await counts()).toEqual([
      { outcome: 'flagged', reason: 'clock_skew', n: ahead.events.length },
      { outcome: 'rejected', reason: 'clock_skew', n: old.events.length },
    ]);
  });
});
