import { describe, expect, it } from 'vitest';
import type { Collector } from '../support/http.js';
import { apiGet, startApiCollector, TOKENS, type ApiAnswer } from '../support/api.js';

/**
 * The result cache's byte budget (api.cacheMaxBytes) on a real collector.
 * chDB opens one data folder per process, so the two collectors here run
 * one after the other.
 */
const APPS = [{ id: 'shop', keys: ['shop-key-0001'], origins: ['https://shop.example'] }];

describe('the byte budget', () => {
  const metric = async (target: Collector, name: string) =>
    Number(new RegExp(`^${name} (\\S+)$`, 'm').exec((await target.app.inject({ method: 'GET', url: '/metrics' })).body)?.[1]);
  const cached = async (target: Collector, url: string) => {
    const response = await apiGet(target, url, TOKENS.all);
    expect(response.statusCode, response.body).toBe(200);
    return (response.json() as ApiAnswer).meta.cached;
  };

  it('drops the least recently used results once their JSON outgrows api.cacheMaxBytes', async () => {
    // The size of one summary, as the cache counts it, from a cache with room to spare.
    const roomy = await startApiCollector({ apps: APPS });
    let one: number;
    try {
      await cached(roomy, 'vitals/summary?app=shop&from=2026-02-01&to=2026-02-01');
      one = await metric(roomy, 'percept_api_cache_bytes');
    } finally {
      await roomy.close();
    }
    expect(one).toBeGreaterThan(500);

    // Room for one summary and a half: the entry count (1 000) is never the bound here.
    const tight = await startApiCollector({
      apps: APPS,
      api: { cacheMaxBytes: Math.floor(one * 1.5) },
    });
    try {
      const day = (d: number) => `vitals/summary?app=shop&from=2026-02-0${d}&to=2026-02-0${d}`;
      expect(await cached(tight, day(1))).toBe(false);
      expect(await cached(tight, day(1))).toBe(true);
      expect(await metric(tight, 'percept_api_cache_bytes')).toBe(one);
      expect(await cached(tight, day(2))).toBe(false);
      expect(await metric(tight, 'percept_api_cache_entries')).toBe(1);
      expect(await metric(tight, 'percept_api_cache_bytes')).toBeLessThanOrEqual(Math.floor(one * 1.5));
      // Day 1 made room for day 2; day 2 is still held.
      expect(await cached(tight, day(2))).toBe(true);
      expect(await cached(tight, day(1))).toBe(false);
    } finally {
      await tight.close();
    }
  }, 120_000);
});
