import { brotliCompressSync, deflateSync, gzipSync } from 'node:zlib';
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

const post = (payload: string | Buffer, headers: Record<string, string> = {}) =>
  collector.app.inject({ method: 'POST', url: '/v1/batch', headers: { 'content-type': 'application/json', ...headers }, payload });
const batch = (overrides = {}) => JSON.stringify(exampleBatch(overrides));
const errorOf = (response: { json: () => unknown }) => (response.json() as { error: { code: string; message: string; problems: unknown[] } }).error;

describe('media types', () => {
  it.each(['application/json', 'text/plain;charset=UTF-8', 'APPLICATION/JSON; Charset=utf-8', 'Text/Plain'])('accepts %s', async (type) => {
    const response = await post(batch(), { 'content-type': type });
    expect(response.statusCode).toBe(202);
    expect(response.json()).toMatchObject({ accepted: 7, rejected: [], duplicate: false });
  });

  it.each(['application/x-www-form-urlencoded', 'multipart/form-data; boundary=x', 'application/xml', 'application/json-patch+json', 'text/html'])(
    'answers 415 for %s',
    async (type) => {
      const response = await post(batch(), { 'content-type': type });
      expect(response.statusCode).toBe(415);
      expect(errorOf(response).code).toBe('unsupported_media_type');
    },
  );

  it('answers 415 for a body without a content type', async () => {
    const response = await collector.app.inject({ method: 'POST', url: '/v1/batch', payload: Buffer.from(batch()) });
    expect(response.statusCode).toBe(415);
  });
});

describe('encodings and limits', () => {
  it.each([
    ['gzip', gzipSync],
    ['deflate', deflateSync],
    ['br', brotliCompressSync],
  ] as const)('accepts a %s body', async (encoding, compress) => {
    const response = await post(compress(batch()), { 'content-encoding': encoding });
    expect(response.statusCode).toBe(202);
  });

  it('answers 415 for an unknown encoding', async () => {
    const response = await post(batch(), { 'content-encoding': 'zstd' });
    expect(response.statusCode).toBe(415);
    expect(errorOf(response).code).toBe('unsupported_encoding');
  });

  it('answers 400 for corrupt gzip', async () => {
    const response = await post(gzipSync(batch()).subarray(0, 50), { 'content-encoding': 'gzip' });
    expect(response.statusCode).toBe(400);
    expect(errorOf(response).code).toBe('corrupt_body');
  });

  it('answers 413 past the decompressed limit, plain or compressed', async () => {
    const big = JSON.stringify({ ...exampleBatch(), pad: 'x'.repeat(collector.config.bodyLimit) });
    expect((await post(big)).statusCode).toBe(413);
    const zipped = gzipSync(big);
    expect(zipped.length).toBeLessThan(collector.config.bodyLimit);
    const response = await post(zipped, { 'content-encoding': 'gzip' });
    expect(response.statusCode).toBe(413);
    expect(errorOf(response).code).toBe('body_too_large');
  });

  it('answers 413 for a gzip bomb and keeps taking batches', async () => {
    const bomb = gzipSync(Buffer.alloc(50 * 1024 * 1024, 0x20));
    expect((await post(bomb, { 'content-encoding': 'gzip' })).statusCode).toBe(413);
    expect((await post(batch())).statusCode).toBe(202);
  });
});

describe('hostile JSON', () => {
  it.each([
    ['__proto__', '{"__proto__":{"polluted":true},"v":1}'],
    ['constructor.prototype', '{"constructor":{"prototype":{"polluted":true}},"v":1}'],
    ['__proto__ deep inside an event', batch().replace('"kind":"load"', '"kind":"load","__proto__":{"x":1}')],
  ])('answers 400 for %s', async (_name, body) => {
    const response = await post(body);
    expect(response.statusCode).toBe(400);
    expect(errorOf(response).code).toBe('forbidden_key');
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
  });

  it('answers 4xx for 10 000 levels of nesting, as the body and inside an event', async () => {
    const deep = `${'['.repeat(10_000)}${']'.repeat(10_000)}`;
    expect((await post(deep)).statusCode).toBe(400);
    const body = batch().replace('"events":[', `"events":[${deep},`);
    const response = await post(body);
    expect(response.statusCode).toBe(202);
    expect(response.json()).toMatchObject({ accepted: 7, rejected: [{ index: 0 }] });
  });

  it.each([
    ['an array', `[${batch()}]`],
    ['a string', '"batch"'],
    ['null', 'null'],
  ])('answers 400 when the top level is %s', async (_name, body) => {
    const response = await post(body);
    expect(response.statusCode).toBe(400);
    expect(errorOf(response).code).toBe('body_not_object');
  });

  it('answers 400 for broken JSON without quoting it', async () => {
    const response = await post('{"user_id":"jan@example.com",');
    expect(response.statusCode).toBe(400);
    expect(errorOf(response).code).toBe('invalid_json');
    expect(response.body).not.toContain('jan@example.com');
  });

  it('answers 400 for an empty body', async () => {
    expect(errorOf(await post('')).code).toBe('body_empty');
  });

  it.each([
    ['"Infinity"', '"Infinity"'],
    ['1e309', '1e309'],
    ['"1e309"', '"1e309"'],
    ['"0x10"', '"0x10"'],
    ['-1', '-1'],
  ])('drops a vital whose value is %s, naming the field', async (_name, literal) => {
    const body = batch().replace('"value":2600', `"value":${literal}`);
    const response = await post(body);
    expect(response.statusCode).toBe(202);
    const json = response.json() as { accepted: number; rejected: { index: number; problems: { path: string }[] }[] };
    expect(json.accepted).toBe(6);
    expect(json.rejected).toEqual([{ index: 3, problems: [expect.objectContaining({ path: 'events[3].value' })] }]);
  });

  it('does not coerce "0x10" in the envelope either', async () => {
    const response = await post(batch().replace(/"v":1/, '"v":"1"'));
    expect(response.statusCode).toBe(400);
    expect(errorOf(response)).toMatchObject({ code: 'invalid_envelope', problems: [{ path: 'v' }] });
  });
});
