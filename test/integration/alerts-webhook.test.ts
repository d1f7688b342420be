import { createServer } from 'node:net';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { deliver } from '../../collector/alerts/webhook.js';
import { startReceiver, type Receiver } from '../support/alerts-receiver.js';

/** The webhook's retry rules against a real receiver on 127.0.0.1. */
const POLICY = { attempts: 3, firstDelayMs: 5, timeoutMs: 5000 };
let receiver: Receiver;

beforeAll(async () => {
  receiver = await startReceiver();
});
afterAll(async () => {
  await receiver.close();
});

describe('deliver', () => {
  it('retries 5xx until the receiver accepts, with one delivery id', async () => {
    receiver.calls.length = 0;
    receiver.failures = 2;
    expect(await deliver(receiver.url, 'alert-webhook-secret-0001', 'rule-1', { n: 1 }, POLICY)).toEqual({
      delivered: true,
      attempts: 3,
      status: 204,
      error: '',
    });
    expect(new Set(receiver.calls.map((call) => call.headers['x-percept-delivery']))).toEqual(new Set(['rule-1']));
  });

  it('gives up after the last attempt and says why', async () => {
    receiver.calls.length = 0;
    receiver.failures = 5;
    expect(await deliver(receiver.url, 'alert-webhook-secret-0001', 'rule-2', {}, POLICY)).toEqual({
      delivered: false,
      attempts: 3,
      status: 503,
      error: 'the receiver answered HTTP 503',
    });
    expect(receiver.calls).toHaveLength(3);
    receiver.failures = 0;
  });

  it('does not retry an answer that will not change (400)', async () => {
    receiver.calls.length = 0;
    receiver.failures = 1;
    receiver.failStatus = 400;
    expect(await deliver(receiver.url, 'alert-webhook-secret-0001', 'rule-4', {}, POLICY)).toEqual({
      delivered: false,
      attempts: 1,
      status: 400,
      error: 'the receiver answered HTTP 400',
    });
    expect(receiver.calls).toHaveLength(1);
    receiver.failStatus = 503;
  });

  it('retries a refused connection, then reports the network error', async () => {
    const port = await new Promise<number>((resolve) => {
      const server = createServer().listen(0, '127.0.0.1', () => {
        const { port: free } = server.address() as AddressInfo;
        server.close(() => resolve(free));
      });
    });
    const result = await deliver(`http://127.0.0.1:${port}/`, 'alert-webhook-secret-0001', 'rule-3', {}, POLICY);
    expect(result).toMatchObject({ delivered: false, attempts: 3, status: 0 });
    expect(result.error).toContain('ECONNREFUSED');
  });
});
