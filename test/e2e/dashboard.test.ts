import { spawnSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Breakdown, VitalsSummary } from '../../dashboard/api-types.js';
import { count, METRICS, metricValue, share } from '../../dashboard/format.js';
import { apiGet, startApiCollector, TOKENS } from '../support/api.js';
import type { Collector } from '../support/http.js';
import { eventually, ROOT } from '../support/system-helpers.js';
import { chromiumAvailable, launchChromium } from '../support/e2e/chromium.js';
import { FROM, seedDashboard, TO } from './dashboard-seeds.js';

/**
 * The dashboard as a product owner uses it, in real Chromium against a real
 * collector whose API reads seeded rows in chDB: sign in, open every view,
 * filter, follow a link, and check that every number on screen is the API's
 * for the same filters. Each view passes axe-core with no serious or critical
 * violation and logs no console error (a CSP violation would be one).
 * Screenshots go to docs/dashboard/.
 */
const AXE = readFileSync(createRequire(import.meta.url).resolve('axe-core/axe.min.js'), 'utf8');
const SHOTS = join(ROOT, 'docs/dashboard');
const RANGE = `from=${FROM}&to=${TO}`;

let collector: Collector;
let base = '';
let browser: Browser | undefined;
const run = chromiumAvailable();

beforeAll(async () => {
  if (!run) return;
  if (!existsSync(join(ROOT, 'dist/dashboard/index.html'))) {
    const build = spawnSync('npx', ['rollup', '-c', 'rollup.config.mjs', '--silent'], { cwd: ROOT, encoding: 'utf8' });
    if (build.status !== 0) throw new Error(`Building the dashboard failed:\n${build.stderr}`);
  }
  collector = await startApiCollector();
  await seedDashboard(collector.app.db.writer);
  base = await collector.app.listen({ port: 0, host: '127.0.0.1' });
  browser = await launchChromium();
}, 120_000);

afterAll(async () => {
  await browser?.close();
  await collector?.close();
});

/** The API's data for a path and query, as the shop's reader. */
const api = async <D>(path: string, query: string, token: string = TOKENS.shop): Promise<D> => {
  const response = await apiGet(collector, `${path}?${query}`, token);
  expect(response.statusCode, response.body).toBe(200);
  return (response.json() as { data: D }).data;
};

/** A fresh tab (so a fresh sessionStorage) that records console errors and uncaught exceptions. */
const openTab = async (): Promise<{ page: Page; errors: string[] }> => {
  const page = await browser!.newPage({ viewport: { width: 1280, height: 900 } });
  const errors: string[] = [];
  page.on('console', (message) => {
    if (message.type() === 'error') errors.push(message.text());
  });
  page.on('pageerror', (error) => errors.push(error.message));
  return { page, errors };
};

const signIn = async (page: Page, token: string) => {
  await page.fill('#token', token);
  await page.click('form.sign-in button[type=submit]');
};

const ready = (page: Page, view: string) => page.waitForSelector(`main[data-ready="${view}"]`);

/** Every number marked for comparison in the view: data-k → text. */
const shown = (page: Page): Promise<Record<string, string>> =>
  page.$$eval('main [data-k]', (elements) => Object.fromEntries(elements.map((e) => [(e as HTMLElement).dataset.k!, e.textContent!.trim()])));

/** axe-core in the page; serious and critical violations fail with their rule and nodes. */
const accessible = async (page: Page) => {
  await page.evaluate(AXE);
  const violations = await page.evaluate(async () => {
    const result = await (window as unknown as { axe: { run: (context: Document) => Promise<{ violations: { id: string; impact: string; nodes: { target: string[] }[] }[] }> } }).axe.run(document);
    return result.violations.filter((v) => v.impact === 'serious' || v.impact === 'critical').map((v) => `${v.id}: ${v.nodes.map((n) => n.target.join(' ')).join(', ')}`);
  });
  expect(violations).toEqual([]);
};

const shot = (page: Page, name: string) => page.screenshot({ path: join(SHOTS, `${name}.png`), fullPage: true });

