import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { connect } from 'node:net';
import { gzipSync } from 'node:zlib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEFAULT_SDK_FILE } from '../../collector/plugins/sdk.js';
import { exampleBatch } from '../support/batches.js';
import { startCollector, type Collector } from '../support/http.js';

let collector: Collector;
let base: string;
beforeAll(async () => {
  collector = await startCollector({ rateLimit: { perKeyPerMinute: 30, perAddressPerMinute: 10_000 } });
  base = await collector.app.listen({ port: 0, host: '127.0.0.1' });
});
afterAll(async () => {
  await collector.close();
});

const json = (body: unknown) => JSON.stringify(body);
const post = (body: string | Buffer, headers: Record<string, string> = { 'content-type': 'application/json' }, query = '') =>
  fetch(`${base}/v1/batch${query}`, { method: 'POST', headers, body: typeof body === 'string' ? body : new Uint8Array(body) });
const code = async (response: Response) => ((await response.json()) as { error: { code: string } }).error.code;

/** Every rule of docs/ingest.md, over a real socket: [name, request, status, error code]. */
const cases: [string, () => Promise<Response>, number, string | undefined][] = [
  ['valid JSON', () => post(json(exampleBatch())), 202, undefined],
  ['sendBeacon text/plain', () => post(json(exampleBatch()), { 'content-type': 'text/plain;charset=UTF-8' }), 202, undefined],
  ['form body', () => post('a=1', { 'content-type': 'application/x-www-form-urlencoded' }), 415, 'unsupported_media_type'],
  ['unknown encoding', () => post(json(exampleBatch()), { 'content-type': 'application/json', 'content-encoding': 'zstd' }), 415, 'unsupported_encoding'],
  ['too large', () => post(json({ pad: 'x'.repeat(300_000) })), 413, 'body_too_large'],
  [
    'gzip bomb',
    () => post(gzipSync(Buffer.alloc(50 * 1024 * 1024)), { 'content-type': 'application/json', 'content-encoding': 'gzip' }),
    413,
    'body_too_large',
  ],
  ['corrupt gzip', () => post(Buffer.from('not gzip'), { 'content-type': 'application/json', 'content-encoding': 'gzip' }), 400, 'corrupt_body'],
  ['__proto__', () => post('{"__proto__":{"a":1}}'), 400, 'forbidden_key'],
  ['constructor.prototype', () => post('{"constructor":{"prototype":{"a":1}}}'), 400, 'forbidden_key'],
  [
    '10 000-level nesting',
    () => post(json(exampleBatch()).replace('"events":', `"deep":${'{"a":'.repeat(10_000)}1${'}'.repeat(10_000)},"events":`)),
    400,
    'invalid_envelope',
  ],
  ['top-level array', () => post(json([exampleBatch()])), 400, 'body_not_object'],
  [
    '"Infinity" as the only event value',
    () => post(json({ ...exampleBatch(), events: [{ ...exampleBatch().events[1], value: 'Infinity' }] })),
    400,
    'no_valid_events',
  ],
  [
    '1e309 as the only event value',
    () => post(json({ ...exampleBatch(), events: [exampleBatch().events[1]] }).replace('"value":180', '"value":1e309')),
    400,
    'no_valid_events',
  ],
  ['"0x10" as the only event value', () => post(json({ ...exampleBatch(), events: [{ ...exampleBatch().events[1], value: '0x10' }] })), 400, 'no_valid_events'],
  [
    'wrong origin',
    () => post(json(exampleBatch({ app: 'shop', key: 'shop-key-0001' })), { 'content-type': 'application/json', origin: 'https://evil.example' }),
    403,
    'origin_not_allowed',
  ],
  ['unknown key', () => post(json(exampleBatch({ key: 'nobody-knows-me' }))), 401, 'unknown_key'],
  ['key of another app', () => post(json(exampleBatch({ app: 'shop', key: 'blog-key-0001' }))), 403, 'key_app_mismatch'],
];

