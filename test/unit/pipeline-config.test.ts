import { mkdtempSync, readFileSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadConfig } from '../../collector/config/load.js';
import { compileOrigins, originAllowed } from '../../collector/config/origins.js';
import { addressKey, TokenBuckets } from '../../collector/plugins/token-bucket.js';

const tempDir = () => mkdtempSync(join(tmpdir(), 'percept-config-'));
const quiet = () => undefined;
const KEY = 'v1:0123456789abcdef';

describe('loadConfig', () => {
  it('runs the demo app without a config file, with documented defaults', async () => {
    const dir = tempDir();
    const config = await loadConfig({ env: { PERCEPT_DATA_DIR: dir, PERCEPT_USER_KEY: KEY }, warn: quiet });
    expect(config).toMatchObject({ host: '127.0.0.1', port: 8080, dataDir: dir, spoolDir: join(dir, 'spool'), bodyLimit: 262_144, userKey: KEY });
    expect(config.database).toMatchObject({ database: 'percept', dataDir: dir });
    expect(config.apps.get('demo')?.keys).toEqual(['demo-public-key']);
  });

  it('layers file < environment < flags', async () => {
    const config = await loadConfig({
      file: { port: 1, host: '0.0.0.0', bodyLimit: 1000, apps: [{ id: 'shop', keys: ['shop-key-1'], origins: ['https://shop.example'] }] },
      env: {
        PORT: '2',
        PERCEPT_BODY_LIMIT: '2000',
        PERCEPT_DATA_DIR: tempDir(),
        PERCEPT_USER_KEY: KEY,
        CLICKHOUSE_URL: 'http://ch:8123',
        CLICKHOUSE_PASSWORD: 's3cret',
      },
      flags: { port: 3 },
      warn: quiet,
    });
    expect(config).toMatchObject({ port: 3, host: '0.0.0.0', bodyLimit: 2000 });
    expect(config.database).toMatchObject({ url: 'http://ch:8123', password: 's3cret' });
    expect([...config.apps.keys()]).toEqual(['shop']);
    expect(config.apps.get('shop')).toMatchObject({ sampleRate: 1, retentionDays: 90 });
  });

  it.each([
    [{ apps: [{ id: 'Shop', keys: ['shop-key-1'], origins: ['*'] }] }, /apps\[0\]\.id/],
    [
      {
        apps: [
          { id: 'a', keys: ['same-key-1'], origins: ['*'] },
          { id: 'b', keys: ['same-key-1'], origins: ['*'] },
        ],
      },
      /also a key of app "a"/,
    ],
    [{ apps: [{ id: 'a', keys: ['a-key-0001'], origins: ['shop.example'] }] }, /not a URL/],
    [{ apps: [{ id: 'a', keys: ['a-key-0001'], origins: ['https://shop.example/path'] }] }, /without path/],
    [{ prot: 1 }, /prot: unknown|Unrecognized key/],
  ])('explains a bad config %#', async (file, message) => {
    await expect(loadConfig({ file, env: { PERCEPT_DATA_DIR: tempDir(), PERCEPT_USER_KEY: KEY }, warn: quiet })).rejects.toThrow(message);
  });

  it('refuses a malformed number or user key in the environment', async () => {
    await expect(loadConfig({ env: { PORT: '80a', PERCEPT_USER_KEY: KEY }, warn: quiet })).rejects.toThrow(/PORT must be a whole number/);
    await expect(loadConfig({ env: { PERCEPT_DATA_DIR: tempDir(), PERCEPT_USER_KEY: 'secret' }, warn: quiet })).rejects.toThrow(/v1:/);
  });

  it('reads the trusted proxies and the country lookup from file and environment', async () => {
    const base = { PERCEPT_DATA_DIR: tempDir(), PERCEPT_USER_KEY: KEY };
    const defaults = await loadConfig({ env: base, warn: quiet });
    expect(defaults.trustProxy).toBe(false);
    expect(defaults.country).toEqual({ lookup: true });
    const fromEnv = await loadConfig({ env: { ...base, PERCEPT_TRUST_PROXY: '10.0.0.5, 10.1.0.0/16,::1', PERCEPT_COUNTRY: 'false' }, warn: quiet });
    expect(fromEnv.trustProxy).toEqual(['10.0.0.5', '10.1.0.0/16', '::1']);
    expect(fromEnv.country).toEqual({ lookup: false });
    expect((await loadConfig({ env: { ...base, PERCEPT_TRUST_PROXY: 'true' }, warn: quiet })).trustProxy).toBe(true);
    const fromFile = await loadConfig({
      file: { trustProxy: ['loopback'], country: { database: 'geo/country.mmdb' } },
      env: base,
      cwd: '/srv/percept',
      warn: quiet,
    });
    expect(fromFile.trustProxy).toEqual(['loopback']);
    expect(fromFile.country).toEqual({ lookup: true, database: '/srv/percept/geo/country.mmdb' });
  });

  it.each(['10.0.0.300', '10.0.0.0/33', 'proxy.internal', '10.0.0.1/8/2'])('refuses the trusted proxy %s, naming it', async (entry) => {
    await expect(loadConfig({ env: { PERCEPT_DATA_DIR: tempDir(), PERCEPT_USER_KEY: KEY, PERCEPT_TRUST_PROXY: entry }, warn: quiet })).rejects.toThrow(
      new RegExp(`"${entry.replace(/[./]/g, '\\$&')}" is not an IP address or CIDR range`),
    );
  });

  it('refuses a retention from the environment that rows cannot hold', async () => {
    for (const days of ['0', '70000']) {
      await expect(loadConfig({ env: { PERCEPT_DATA_DIR: tempDir(), PERCEPT_USER_KEY: KEY, PERCEPT_RETENTION_DAYS: days }, warn: quiet })).rejects.toThrow(
        /PERCEPT_RETENTION_DAYS\) must be 1–3650 days/,
      );
    }
  });

  it('gives each app its own retention and sample rate, or the top-level retention', async () => {
    const config = await loadConfig({
      file: {
        retentionDays: 60,
        apps: [
          { id: 'shop', keys: ['shop-key-1'], origins: ['*'], retentionDays: 7, sampleRate: 0.25 },
          { id: 'blog', keys: ['blog-key-1'], origins: ['*'] },
        ],
      },
      env: { PERCEPT_DATA_DIR: tempDir(), PERCEPT_USER_KEY: KEY },
      warn: quiet,
    });
    expect(config.apps.get('shop')).toMatchObject({ retentionDays: 7, sampleRate: 0.25 });
    expect(config.apps.get('blog')).toMatchObject({ retentionDays: 60, sampleRate: 1 });
    expect(config.database.retentionDays).toBe(60);
  });

  it('generates a user key once into the data dir, warns, and reuses it', async () => {
    const dir = tempDir();
    const warnings: string[] = [];
    const first = await loadConfig({ env: { PERCEPT_DATA_DIR: dir }, warn: (m) => warnings.push(m) });
    const second = await loadConfig({ env: { PERCEPT_DATA_DIR: dir }, warn: (m) => warnings.push(m) });
    expect(first.userKey).toMatch(/^v1:.{16,}$/);
    expect(second.userKey).toBe(first.userKey);
    expect(readFileSync(join(dir, 'user-key'), 'utf8').trim()).toBe(first.userKey);
    expect(statSync(join(dir, 'user-key')).mode & 0o777).toBe(0o600);
    expect(warnings.join('\n')).toMatch(/PERCEPT_USER_KEY is not set/);
  });
});

