import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { StoredRows } from '../../collector/spool/types.js';
import { exampleBatch } from '../support/batches.js';
import type { Collector } from '../support/http.js';
import { apiGet, startApiCollector, TOKENS, type ApiAnswer } from '../support/api.js';

let collector: Collector;
beforeAll(async () => {
  collector = await startApiCollector({
    apps: [
      { id: 'shop', keys: ['shop-key-0001'], origins: ['https://shop.example'] },
      { id: 'blog', keys: ['blog-key-0001'], origins: ['https://blog.example'] },
    ],
  });
});
afterAll(async () => {
  await collector.close();
});

type Summary = ApiAnswer<{ metrics: { metric: string; samples: number }[] }>;
const summary = async (app: string): Promise<Summary> => {
  const response = await apiGet(collector, `vitals/summary?app=${app}`, TOKENS.all);
  expect(response.statusCode, response.body).toBe(200);
  return response.json() as Summary;
};
const lcpSamples = (answer: Summary) => answer.data.metrics.find((m) => m.metric === 'LCP')!.samples;

/** Posts a batch through /v1/batch and resolves once the flusher has stored it (and told the cache). */
const ingest = async (app: 'shop' | 'blog'): Promise<StoredRows[]> => {
  const flushed = new Promise<StoredRows[]>((resolve) => {
    collector.app.ingest.onStored((stored) => {
      if (stored.some((rows) => rows.app === app && rows.table === 'vitals')) resolve(stored);
    });
  });
  const response = await collector.app.inject({
    method: 'POST',
    url: '/v1/batch',
    headers: { 'content-type': 'application/json', origin: `https://${app}.example` },
    payload: JSON.stringify(exampleBatch({ app, key: `${app}-key-0001` })),
  });
  expect(response.statusCode).toBe(202);
  return flushed;
};

describe('the result cache', () => {
  it('answers a repeated call from the cache until the flusher stores rows for that app and day', async () => {
    const first = await summary('shop');
    expect(first.meta.cached).toBe(false);
    expect(lcpSamples(first)).toBe(0);
    expect((await summary('shop')).meta.cached).toBe(true);
    const blogBefore = await summary('blog');
    expect(blogBefore.meta.cached).toBe(false);

    await ingest('shop');
    const after = await summary('shop');
    expect(after.meta.cached).toBe(false);
    expect(lcpSamples(after)).toBe(1);
    // Rows of shop leave blog's entry alone.
    expect((await summary('blog')).meta.cached).toBe(true);
  });

  it('keeps entries whose days the stored rows cannot touch', async () => {
    const url = 'vitals/summary?app=shop&from=2026-01-01&to=2026-01-31';
    expect(((await apiGet(collector, url, TOKENS.all)).json() as Summary).meta.cached).toBe(false);
    await ingest('shop');
    expect(((await apiGet(collector, url, TOKENS.all)).json() as Summary).meta.cached).toBe(true);
  });

  it('shows its size and hit rate on /metrics', async () => {
    const text = (await collector.app.inject({ method: 'GET', url: '/metrics' })).body;
    const value = (name: string) => Number(new RegExp(`^${name} (\\S+)$`, 'm').exec(text)?.[1]);
    expect(value('percept_api_cache_entries')).toBeGreaterThan(0);
    expect(value('percept_api_cache_bytes')).toBeGreaterThan(0);
    expect(value('percept_api_cache_hits_total')).toBeGreaterThanOrEqual(3);
    expect(value('percept_api_cache_misses_total')).toBeGreaterThanOrEqual(4);
    const ratio = value('percept_api_cache_hit_ratio');
    expect(ratio).toBeCloseTo(value('percept_api_cache_hits_total') / (value('percept_api_cache_hits_total') + value('percept_api_cache_misses_total')), 6);
  });
});
