import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { exampleBatch } from '../support/batches.js';
import { startCollector, type Collector } from '../support/http.js';

let collector: Collector;
beforeAll(async () => {
  collector = await startCollector();
});
afterAll(async () => {
  await collector.close();
});

const shopBatch = (overrides: Record<string, unknown> = {}) => ({ ...exampleBatch({ app: 'shop', key: 'shop-key-0001' }), ...overrides });
const post = (body: unknown, headers: Record<string, string> = {}, query = '') =>
  collector.app.inject({ method: 'POST', url: `/v1/batch${query}`, headers: { 'content-type': 'text/plain', ...headers }, payload: JSON.stringify(body) });
const codeOf = (response: { json: () => unknown }) => (response.json() as { error: { code: string } }).error.code;

describe('ingest keys', () => {
  it('takes the key from the body', async () => {
    expect((await post(shopBatch(), { origin: 'https://shop.example' })).statusCode).toBe(202);
  });

  it('takes the key from the query string (sendBeacon cannot set headers)', async () => {
    const { key: _key, ...body } = shopBatch();
    expect((await post(body, { origin: 'https://shop.example' }, '?key=shop-key-0001')).statusCode).toBe(202);
  });

  it('answers 401 without a key', async () => {
    const { key: _key, ...body } = shopBatch();
    const response = await post(body);
    expect(response.statusCode).toBe(401);
    expect(codeOf(response)).toBe('missing_key');
  });

  it.each(['no-such-key-1', 'constructor', '__proto__', 'hasOwnProperty', 'toString'])('answers 401 for the unknown key %j', async (key) => {
    const response = await post(shopBatch({ key }));
    expect(response.statusCode).toBe(401);
    expect(codeOf(response)).toBe('unknown_key');
  });

  it('answers 403 when the key belongs to another app than the batch names', async () => {
    const response = await post(shopBatch({ key: 'blog-key-0001' }), { origin: 'https://shop.example' });
    expect(response.statusCode).toBe(403);
    expect(codeOf(response)).toBe('key_app_mismatch');
  });

  it('answers 400 when body and query name different keys', async () => {
    const response = await post(shopBatch(), {}, '?key=blog-key-0001');
    expect(response.statusCode).toBe(400);
    expect(codeOf(response)).toBe('key_conflict');
  });
});

describe('origins', () => {
  it('answers 403 for an origin the app does not allow, even one another app allows', async () => {
    for (const origin of ['https://evil.example', 'https://blog.example', 'null']) {
      const response = await post(shopBatch(), { origin });
      expect(response.statusCode).toBe(403);
      expect(codeOf(response)).toBe('origin_not_allowed');
    }
  });

  it('lets local dev servers on any port send to an app that lists http://localhost:*', async () => {
    const body = exampleBatch({ app: 'blog', key: 'blog-key-0001' });
    const response = await post(body, { origin: 'http://localhost:5173' });
    expect(response.statusCode).toBe(202);
    expect(response.headers['access-control-allow-origin']).toBe('http://localhost:5173');
    expect(response.headers.vary).toBe('Origin');
  });

  it('lets any origin send to an app configured with "*"', async () => {
    expect((await post(exampleBatch({ app: 'open', key: 'open-key-0001' }), { origin: 'https://anything.example' })).statusCode).toBe(202);
  });

  it("lets the collector's own pages send to the demo app", async () => {
    const response = await post(exampleBatch(), { origin: 'http://localhost:80', host: 'localhost:80' });
    expect(response.statusCode).toBe(202);
  });
});

describe('CORS preflight', () => {
  const preflight = (origin: string, query = '') =>
    collector.app.inject({
      method: 'OPTIONS',
      url: `/v1/batch${query}`,
      headers: { origin, 'access-control-request-method': 'POST', 'access-control-request-headers': 'content-type, content-encoding' },
    });

  it('answers an allowed origin with the CORS headers', async () => {
    const response = await preflight('https://shop.example', '?key=shop-key-0001');
    expect(response.statusCode).toBe(204);
    expect(response.headers).toMatchObject({
      'access-control-allow-origin': 'https://shop.example',
      'access-control-allow-methods': 'POST',
      'access-control-allow-headers': 'content-type, content-encoding',
      vary: 'Origin',
    });
    expect(Number(response.headers['access-control-max-age'])).toBeGreaterThan(0);
  });

  it('answers a preflight without a key when some app allows the origin', async () => {
    expect((await preflight('https://blog.example')).statusCode).toBe(204);
  });

  it('refuses an origin the keyed app does not allow', async () => {
    const response = await preflight('https://blog.example', '?key=shop-key-0001');
    expect(response.statusCode).toBe(403);
    expect(response.headers['access-control-allow-origin']).toBeUndefined();
  });
});
