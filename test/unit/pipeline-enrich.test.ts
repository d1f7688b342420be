import { createHmac } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { LIMITS, type Event } from '../../schema/index.js';
import { enrichEvent } from '../../collector/pipeline/enrich.js';
import { processBatch } from '../../collector/pipeline/process.js';
import { clockSkew, correctTime } from '../../collector/pipeline/skew.js';
import { clientInfo } from '../../collector/pipeline/ua.js';
import { userHash } from '../../collector/pipeline/user-hash.js';
import { wellFormed } from '../../collector/pipeline/well-formed.js';
import { exampleBatch, exampleEvents } from '../support/batches.js';

const KEY = 'v1:test-secret-of-some-length';
const RECEIVED = Date.UTC(2026, 10, 28, 12, 0, 0);
const CHROME = 'Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/131.0.0.0 Safari/537.36';
const IPHONE = 'Mozilla/5.0 (iPhone; CPU iPhone OS 17_5 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/17.5 Mobile/15E148 Safari/604.1';

describe('clock skew', () => {
  it('shifts event times by receive time minus sent_at', () => {
    // The client clock is 5 minutes slow.
    const skew = clockSkew(RECEIVED, RECEIVED - 300_000);
    expect(skew).toBe(300_000);
    expect(correctTime(RECEIVED - 300_000 - 2000, skew, RECEIVED)).toEqual({ ok: true, ts: RECEIVED - 2000 });
  });

  it('corrects a client clock that is days ahead', () => {
    const skew = clockSkew(RECEIVED, RECEIVED + 3 * 86_400_000);
    expect(correctTime(RECEIVED + 3 * 86_400_000 - 500, skew, RECEIVED)).toEqual({ ok: true, ts: RECEIVED - 500 });
  });

  it('clamps times after the receive time to the receive time', () => {
    expect(correctTime(RECEIVED + 5000, 0, RECEIVED)).toEqual({ ok: true, ts: RECEIVED });
    expect(correctTime(RECEIVED + 100 * 60_000, 0, RECEIVED)).toEqual({ ok: true, ts: RECEIVED });
  });

  it('rejects times older than 48 h after correction, and keeps the edge', () => {
    expect(correctTime(RECEIVED - LIMITS.maxAgeMs, 0, RECEIVED)).toEqual({ ok: true, ts: RECEIVED - LIMITS.maxAgeMs });
    expect(correctTime(RECEIVED - LIMITS.maxAgeMs - 1, 0, RECEIVED).ok).toBe(false);
  });
});

describe('enrichEvent', () => {
  const context = { receivedAt: RECEIVED, skewMs: 0, userAgent: CHROME, userKey: KEY, retentionDays: 90, sampleRate: 1 };
  const events = exampleEvents(RECEIVED);

  it('recomputes the rating from the official thresholds, ignoring the client', () => {
    const lcp = { ...events[3], value: 4001, rating: 'good' } as Event;
    expect(enrichEvent(lcp, 3, context)).toMatchObject({ ok: true, value: { rating: 'poor' } });
    const cls = { ...events[5], value: 0.1 } as Event;
    expect(enrichEvent(cls, 5, context)).toMatchObject({ ok: true, value: { rating: 'good' } });
    const inp = { ...events[4], value: 201 } as Event;
    expect(enrichEvent(inp, 4, context)).toMatchObject({ ok: true, value: { rating: 'needs-improvement' } });
  });

  it('names the stale event by its path', () => {
    const stale = { ...events[0], ts: RECEIVED - LIMITS.maxAgeMs - 60_000 } as Event;
    expect(enrichEvent(stale, 2, context)).toMatchObject({ ok: false, problems: [{ path: 'events[2].ts' }] });
  });

  it('replaces lone surrogates with U+FFFD, and keeps valid pairs', () => {
    const workflow = { ...events[6], error: 'bad \ud800 pair', attrs: { ['k\udc00']: 'ok 😀' } } as Event;
    const result = enrichEvent(workflow, 6, context);
    expect(result).toMatchObject({ ok: true, value: { error: 'bad \ufffd pair', attrs: { 'k\ufffd': 'ok 😀' } } });
  });

  it('leaves well-formed values untouched (same object)', () => {
    const value = { a: ['x', { b: 'y' }] };
    expect(wellFormed(value)).toBe(value);
  });
});

describe('clientInfo', () => {
  it.each([
    [CHROME, { browser: 'Chrome', browser_major: 131, os: 'Windows', device_class: 'desktop' }],
    [IPHONE, { browser: 'Mobile Safari', browser_major: 17, os: 'iOS', device_class: 'mobile' }],
    [
      'Mozilla/5.0 (iPad; CPU OS 16_0 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/16.0 Mobile/15E148 Safari/604.1',
      { os: 'iOS', device_class: 'tablet' },
    ],
    ['Mozilla/5.0 (compatible; Googlebot/2.1; +http://www.google.com/bot.html)', { device_class: 'bot' }],
    ['curl/8.5.0', { browser: 'curl', browser_major: 8, device_class: 'bot' }],
    [undefined, { browser: '', browser_major: 0, os: '', device_class: 'unknown' }],
  ])('%s', (ua, expected) => {
    expect(clientInfo(ua)).toMatchObject(expected);
  });

  it('copes with a huge header', () => {
    expect(clientInfo(`${CHROME} ${'x'.repeat(100_000)}`).browser).toBe('Chrome');
  });
});

