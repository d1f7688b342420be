import { Readable } from 'node:stream';
import { brotliCompressSync, constants, deflateRawSync, deflateSync, gzipSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { PerceptError } from '../../collector/errors.js';
import { readBody } from '../../collector/pipeline/decode.js';
import { mayHoldLoneSurrogates, parseBatchJson } from '../../collector/pipeline/json.js';

const LIMIT = 256 * 1024;
const text = JSON.stringify({ v: 1, note: 'héllo wörld '.repeat(200) });

/** A source that hands out `data` in small chunks on demand and counts what was pulled. */
const counted = (data: Buffer, chunk = 1024) => {
  const state = { pulled: 0 };
  const stream = Readable.from(
    (function* () {
      for (let at = 0; at < data.length; at += chunk) {
        const part = data.subarray(at, at + chunk);
        state.pulled += part.length;
        yield part;
      }
    })(),
    { objectMode: false, highWaterMark: chunk },
  );
  return { stream, state };
};

const codeOf = async (promise: Promise<unknown>): Promise<string> => {
  const error = await promise.then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(PerceptError);
  return (error as PerceptError).code;
};

describe('readBody', () => {
  it.each([
    ['identity', undefined, Buffer.from(text)],
    ['gzip', 'gzip', gzipSync(text)],
    ['GZIP with spaces', ' GZip ', gzipSync(text)],
    ['deflate', 'deflate', deflateSync(text)],
    ['br', 'br', brotliCompressSync(text)],
  ])('decodes %s', async (_name, encoding, body) => {
    const out = await readBody(counted(body).stream, encoding, LIMIT);
    expect(out.toString('utf8')).toBe(text);
  });

  it.each(['compress', 'zstd', 'gzip, br', 'gzip, gzip', 'constructor', '__proto__'])('refuses Content-Encoding %j with 415', async (encoding) => {
    const error = (() => {
      try {
        void readBody(counted(Buffer.from(text)).stream, encoding, LIMIT);
      } catch (e) {
        return e as PerceptError;
      }
      return undefined;
    })();
    expect(error?.code).toBe('unsupported_encoding');
    expect(error?.statusCode).toBe(415);
  });

  it('refuses an uncompressed body one byte over the limit, and takes one at the limit', async () => {
    expect(await codeOf(readBody(counted(Buffer.alloc(LIMIT + 1, 0x20)).stream, undefined, LIMIT))).toBe('body_too_large');
    expect((await readBody(counted(Buffer.alloc(LIMIT, 0x20)).stream, undefined, LIMIT)).length).toBe(LIMIT);
  });

  it('stops a gzip bomb at the limit without reading the rest of it', async () => {
    // 50 MiB of zeros in ~50 KB, under the limit: only the decompressed size can catch it.
    const bomb = gzipSync(Buffer.alloc(50 * 1024 * 1024));
    expect(bomb.length).toBeLessThan(LIMIT);
    const { stream, state } = counted(bomb);
    expect(await codeOf(readBody(stream, 'gzip', LIMIT))).toBe('body_too_large');
    expect(state.pulled).toBeLessThan(bomb.length / 2);
  });

  it('stops a brotli bomb at the limit', async () => {
    // Brotli packs 50 MiB of zeros into a few hundred bytes, so there is no "rest" to leave unread.
    const bomb = brotliCompressSync(Buffer.alloc(50 * 1024 * 1024), { params: { [constants.BROTLI_PARAM_QUALITY]: 4 } });
    expect(await codeOf(readBody(counted(bomb, 16).stream, 'br', LIMIT))).toBe('body_too_large');
  });

  it.each([
    ['garbage as gzip', 'gzip', Buffer.from('this is not gzip at all')],
    ['truncated gzip', 'gzip', gzipSync(text).subarray(0, 40)],
    ['raw deflate as deflate', 'deflate', deflateRawSync(text)],
    ['gzip labelled br', 'br', gzipSync(text)],
  ])('answers 400 for %s', async (_name, encoding, body) => {
    expect(await codeOf(readBody(counted(body).stream, encoding, LIMIT))).toBe('corrupt_body');
  });

  it('answers 400 when the upload breaks off', async () => {
    const stream = new Readable({ read() {} });
    const result = readBody(stream, 'gzip', LIMIT);
    stream.push(gzipSync(text).subarray(0, 10));
    stream.destroy(new Error('socket hang up'));
    expect(await codeOf(result)).toBe('bad_request');
  });
});

describe('parseBatchJson', () => {
  const strict = (json: string) => {
    const value = JSON.parse(json) as unknown;
    if (/"__proto__"|"constructor"\s*:\s*\{[^}]*"prototype"/.test(json)) throw new SyntaxError('poisoned');
    return value;
  };
  const code = (json: string) => {
    try {
      parseBatchJson(json, strict);
      return 'ok';
    } catch (error) {
      return (error as PerceptError).code;
    }
  };

  it('parses an object, also behind a BOM', () => {
    expect(parseBatchJson('\ufeff{"v":1}', strict)).toEqual({ v: 1 });
  });

  it.each([
    ['', 'body_empty'],
    ['   \n', 'body_empty'],
    ['{"v":1', 'invalid_json'],
    ["{'v':1}", 'invalid_json'],
    ['{"v":NaN}', 'invalid_json'],
    ['[{"v":1}]', 'body_not_object'],
    ['"batch"', 'body_not_object'],
    ['null', 'body_not_object'],
    ['42', 'body_not_object'],
    ['{"__proto__":{"admin":true}}', 'forbidden_key'],
    ['{"constructor":{"prototype":{"admin":true}}}', 'forbidden_key'],
  ])('%j → %s', (json, expected) => {
    expect(code(json)).toBe(expected);
  });

  it('survives 10 000 levels of nesting without recursion', () => {
    expect(code('['.repeat(10_000) + ']'.repeat(10_000))).toBe('body_not_object');
    expect(code(`{"events":${'['.repeat(10_000)}${']'.repeat(10_000)}}`)).toBe('ok');
  });

  it('remembers bodies whose text escapes a surrogate, so only they get the Unicode repair', () => {
    expect(mayHoldLoneSurrogates(parseBatchJson('{"error":"x\\ud800y"}', strict))).toBe(true);
    expect(mayHoldLoneSurrogates(parseBatchJson('{"error":"x\\uDC00"}', strict))).toBe(true);
    expect(mayHoldLoneSurrogates(parseBatchJson('{"error":"😀 \\u00e9"}', strict))).toBe(false);
  });

  it('never quotes the body in its messages', () => {
    try {
      parseBatchJson('{"email":"jan@example.com",', strict);
    } catch (error) {
      expect((error as Error).message).not.toContain('jan@example.com');
    }
  });
});
