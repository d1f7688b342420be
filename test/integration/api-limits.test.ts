import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { limitedDatabase } from '../../collector/api/limits.js';
import { DEFAULTS } from '../../collector/config/defaults.js';
import { PerceptError } from '../../collector/errors.js';
import type { Collector } from '../support/http.js';
import { apiGet, startApiCollector, TOKENS } from '../support/api.js';
import { DAY, insertRows, vitalRow } from '../support/api-seeds.js';

let collector: Collector;
beforeAll(async () => {
  collector = await startApiCollector({ api: { maxConcurrent: 1, maxResultRows: 2 } });
  await insertRows(
    collector.app.db.writer,
    'vitals',
    ['/a', '/b', '/c'].map((route, i) => vitalRow({ app: 'shop', metric: 'LCP', value: 1000, metricId: `limit-${i}`, route })),
  );
});
afterAll(async () => {
  await collector.close();
});

describe('query limits', () => {
  it('answers 429 with Retry-After when every query slot is taken', async () => {
    const answers = await Promise.all(
      ['LCP', 'INP', 'CLS', 'FCP', 'TTFB'].map((metric) => apiGet(collector, `vitals/series?app=shop&metric=${metric}&from=${DAY}&to=${DAY}`, TOKENS.all)),
    );
    const busy = answers.filter((answer) => answer.statusCode === 429);
    expect(answers.some((answer) => answer.statusCode === 200)).toBe(true);
    expect(busy.length).toBeGreaterThan(0);
    expect(busy[0]!.headers['retry-after']).toBe('1');
    expect((busy[0]!.json() as { error: { code: string } }).error.code).toBe('too_busy');
  });

  it('answers 422 query_limit when an answer has more rows than allowed', async () => {
    const response = await apiGet(collector, `vitals/breakdown?app=shop&by=route&from=${DAY}&to=${DAY}`, TOKENS.all);
    expect(response.statusCode).toBe(422);
    expect((response.json() as { error: { code: string; message: string } }).error).toMatchObject({
      code: 'query_limit',
      message: expect.stringMatching(/more than 2 rows/),
    });
  });

  it('stops a query at the time limit', async () => {
    const db = limitedDatabase(collector.app.db.reader, { ...DEFAULTS.api, queryTimeoutMs: 1000 });
    // Four blocks of a second each: the time limit is checked between blocks.
    const slow = db.query('SELECT sum(s) FROM (SELECT sleepEachRow(0.25) AS s FROM numbers(16) SETTINGS max_block_size = 4)');
    await expect(slow).rejects.toBeInstanceOf(PerceptError);
    await expect(slow).rejects.toMatchObject({ code: 'query_limit' });
  });

  it('runs nothing but SELECTs', async () => {
    const db = limitedDatabase(collector.app.db.reader, DEFAULTS.api);
    await expect(db.command('DROP TABLE vitals')).rejects.toThrow(/SELECTs only/);
    await expect(db.insertNdjson('vitals', '{}\n', 'token-1')).rejects.toThrow(/SELECTs only/);
  });
});
