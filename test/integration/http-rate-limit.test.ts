import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { exampleBatch } from '../support/batches.js';
import { startCollector, type Collector } from '../support/http.js';

let collector: Collector;
beforeAll(async () => {
  collector = await startCollector({ rateLimit: { perKeyPerMinute: 5, perAddressPerMinute: 8 } });
});
afterAll(async () => {
  await collector.close();
});

const send = (app: string, key: string, remoteAddress: string) =>
  collector.app.inject({
    method: 'POST',
    url: '/v1/batch',
    remoteAddress,
    headers: { 'content-type': 'application/json' },
    payload: JSON.stringify(exampleBatch({ app, key })),
  });

describe('rate limits', () => {
  it('limits a flooding app key with 429 + Retry-After while another app still gets 202', async () => {
    for (let i = 0; i < 5; i += 1) expect((await send('shop', 'shop-key-0001', '10.0.0.1')).statusCode).toBe(202);
    const limited = await send('shop', 'shop-key-0001', '10.0.0.1');
    expect(limited.statusCode).toBe(429);
    expect(Number(limited.headers['retry-after'])).toBeGreaterThanOrEqual(1);
    expect(limited.json()).toMatchObject({ error: { code: 'rate_limited' } });
    // A different address does not help the flooding key …
    expect((await send('shop', 'shop-key-0001', '10.0.0.7')).statusCode).toBe(429);
    // … and the other app is not starved, even from the same address.
    expect((await send('blog', 'blog-key-0001', '10.0.0.1')).statusCode).toBe(202);
  });

  it('limits a flooding address, not the other addresses', async () => {
    const keys = [
      ['open', 'open-key-0001'],
      ['demo', 'demo-public-key'],
    ] as const;
    for (let i = 0; i < 8; i += 1) {
      const [app, key] = keys[i % 2]!;
      expect((await send(app, key, '2001:db8::1')).statusCode).toBe(202);
    }
    // Same /64, other address: the same client as far as the limit is concerned.
    const limited = await send('open', 'open-key-0001', '2001:db8::2');
    expect(limited.statusCode).toBe(429);
    expect(Number(limited.headers['retry-after'])).toBeGreaterThanOrEqual(1);
    expect((await send('open', 'open-key-0001', '203.0.113.5')).statusCode).toBe(202);
  });
});