describe('over a real socket', () => {
  it.each(cases)('%s', async (_name, request, status, errorCode) => {
    const response = await request();
    expect(response.status).toBe(status);
    expect(response.headers.get('content-type')).toMatch(/^application\/json/);
    if (errorCode) expect(await code(response)).toBe(errorCode);
  });

  it('answers a mixed batch 202 with its rejection list', async () => {
    const batch = exampleBatch();
    const events = [...batch.events, { ...batch.events[1], value: 'Infinity' }];
    const response = await post(json({ ...batch, events }));
    expect(response.status).toBe(202);
    expect(await response.json()).toMatchObject({ accepted: 7, rejected: [{ index: 7, problems: [{ path: 'events[7].value' }] }], duplicate: false });
  });

  it('answers a CORS preflight', async () => {
    const response = await fetch(`${base}/v1/batch?key=shop-key-0001`, {
      method: 'OPTIONS',
      headers: { origin: 'https://shop.example', 'access-control-request-method': 'POST' },
    });
    expect(response.status).toBe(204);
    expect(response.headers.get('access-control-allow-origin')).toBe('https://shop.example');
  });

  it('rate-limits a flooding key with Retry-After while another app gets 202', async () => {
    let limited: Response | undefined;
    for (let i = 0; i < 40 && !limited; i += 1) {
      const response = await post(json(exampleBatch({ app: 'open', key: 'open-key-0001' })));
      if (response.status === 429) limited = response;
      else expect(response.status).toBe(202);
    }
    expect(limited?.headers.get('retry-after')).toMatch(/^[1-9][0-9]*$/);
    expect((await post(json(exampleBatch({ app: 'blog', key: 'blog-key-0001' })))).status).toBe(202);
  });

  it('refuses malformed HTTP framing (CL + TE) with 400 and keeps serving', async () => {
    const { port } = new URL(base);
    const answer = await new Promise<string>((resolve, reject) => {
      const socket = connect(Number(port), '127.0.0.1', () => {
        socket.write('POST /v1/batch HTTP/1.1\r\nHost: x\r\nContent-Length: 5\r\nTransfer-Encoding: chunked\r\n\r\n0\r\n\r\n');
      });
      let data = '';
      socket.on('data', (chunk) => (data += chunk.toString()));
      socket.on('end', () => resolve(data));
      socket.on('error', reject);
    });
    expect(answer).toMatch(/^HTTP\/1\.1 400/);
    expect((await post(json(exampleBatch()))).status).toBe(202);
  });
});

describe('operations over a real socket', () => {
  it('answers /healthz, /readyz and /metrics', async () => {
    expect(await (await fetch(`${base}/healthz`)).json()).toEqual({ status: 'ok' });
    expect(await (await fetch(`${base}/readyz`)).json()).toEqual({ ready: true });
    const metrics = await fetch(`${base}/metrics`);
    expect(metrics.headers.get('content-type')).toMatch(/^text\/plain/);
    expect(await metrics.text()).toMatch(/percept_http_request_duration_seconds_bucket/);
  });

  it('publishes the ingest endpoint in /openapi.json, with the batch schema', async () => {
    const doc = (await (await fetch(`${base}/openapi.json`)).json()) as {
      openapi: string;
      paths: Record<string, unknown>;
      components: { schemas: { Batch: { required: string[] } } };
    };
    expect(doc.openapi).toBe('3.1.0');
    expect(doc.paths['/v1/batch']).toBeDefined();
    expect(doc.components.schemas.Batch.required).toEqual(expect.arrayContaining(['v', 'app', 'batch_id', 'events']));
  });

  it('answers unknown paths with a JSON 404', async () => {
    const response = await fetch(`${base}/nope`);
    expect(response.status).toBe(404);
    expect(await code(response)).toBe('not_found');
  });

  it('serves the SDK with its SRI hash and cache headers', async () => {
    const file = readFileSync(DEFAULT_SDK_FILE);
    const integrity = `sha384-${createHash('sha384').update(file).digest('base64')}`;
    const plain = await fetch(`${base}/percept.js`);
    expect(Buffer.from(await plain.arrayBuffer()).equals(file)).toBe(true);
    expect(plain.headers.get('x-percept-integrity')).toBe(integrity);
    expect(plain.headers.get('cache-control')).toBe('public, max-age=300');
    expect(plain.headers.get('access-control-allow-origin')).toBe('*');
    const versioned = await fetch(`${base}/percept.js?v=abc`);
    expect(versioned.headers.get('cache-control')).toBe('public, max-age=31536000, immutable');
    expect((await (await fetch(`${base}/percept.js.sri`)).text()).trim()).toBe(integrity);
  });

  it('serves the demo page with a strict CSP, no inline script, and the SRI-pinned script tag', async () => {
    const response = await fetch(`${base}/demo`);
    const csp = response.headers.get('content-security-policy') ?? '';
    expect(csp).toContain("script-src 'self'");
    expect(csp).not.toContain('unsafe-inline');
    const html = await response.text();
    const integrity = (await (await fetch(`${base}/percept.js.sri`)).text()).trim();
    expect(html).toContain(`integrity="${integrity}"`);
    expect(html).toContain('data-key="demo-public-key"');
    const scripts = html.match(/<script\b[^>]*>[\s\S]*?<\/script>/g) ?? [];
    expect(scripts.length).toBe(2);
    for (const tag of scripts) expect(tag).toMatch(/^<script [^>]*src="[^"]+"[^>]*><\/script>$/);
  });
});
