import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { rm } from 'node:fs/promises';
import { join } from 'node:path';
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { launchChromium } from '../support/e2e/chromium.js';
import { DATABASE, eventually, freshDir, metric, openStored, ROOT, startCli, type CliCollector } from '../support/system-helpers.js';

/**
 * The demo as a person uses it: the real CLI serves /demo with the built
 * SDK, real Chromium clicks through the workflows and leaves, and the rows
 * are in ClickHouse afterwards. The screenshot goes to /tmp/demo.png.
 */
let dataDir = '';
let collector: CliCollector | undefined;
let browser: Browser | undefined;

beforeAll(async () => {
  if (!existsSync(join(ROOT, 'dist/percept.js'))) {
    const build = spawnSync('npx', ['rollup', '-c', 'rollup.config.mjs', '--silent'], { cwd: ROOT, encoding: 'utf8' });
    if (build.status !== 0) throw new Error(`Building the SDK failed:\n${build.stderr}`);
  }
  dataDir = await freshDir('system-demo');
  collector = await startCli({ dataDir });
  browser = await launchChromium();
});

afterAll(async () => {
  await browser?.close();
  await collector?.stop('SIGKILL');
  if (dataDir) await rm(dataDir, { recursive: true, force: true });
});

interface Run {
  workflow: string;
  outcome: string;
  step_count: number;
}

describe('the demo page in Chromium', () => {
  it('stores what the workflow buttons produce', { timeout: 90_000 }, async () => {
    const base = collector!.url;
    const port = collector!.port;
    const page = await browser!.newPage({ viewport: { width: 1280, height: 800 } });
    await page.goto(`${base}/demo`);
    await page.waitForFunction(() => 'percept' in window);

    await page.click('#checkout');
    await page.waitForFunction(() => document.getElementById('status')?.textContent?.startsWith('Checkout done'));
    await page.click('#search');
    await page.waitForFunction(() => document.getElementById('status')?.textContent?.startsWith('Search failed'));
    await page.click('#slow');
    await page.click('#shift');
    await page.waitForSelector('.banner');
    await page.screenshot({ path: '/tmp/demo.png', fullPage: true });
    await page.click('#route');
    await page.waitForFunction(() => location.pathname === '/demo/orders/12345');
    await page.click('#flush');
    await page.goto('about:blank');
    await page.close();

    await eventually(
      async () =>
        (await metric(base, 'percept_events_total', 'outcome="stored"')) > 0 && (await metric(base, 'percept_http_requests_total', 'status="202"')) >= 2,
      'the demo batches to arrive',
    );
    await eventually(
      async () =>
        (await metric(base, 'percept_spool_bytes')) === 0 &&
        (await metric(base, 'percept_flush_rows_total', 'table="ingested_batches"')) >= (await metric(base, 'percept_spool_batches_total', 'result="stored"')),
      'the demo batches to reach ClickHouse',
    );
    expect((await collector!.stop('SIGTERM')).code).toBe(0);
    collector = undefined;

    const db = await openStored(dataDir);
    try {
      const runs = await db.reader.query<Run>(`SELECT workflow, outcome, step_count FROM ${DATABASE}.workflow_runs ORDER BY workflow`);
      expect(runs).toEqual([
        { workflow: 'checkout', outcome: 'ok', step_count: 3 },
        { workflow: 'search', outcome: 'error', step_count: 0 },
      ]);
      const steps = await db.reader.query<{ step: string }>(`SELECT step FROM ${DATABASE}.workflow_steps WHERE workflow = 'checkout' ORDER BY start`);
      expect(steps.map((s) => s.step)).toEqual(['address', 'payment', 'confirmation']);
      const views = await db.reader.query<{ url: string; route: string; kind: string }>(`SELECT url, route, kind FROM ${DATABASE}.page_views ORDER BY time`);
      // The scrubber replaces the host's address and the order number in the URL.
      const origin = `http://[ip]:${port}`;
      expect(views).toEqual([
        { url: `${origin}/demo`, route: '', kind: 'load' },
        { url: `${origin}/demo/orders/:id`, route: '/demo/orders/:id', kind: 'route' },
      ]);
      const metrics = await db.reader.query<{ metric: string }>(`SELECT DISTINCT metric FROM ${DATABASE}.vitals ORDER BY metric`);
      expect(metrics.map((m) => m.metric)).toEqual(expect.arrayContaining(['FCP', 'INP', 'LCP', 'TTFB']));
      const inp = await db.reader.query<{ value: number; rating: string }>(`SELECT value, rating FROM ${DATABASE}.vitals WHERE metric = 'INP'`);
      expect(
        inp.some((v) => v.value >= 400 && v.rating !== 'good'),
        JSON.stringify(inp),
      ).toBe(true);
    } finally {
      await db.close();
    }
  });
});