describe.runIf(run)('the dashboard in Chromium on seeded data', () => {
  it('refuses a wrong token in words and keeps nothing', async () => {
    const { page } = await openTab();
    await page.goto(`${base}/dashboard`);
    await signIn(page, 'not-a-real-token');
    const alert = await page.waitForSelector('form.sign-in [role=alert]:not([hidden])');
    expect(await alert.textContent()).toMatch(/refused/);
    expect(await page.evaluate(() => sessionStorage.length)).toBe(0);
    await accessible(page);
    await shot(page, 'sign-in');
    await page.close();
  });

  it('shows the API’s numbers on the overview and the routes table, filtered and unfiltered', async () => {
    const { page, errors } = await openTab();
    await page.goto(`${base}/dashboard/overview?app=shop&${RANGE}`);
    await signIn(page, TOKENS.shop);
    await ready(page, 'overview');

    const summary = await api<VitalsSummary>('vitals/summary', `app=shop&${RANGE}`);
    const overview = await shown(page);
    for (const m of summary.metrics) {
      expect(overview[`${m.metric}.p75`], m.metric).toBe(metricValue(m.metric, m.p75));
      expect(overview[`${m.metric}.samples`], m.metric).toBe(count(m.samples));
    }
    expect(overview['cwv.passShare']).toBe(share(summary.cwvPass.passShare));
    expect(overview['cwv.pageViews']).toBe(count(summary.cwvPass.pageViews));
    await accessible(page);
    await shot(page, 'overview');

    await page.click('nav >> text=Routes');
    await ready(page, 'routes');
    const expectRoutes = async (query: string, pct: 'p75' | 'p95' = 'p75') => {
      const table = await shown(page);
      for (const metric of METRICS) {
        const groups = (await api<Breakdown>('vitals/breakdown', `${query}&by=route&metric=${metric}`)).groups;
        expect(groups.length).toBeGreaterThan(0);
        for (const group of groups) {
          expect(table[`${group.key}.${metric}.${pct}`], `${group.key} ${metric}`).toBe(metricValue(metric, group[pct]));
          expect(table[`${group.key}.${metric}.samples`]).toBe(`${count(group.samples)} samples`);
        }
      }
    };
    await expectRoutes(`app=shop&${RANGE}`);
    expect(await page.locator('tr[data-route="/account"] .few').count()).toBeGreaterThan(0);
    await accessible(page);
    await shot(page, 'routes');

    await page.selectOption('select[name=device_class]', 'mobile');
    await page.selectOption('select[name=pct]', 'p95');
    await page.click('form.filters button[type=submit]');
    await page.waitForURL(/device_class=mobile/);
    await ready(page, 'routes');
    expect(new URL(page.url()).searchParams.get('pct')).toBe('p95');
    await expectRoutes(`app=shop&${RANGE}&device_class=mobile`, 'p95');

    await page.click('tr[data-route="/checkout"] th a');
    await page.waitForURL(/route=%2Fcheckout/);
    await ready(page, 'routes');
    const checkout = (await api<VitalsSummary>('vitals/summary', `app=shop&${RANGE}&device_class=mobile&route=/checkout`)).metrics.find((m) => m.metric === 'LCP')!;
    expect((await shown(page))['detail.LCP.p75']).toBe(metricValue('LCP', checkout.p75));
    await page.click('main details summary');
    await accessible(page);
    await shot(page, 'route-detail');
    expect(errors).toEqual([]);
    await page.close();
  });

  it('reproduces a view from its link in a new tab after sign-in', async () => {
    const { page, errors } = await openTab();
    const link = `${base}/dashboard/routes?app=shop&${RANGE}&device_class=desktop&pct=p95`;
    await page.goto(link);
    await signIn(page, TOKENS.shop);
    await ready(page, 'routes');
    expect(page.url()).toBe(link);
    expect(await page.inputValue('select[name=device_class]')).toBe('desktop');
    const groups = (await api<Breakdown>('vitals/breakdown', `app=shop&${RANGE}&device_class=desktop&by=route&metric=INP`)).groups;
    const table = await shown(page);
    for (const group of groups) expect(table[`${group.key}.INP.p95`]).toBe(metricValue('INP', group.p95));
    expect(errors).toEqual([]);
    await page.close();
  });

  it('never shows another app to a token scoped to one', async () => {
    const { page } = await openTab();
    await page.goto(`${base}/dashboard/overview?app=shop&${RANGE}`);
    await signIn(page, TOKENS.shop);
    await ready(page, 'overview');
    expect(await page.$$eval('#app-picker option', (options) => options.map((o) => (o as HTMLOptionElement).value))).toEqual(['shop']);
    expect((await apiGet(collector, `vitals/summary?app=blog&${RANGE}`, TOKENS.shop)).statusCode).toBe(403);

    await page.goto(`${base}/dashboard/overview?app=blog&${RANGE}`);
    await ready(page, 'overview');
    expect(await page.textContent('main [role=alert]')).toMatch(/may not read app "blog"/);
    expect(await shown(page)).toEqual({});
    await page.close();
  });

  it('measures itself: its page views and "open view" runs reach the percept-dashboard app', async () => {
    const { page } = await openTab();
    await page.goto(`${base}/dashboard/overview?app=shop&${RANGE}`);
    await signIn(page, TOKENS.shop);
    await ready(page, 'overview');
    await page.click('nav >> text=Usage');
    await ready(page, 'usage');
    // Leaving the page is a hide: the SDK sends what it holds.
    await page.goto(`${base}/api/v1/openapi.json`, { waitUntil: 'load' });
    const db = collector.app.db.writer;
    const runs = () =>
      db.query<{ outcome: string }>("SELECT outcome FROM workflow_runs WHERE app = 'percept-dashboard' AND workflow = 'open view' AND attrs['view'] = 'usage'");
    await eventually(async () => (await runs()).length > 0, 'the dashboard’s own "open view" run of the usage view in ClickHouse');
    expect((await runs()).map((row) => row.outcome)).toContain('ok');
    const views = await db.query<{ route: string }>("SELECT DISTINCT route FROM page_views WHERE app = 'percept-dashboard'");
    expect(views.map((row) => row.route)).toEqual(expect.arrayContaining(['/dashboard/overview', '/dashboard/usage']));
    await page.close();
  });
});
