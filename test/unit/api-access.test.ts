import { describe, expect, it } from 'vitest';
import { ResultCache } from '../../collector/api/cache.js';
import { toCsv } from '../../collector/api/csv.js';
import { limitedDatabase, QueryGate } from '../../collector/api/limits.js';
import { DEFAULTS } from '../../collector/config/defaults.js';
import { createClient } from '@clickhouse/client';
import { wrapClient } from '../../collector/db/client.js';
import { hashToken, mayRead, parseReadTokensEnv, readerDirectory, scopeKey, toReaderConfig } from '../../collector/api/tokens.js';
import { loadConfig } from '../../collector/config/load.js';
import { PerceptError } from '../../collector/errors.js';

const load = (file: Record<string, unknown>, env: Record<string, string> = {}) =>
  loadConfig({ file, env: { PERCEPT_DATA_DIR: '/tmp/percept-unused', PERCEPT_USER_KEY: 'v1:unit-test-key-0123456789', ...env }, warn: () => undefined });

describe('read tokens', () => {
  it('come from the config file and PERCEPT_READ_TOKENS, kept only as hashes', async () => {
    const config = await load(
      {
        readers: [
          { name: 'analyst', token: 'file-token-0123456789', apps: ['*'] },
          { name: 'ci', tokenSha256: hashToken('hashed-token-012345').toString('hex'), apps: ['shop', 'blog', 'shop'] },
        ],
      },
      { PERCEPT_READ_TOKENS: 'ops:env-token-0123456789:shop, blog;all:other-token-0123456:*' },
    );
    expect(config.readers.map((r) => [r.name, r.apps])).toEqual([
      ['analyst', '*'],
      ['ci', ['blog', 'shop']],
      ['ops', ['blog', 'shop']],
      ['all', '*'],
    ]);
    expect(JSON.stringify(config)).not.toMatch(/file-token|env-token|other-token/);
    const readers = readerDirectory(config.readers);
    expect(readers.verify('hashed-token-012345')).toEqual({ name: 'ci', apps: ['blog', 'shop'] });
    expect(readers.verify('env-token-0123456789')?.name).toBe('ops');
    expect(readers.verify('env-token-012345678')).toBeUndefined();
    expect(readers.verify('')).toBeUndefined();
  });

  it('refuse a malformed environment entry without echoing its token', () => {
    expect(() => parseReadTokensEnv('ops:secret-token-value')).toThrow(/entry 1 must be name:token:app1,app2/);
    expect(() => parseReadTokensEnv('ops:short-secret:shop')).toThrow(/entry 1 is invalid \(token: at least 16 characters/);
    expect(() => parseReadTokensEnv('ops:long-enough-secret-1:Shop')).toThrow(/entry 1 is invalid \(apps\.0: /);
    try {
      parseReadTokensEnv('ok:a:b;broken-secret-value');
    } catch (error) {
      expect((error as Error).message).not.toContain('broken-secret-value');
    }
  });

  it('refuse duplicate names, a token equal to an ingest key, both or neither of token and hash', async () => {
    await expect(
      load({
        readers: [
          { name: 'a', token: 'token-a-0123456789', apps: ['*'] },
          { name: 'a', token: 'token-b-0123456789', apps: ['*'] },
        ],
      }),
    ).rejects.toThrow(/configured twice/);
    await expect(
      load({ apps: [{ id: 'shop', keys: ['shop-public-key-1'], origins: ['*'] }], readers: [{ name: 'a', token: 'shop-public-key-1', apps: ['*'] }] }),
    ).rejects.toThrow(/also an ingest key/);
    await expect(load({ readers: [{ name: 'a', apps: ['*'] }] })).rejects.toThrow(/exactly one of "token" and "tokenSha256"/);
    await expect(load({ readers: [{ name: 'a', token: 'short', apps: ['*'] }] })).rejects.toThrow(/at least 16 characters/);
  });

  it('scope apps, and make scopes part of cache keys', () => {
    const shop = toReaderConfig({ name: 's', token: 'x'.repeat(16), apps: ['shop'] });
    expect(mayRead(shop, 'shop')).toBe(true);
    expect(mayRead(shop, 'blog')).toBe(false);
    expect(mayRead({ name: 'all', apps: '*' }, 'anything')).toBe(true);
    expect(scopeKey(shop)).toBe('shop');
    expect(scopeKey({ name: 'all', apps: '*' })).toBe('*');
  });
});

describe('ResultCache', () => {
  const scope = { app: 'shop', from: '2026-11-01', to: '2026-11-07', reads: ['vitals'] };

  it('forgets entries after their TTL', () => {
    let now = 0;
    const cache = new ResultCache<number>({ maxEntries: 10, maxBytes: 1_000_000, ttlMs: 1000, clock: () => now });
    cache.set('k', scope, 1, cache.generation(scope));
    now = 999;
    expect(cache.get('k')).toBe(1);
    now = 1000;
    expect(cache.get('k')).toBeUndefined();
    expect([cache.hits, cache.misses, cache.size]).toEqual([1, 1, 0]);
  });

  it('drops the least recently used entry first', () => {
    const cache = new ResultCache<number>({ maxEntries: 2, maxBytes: 1_000_000, ttlMs: 1000 });
    for (const key of ['a', 'b']) cache.set(key, scope, 1, cache.generation(scope));
    cache.get('a');
    cache.set('c', scope, 1, cache.generation(scope));
    expect([cache.get('a'), cache.get('b'), cache.get('c')]).toEqual([1, undefined, 1]);
  });

  it('keeps the entries within the byte budget, least recently used out first', () => {
    // Sizes are the JSON length: 'x'.repeat(n) weighs n + 2 bytes.
    const cache = new ResultCache<string>({ maxEntries: 100, maxBytes: 250, ttlMs: 60_000 });
    const put = (key: string, bytes: number) => cache.set(key, scope, 'x'.repeat(bytes - 2), cache.generation(scope));
    put('a', 100);
    put('b', 100);
    expect(cache.bytes).toBe(200);
    cache.get('a');
    put('c', 100);
    expect([cache.get('a') !== undefined, cache.get('b') !== undefined, cache.get('c') !== undefined]).toEqual([true, false, true]);
    expect(cache.bytes).toBe(200);
    // Replacing an entry counts its new size only; one over the whole budget is not kept and evicts nothing.
    put('a', 50);
    expect(cache.bytes).toBe(150);
    put('huge', 251);
    expect([cache.get('huge'), cache.size, cache.bytes]).toEqual([undefined, 2, 150]);
    cache.invalidate([
      { app: 'shop', table: 'vitals', firstReceivedAt: Date.parse('2026-11-03T00:00:00Z'), lastReceivedAt: Date.parse('2026-11-03T00:00:00Z') },
    ]);
    expect([cache.size, cache.bytes]).toEqual([0, 0]);
  });

  it('counts UTF-8 bytes, not characters', () => {
    const cache = new ResultCache<string>({ maxEntries: 100, maxBytes: 1000, ttlMs: 60_000 });
    cache.set('k', scope, 'é€', cache.generation(scope));
    expect(cache.bytes).toBe(2 + 2 + 3);
  });

  it('invalidates by app, table and the days a batch can touch (48 h before its receipt)', () => {
    const cache = new ResultCache<number>({ maxEntries: 10, maxBytes: 1_000_000, ttlMs: 60_000 });
    const put = (key: string, s: typeof scope) => cache.set(key, s, 1, cache.generation(s));
    put('shop-week', scope);
    put('shop-old', { ...scope, from: '2026-10-01', to: '2026-10-07' });
    put('shop-pages', { ...scope, reads: ['page_views'] });
    put('blog-week', { ...scope, app: 'blog' });
    put('counters', { ...scope, reads: ['ingest_counters'] });
    const at = Date.parse('2026-11-09T00:30:00Z');
    cache.invalidate([{ app: 'shop', table: 'vitals', firstReceivedAt: at, lastReceivedAt: at }]);
    expect(['shop-week', 'shop-old', 'shop-pages', 'blog-week', 'counters'].map((key) => cache.get(key) !== undefined)).toEqual([
      false,
      true,
      true,
      true,
      true,
    ]);
    // Counter records carry every app's rows: app '' reaches every app's entries.
    cache.invalidate([{ app: '', table: 'ingest_counters', firstReceivedAt: at, lastReceivedAt: at }]);
    expect(cache.get('counters')).toBeUndefined();
  });

  it('does not store a result computed while rows for its app were being stored', () => {
    const cache = new ResultCache<number>({ maxEntries: 10, maxBytes: 1_000_000, ttlMs: 60_000 });
    const before = cache.generation(scope);
    cache.invalidate([{ app: 'shop', table: 'vitals', firstReceivedAt: 0, lastReceivedAt: 0 }]);
    cache.set('k', scope, 1, before);
    expect(cache.get('k')).toBeUndefined();
    // Rows of another app, or of a table the result does not read (audit rows of every app), do not.
    const blogBefore = cache.generation({ ...scope, app: 'blog' });
    cache.invalidate([{ app: 'shop', table: 'vitals', firstReceivedAt: 0, lastReceivedAt: 0 }]);
    cache.invalidate([{ app: '', table: 'audit_log', firstReceivedAt: 0, lastReceivedAt: 0 }]);
    cache.set('b', { ...scope, app: 'blog' }, 1, blogBefore);
    expect(cache.get('b')).toBe(1);
  });
});

describe('QueryGate', () => {
  it('lets `max` queries in and refuses the next with too_busy and a retry delay', () => {
    const gate = new QueryGate(2);
    const first = gate.enter();
    gate.enter();
    expect(() => gate.enter()).toThrow(PerceptError);
    try {
      gate.enter();
    } catch (error) {
      expect(error).toMatchObject({ code: 'too_busy', statusCode: 429, retryAfterSeconds: 1 });
    }
    first();
    first();
    expect(gate.inFlight).toBe(1);
    expect(() => gate.enter()).not.toThrow();
  });
});

describe('toCsv', () => {
  it('writes a header, quotes what needs it, and defuses formula cells', () => {
    expect(
      toCsv([
        { a: 1, b: 'x,y' },
        { a: null, c: '=HYPERLINK("x")', b: 'say "hi"' },
        { a: -1, b: { n: 1 } },
      ]),
    ).toBe('a,b,c\r\n1,"x,y",\r\n,"say ""hi""","\'=HYPERLINK(""x"")"\r\n-1,"{""n"":1}",\r\n');
  });
});

describe('limitedDatabase', () => {
  it('turns an unreachable ClickHouse server into database_unavailable with a retry delay', async () => {
    // Port 1 on loopback: nothing listens, so the connection is refused for real.
    const reader = wrapClient(createClient({ url: 'http://127.0.0.1:1' }), { kind: 'server' });
    try {
      await expect(limitedDatabase(reader, DEFAULTS.api).query('SELECT 1')).rejects.toMatchObject({
        code: 'database_unavailable',
        statusCode: 503,
        retryAfterSeconds: 5,
      });
    } finally {
      await reader.close();
    }
  });
});
