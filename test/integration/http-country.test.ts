import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { buildApp } from '../../collector/app.js';
import { loadConfig } from '../../collector/config/load.js';
import { exampleBatch } from '../support/batches.js';
import { startCollector, type Collector } from '../support/http.js';
import { eventually } from '../support/system-helpers.js';

/**
 * Country at intake, through the real route, spool and chDB: the address
 * gives the country and is then gone; X-Forwarded-For counts only from a
 * configured trusted proxy; the lookup can be turned off.
 */
/** Runs `use` against a fresh collector and closes it: chDB opens one data folder per process. */
const withCollector = async (file: Record<string, unknown>, use: (collector: Collector) => Promise<void>): Promise<void> => {
  const collector = await startCollector(file);
  try {
    await use(collector);
  } finally {
    await collector.close();
  }
};

const IPHONE = 'Mozilla/5.0 (iPhone; CPU iPhone OS 17_1 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/17.1 Mobile/15E148 Safari/604.1';

/** Posts one batch from `remoteAddress` and returns the stored page view's country, device model and every stored value. */
const storedFrom = async (collector: Collector, remoteAddress: string, headers: Record<string, string> = {}) => {
  const batch = exampleBatch();
  const response = await collector.app.inject({
    method: 'POST',
    url: '/v1/batch',
    remoteAddress,
    headers: { 'content-type': 'application/json', 'user-agent': IPHONE, ...headers },
    payload: JSON.stringify(batch),
  });
  expect(response.statusCode).toBe(202);
  const query = () =>
    collector.app.db.reader.query<{ country: string; device_model: string }>(
      `SELECT * FROM ${collector.config.database.database}.page_views WHERE batch_id = {id:UUID}`,
      {
        id: batch.batch_id,
      },
    );
  await eventually(async () => (await query()).length === 1, 'the page view to reach ClickHouse');
  const [row] = await query();
  return { country: row!.country, deviceModel: row!.device_model, text: JSON.stringify(row) };
};

describe('country at intake', () => {
  it('stores the country of the socket address and never the address', async () => {
    await withCollector({}, async (collector) => {
      const stored = await storedFrom(collector, '193.0.6.139');
      expect(stored.country).toBe('NL');
      expect(stored.deviceModel).toBe('iPhone');
      expect(stored.text).not.toContain('193.0.6');
    });
  });

  it('ignores X-Forwarded-For unless the hop it came from is a trusted proxy', async () => {
    await withCollector({}, async (direct) => {
      expect((await storedFrom(direct, '127.0.0.1', { 'x-forwarded-for': '193.0.6.139' })).country).toBe('');
      expect((await storedFrom(direct, '200.160.2.3', { 'x-forwarded-for': '193.0.6.139' })).country).toBe('BR');
    });
    await withCollector({ trustProxy: ['127.0.0.1'] }, async (proxied) => {
      const viaProxy = await storedFrom(proxied, '127.0.0.1', { 'x-forwarded-for': '193.0.6.139' });
      expect(viaProxy.country).toBe('NL');
      expect(viaProxy.text).not.toContain('193.0.6');
      // A spoofed left-most entry does not win: the hop the trusted proxy saw does.
      expect((await storedFrom(proxied, '127.0.0.1', { 'x-forwarded-for': '200.160.2.3, 193.0.6.139' })).country).toBe('NL');
      // From an untrusted hop the header is ignored.
      expect((await storedFrom(proxied, '81.2.69.142', { 'x-forwarded-for': '193.0.6.139' })).country).toBe('GB');
    });
  });

  it('stores "" when the lookup is turned off', async () => {
    await withCollector({ country: { lookup: false } }, async (off) => {
      expect((await storedFrom(off, '193.0.6.139')).country).toBe('');
    });
  });

  it('refuses to start with a database it cannot read, naming the file', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'percept-country-'));
    try {
      const config = await loadConfig({
        file: { demo: true, logLevel: 'silent', country: { database: '/nonexistent/country.mmdb' } },
        env: { PERCEPT_DATA_DIR: dir, PERCEPT_USER_KEY: 'v1:http-test-key-0123456789' },
        warn: () => undefined,
      });
      await expect(buildApp(config)).rejects.toThrow(/\/nonexistent\/country\.mmdb/);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