describe('origins', () => {
  const policy = compileOrigins(['https://shop.example', 'http://localhost:*', 'self'], 'test');

  it.each([
    ['https://shop.example', true],
    ['https://shop.example:443', false],
    ['http://shop.example', false],
    ['https://evil.example', false],
    ['https://shop.example.evil.example', false],
    ['http://localhost:5173', true],
    ['http://localhost', true],
    ['https://localhost:5173', false],
    ['http://collector.test:8080', true],
    ['null', false],
    [undefined, true],
  ])('%s → %s', (origin, allowed) => {
    expect(originAllowed(policy, origin, 'collector.test:8080')).toBe(allowed);
  });

  it('lets every origin through only with "*"', () => {
    expect(originAllowed(compileOrigins(['*'], 'test'), 'https://any.example', undefined)).toBe(true);
    expect(originAllowed(compileOrigins(['https://a.example'], 'test'), 'null', undefined)).toBe(false);
  });
});

describe('TokenBuckets', () => {
  it('allows a burst of perMinute, then says when the next token comes', () => {
    let now = 0;
    const buckets = new TokenBuckets(3, 100, () => now);
    expect([1, 2, 3].map(() => buckets.take('a').ok)).toEqual([true, true, true]);
    expect(buckets.take('a')).toEqual({ ok: false, retryAfterSeconds: 20 });
    expect(buckets.take('b').ok).toBe(true);
    now += 20_000;
    expect(buckets.take('a').ok).toBe(true);
    expect(buckets.take('a').ok).toBe(false);
  });

  it('forgets the oldest key when full', () => {
    const buckets = new TokenBuckets(1, 2, () => 0);
    buckets.take('a');
    buckets.take('b');
    buckets.take('c');
    expect(buckets.take('a').ok).toBe(true);
  });

  it('groups IPv6 addresses by /64 and leaves IPv4 alone', () => {
    expect(addressKey('2001:db8:1:2:aaaa::1')).toBe('2001:db8:1:2::/64');
    expect(addressKey('2001:db8:1:2:bbbb:cccc:dddd:eeee')).toBe('2001:db8:1:2::/64');
    expect(addressKey('::1')).toBe('0:0:0:0::/64');
    expect(addressKey('203.0.113.9')).toBe('203.0.113.9');
    expect(addressKey('::ffff:203.0.113.9')).toBe('::ffff:203.0.113.9');
  });
});
