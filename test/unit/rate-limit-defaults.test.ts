import { describe, expect, it } from 'vitest';
import { DEFAULTS } from '../../collector/config/defaults.js';
import { TokenBuckets, addressKey } from '../../collector/plugins/token-bucket.js';

/**
 * The per-address default against real offices behind one NAT address, on an
 * injected clock: members sending at the SDK's cadence are never refused, and
 * a flooding address is refused without costing any other address a token.
 */
const simulate = (members: number, batchesPerMinute: number, minutes: number) => {
  let now = 0;
  const buckets = new TokenBuckets(DEFAULTS.perAddressPerMinute, 100_000, () => now);
  const perMs = (members * batchesPerMinute) / 60_000;
  let refused = 0;
  for (let i = 0; i < minutes * 60_000 * perMs; i++) {
    now = i / perMs;
    if (!buckets.take(addressKey('198.51.100.7')).ok) refused += 1;
  }
  return refused;
};

describe('the per-address default', () => {
  it('takes an office of 1,000 members at 6 batches a minute each from one address', () => {
    expect(simulate(1000, 6, 10)).toBe(0);
  });

  it('takes 480 members at the SDK ceiling of 12 batches a minute (one every 5 s)', () => {
    expect(simulate(480, 12, 10)).toBe(0);
  });

  it('refuses an address over the limit while another address is still served', () => {
    let now = 0;
    const buckets = new TokenBuckets(DEFAULTS.perAddressPerMinute, 100_000, () => now);
    for (let i = 0; i < DEFAULTS.perAddressPerMinute; i++) expect(buckets.take('203.0.113.9').ok).toBe(true);
    expect(buckets.take('203.0.113.9')).toMatchObject({ ok: false });
    expect(buckets.take('203.0.113.10')).toEqual({ ok: true });
    now += 1000;
    expect(buckets.take('203.0.113.9')).toEqual({ ok: true });
  });

  it("stays a tenth of the per-key default or less, so one office never meets its app key's limit first", () => {
    expect(DEFAULTS.perKeyPerMinute).toBeGreaterThanOrEqual(DEFAULTS.perAddressPerMinute * 10);
  });
});
