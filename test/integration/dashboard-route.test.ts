import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DASHBOARD_CSP } from '../../collector/routes/dashboard.js';
import { startCollector, type Collector } from '../support/http.js';
import { ROOT } from '../support/system-helpers.js';

/**
 * /dashboard as the collector serves it: the page under a strict CSP with no
 * inline script or style, long-cached hashed assets, and the demo's read token
 * scoped to the built-in apps.
 */
let collector: Collector;

beforeAll(async () => {
  if (!existsSync(join(ROOT, 'dist/dashboard/index.html'))) {
    const build = spawnSync('npx', ['rollup', '-c', 'rollup.config.mjs', '--silent'], { cwd: ROOT, encoding: 'utf8' });
    if (build.status !== 0) throw new Error(`Building the dashboard failed:\n${build.stderr}`);
  }
  collector = await startCollector();
});
afterAll(async () => {
  await collector.close();
});

const get = (url: string, headers: Record<string, string> = {}) => collector.app.inject({ method: 'GET', url, headers });

describe('GET /dashboard', () => {
  it('serves the page for every view under a CSP without inline script or style, revalidated on each visit', async () => {
    for (const url of ['/dashboard', '/dashboard/routes', '/dashboard/workflows?app=shop&from=2026-11-01']) {
      const page = await get(url);
      expect(page.statusCode).toBe(200);
      expect(page.headers['content-security-policy']).toBe(DASHBOARD_CSP);
      expect(page.headers['cache-control']).toBe('no-cache');
      expect(page.body).not.toMatch(/<script(?![^>]*\ssrc=)[^>]*>/);
      expect(page.body).not.toMatch(/\sstyle=|<style/);
      expect(page.body).toContain('data-self-key="percept-dashboard-public-key"');
    }
    expect(DASHBOARD_CSP).not.toMatch(/unsafe-inline|unsafe-eval/);
  });

  it('serves the hashed assets the page names for a year, and 404 for any other name', async () => {
    const page = (await get('/dashboard')).body;
    const assets = [...page.matchAll(/(?:src|href)="(\/dashboard\/assets\/[^"]+)"/g)].map((m) => m[1]!);
    expect(assets).toHaveLength(2);
    for (const asset of assets) {
      const answer = await get(asset);
      expect(answer.statusCode).toBe(200);
      expect(answer.headers['cache-control']).toBe('public, max-age=31536000, immutable');
      expect(answer.headers['content-type']).toMatch(asset.endsWith('.js') ? /^text\/javascript/ : /^text\/css/);
    }
    expect((await get('/dashboard/assets/app-doesnotexist1.js')).statusCode).toBe(404);
    expect((await get('/dashboard/assets/..%2F..%2Fpackage.json')).statusCode).toBe(404);
  });

  it('gives the demo a read token for the built-in apps only', async () => {
    const token = collector.config.demoReadToken;
    expect(token).toMatch(/^demo-/);
    const apps = await get('/api/v1/apps', { authorization: `Bearer ${token}` });
    expect(apps.statusCode).toBe(200);
    expect((apps.json() as { data: { app: string }[] }).data.map((row) => row.app).sort()).toEqual(['demo', 'percept-dashboard']);
    const shop = await get('/api/v1/vitals/summary?app=shop', { authorization: `Bearer ${token}` });
    expect(shop.statusCode).toBe(403);
  });
});