describe('userHash', () => {
  it('is HMAC-SHA256 of app and user id under the whole versioned key', () => {
    const expected = createHmac('sha256', KEY).update('demo\u0000user-42').digest('hex');
    expect(userHash(KEY, 'demo', 'user-42')).toBe(expected);
  });

  it('changes with the key version, the app and the id; is empty without an id', () => {
    const base = userHash(KEY, 'demo', 'user-42');
    expect(userHash(KEY.replace('v1:', 'v2:'), 'demo', 'user-42')).not.toBe(base);
    expect(userHash(KEY, 'shop', 'user-42')).not.toBe(base);
    expect(userHash(KEY, 'demo', 'user-43')).not.toBe(base);
    expect(userHash(KEY, 'demo', undefined)).toBe('');
  });
});

describe('processBatch', () => {
  const options = { receivedAt: RECEIVED, userAgent: IPHONE, userKey: KEY, retentionDays: 30, sampleRate: 0.5 };

  it('builds the processed batch: server times, UA fields, user hash, no key, no raw UA', () => {
    const batch = exampleBatch({ sent_at: RECEIVED - 60_000, user_id: 'user-42' }, RECEIVED - 60_000);
    const result = processBatch(batch, options);
    if (!result.ok) throw new Error('expected ok');
    expect(result.rejected).toEqual([]);
    expect(result.batch).toMatchObject({
      app: 'demo',
      received_at: RECEIVED,
      clock_skew_ms: 60_000,
      ua: { browser: 'Mobile Safari', device_class: 'mobile' },
      user_hash: userHash(KEY, 'demo', 'user-42'),
      retention_days: 30,
      sample_rate: 0.5,
    });
    expect(result.batch.events[0]!.ts).toBe(RECEIVED - 5000);
    const stored = JSON.stringify(result.batch);
    expect(stored).not.toContain('demo-public-key');
    expect(stored).not.toContain('user-42');
    expect(stored).not.toContain('iPhone OS');
  });

  it('drops bad and stale events alone and lists them', () => {
    const events: unknown[] = exampleEvents(RECEIVED);
    events[1] = { ...(events[1] as object), value: 'Infinity' };
    events[2] = { ...(events[2] as object), ts: RECEIVED - LIMITS.maxAgeMs - 1000 };
    const result = processBatch({ ...exampleBatch({}, RECEIVED), events }, options);
    if (!result.ok) throw new Error('expected ok');
    expect(result.batch.events).toHaveLength(events.length - 2);
    expect(result.rejected.map((r) => r.index)).toEqual([1, 2]);
    expect(result.stale).toBe(1);
  });

  it('refuses the batch when no event is valid, with the same list', () => {
    const result = processBatch({ ...exampleBatch({}, RECEIVED), events: [{ type: 'nope' }, null] }, options);
    expect(result).toMatchObject({ ok: false, error: { code: 'no_valid_events', statusCode: 400, rejected: [{ index: 0 }, { index: 1 }] } });
  });

  it('refuses an invalid envelope whole', () => {
    const result = processBatch({ ...exampleBatch({}, RECEIVED), batch_id: 'not-a-uuid' }, options);
    expect(result).toMatchObject({ ok: false, error: { code: 'invalid_envelope', problems: [{ path: 'batch_id' }] } });
  });

  it('reads wire version 2: event times after origin, nav and vital delta filled in; version 1 still accepted', () => {
    // The client clock is 10 s fast; the page's time origin was 8 s before the send.
    const sentAt = RECEIVED + 10_000;
    const v2 = {
      ...exampleBatch({}, RECEIVED),
      v: 2,
      sent_at: sentAt,
      origin: sentAt - 8000,
      events: [
        { type: 'page', ts: 0, kind: 'load', url: 'https://shop.example/' },
        { type: 'vital', ts: 2500, name: 'LCP', value: 1800, id: 'v5-lcp-1' },
        { type: 'vital', ts: 8000, name: 'CLS', value: 0.2, delta: 0.05, id: 'v5-cls-1', nav: 'reload' },
      ],
    };
    const result = processBatch(v2, options);
    expect(result.ok).toBe(true);
    if (!result.ok) return;
    expect(result.batch.events).toMatchObject([
      { type: 'page', ts: RECEIVED - 8000, nav: 'navigate' },
      { type: 'vital', ts: RECEIVED - 5500, nav: 'navigate', delta: 1800 },
      { type: 'vital', ts: RECEIVED, nav: 'reload', delta: 0.05 },
    ]);
    expect(processBatch({ ...v2, origin: undefined }, options)).toMatchObject({
      ok: false,
      error: { code: 'invalid_envelope', problems: [{ path: 'origin' }] },
    });
    const v1 = processBatch({ ...exampleBatch({}, RECEIVED), v: 1 }, options);
    expect(v1.ok && v1.batch.events[0]!.ts).toBe(exampleEvents(RECEIVED)[0]!.ts);
    expect(processBatch({ ...exampleBatch({}, RECEIVED), v: 3 }, options)).toMatchObject({ ok: false, error: { problems: [{ path: 'v' }] } });
  });
});
