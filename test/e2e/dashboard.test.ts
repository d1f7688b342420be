import { spawnSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import { createRequire } from 'node:module';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Alerts, Breakdown, Compare, Series, Usage, VitalsSummary, WorkflowDetail, WorkflowsSummary } from '../../dashboard/api-types.js';
import { count, decimal, METRICS, metricDiff, metricValue, moment, ms, share } from '../../dashboard/format.js';
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
/** Takes the alert webhook's calls and answers 204, as a chat integration would. */
let webhook: Server | undefined;
let base = '';
let browser: Browser | undefined;
const run = chromiumAvailable();

beforeAll(async () => {
  if (!run) return;
  if (!existsSync(join(ROOT, 'dist/dashboard/index.html'))) {
    const build = spawnSync('npx', ['rollup', '-c', 'rollup.config.mjs', '--silent'], { cwd: ROOT, encoding: 'utf8' });
    if (build.status !== 0) throw new Error(`Building the dashboard failed:\n${build.stderr}`);
  }
  webhook = createServer((request, response) => request.resume().on('end', () => response.writeHead(204).end()));
  await new Promise<void>((resolve) => webhook!.listen(0, '127.0.0.1', resolve));
  collector = await startApiCollector({
    alerts: {
      webhook: { url: `http://127.0.0.1:${(webhook.address() as AddressInfo).port}/hook`, secret: 'dashboard-webhook-secret-01' },
      // The test evaluates the rules itself, at the end of the seeded week.
      evaluate: false,
      rules: [
        { id: 'inp-p75', app: 'shop', metric: 'INP', statistic: 'p75', threshold: 200, minSamples: 5, window: '1d', every: '1h' },
        { id: 'checkout-completion', app: 'shop', workflow: 'checkout', statistic: 'completionRate', threshold: 0.5, minSamples: 5, window: '1d', every: '1h' },
      ],
    },
  });
  await seedDashboard(collector.app.db.writer);
  await collector.app.alerts.tick(Date.parse(`${TO}T23:00:00Z`));
  await collector.app.alerts.settled();
  base = await collector.app.listen({ port: 0, host: '127.0.0.1' });
  browser = await launchChromium();
}, 120_000);

afterAll(async () => {
  await browser?.close();
  await collector?.close();
  await new Promise((resolve) => webhook?.close(resolve));
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
    const result = await (
      window as unknown as { axe: { run: (context: Document) => Promise<{ violations: { id: string; impact: string; nodes: { target: string[] }[] }[] }> } }
    ).axe.run(document);
    return result.violations
      .filter((v) => v.impact === 'serious' || v.impact === 'critical')
      .map((v) => `${v.id}: ${v.nodes.map((n) => n.target.join(' ')).join(', ')}`);
  });
  expect(violations).toEqual([]);
};

/** The lines of the view's series chart: each line's name, whether it is emphasised, its polylines' points and its dots. */
const chartLines = (page: Page) =>
  page.$$eval('main figure.chart svg g[data-line]', (groups) =>
    groups.map((g) => ({
      name: (g as SVGGElement).dataset.line!,
      emphasis: [...g.querySelectorAll('polyline')].every((p) => p.classList.contains('emphasis')),
      polylines: [...g.querySelectorAll('polyline')].map((p) => p.getAttribute('points')!),
      dots: [...g.querySelectorAll('circle')].map((c) => ({ x: Number(c.getAttribute('cx')), y: Number(c.getAttribute('cy')), title: c.textContent! })),
    })),
  );

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
    // The dark theme follows the system setting; its contrast is checked too.
    await page.emulateMedia({ colorScheme: 'dark' });
    await accessible(page);
    await shot(page, 'overview-dark');
    await page.emulateMedia({ colorScheme: 'light' });

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
    const checkout = (await api<VitalsSummary>('vitals/summary', `app=shop&${RANGE}&device_class=mobile&route=/checkout`)).metrics.find(
      (m) => m.metric === 'LCP',
    )!;
    // The headline is the percentile picked in the filters.
    expect((await shown(page))['detail.LCP.p95']).toBe(metricValue('LCP', checkout.p95));

    // The series chart draws p50, p75 and p95 of the API's points, the picked p95 heavier.
    const points = (await api<Series>('vitals/series', `app=shop&${RANGE}&device_class=mobile&route=/checkout&metric=LCP`)).points;
    expect(points.length).toBeGreaterThan(2);
    const lines = await chartLines(page);
    expect(lines.map((line) => [line.name, line.emphasis])).toEqual([
      ['p50', false],
      ['p75', false],
      ['p95', true],
    ]);
    const plotted: { value: number; y: number }[] = [];
    for (const line of lines) {
      const level = line.name as 'p50' | 'p75' | 'p95';
      expect(line.dots.map((dot) => dot.title)).toEqual(points.map((p) => `${moment(p.t, false)}: ${level} ${metricValue('LCP', p[level])}`));
      // One polyline through every dot, in time order.
      expect(line.polylines).toEqual([line.dots.map((dot) => `${dot.x.toFixed(1)},${dot.y.toFixed(1)}`).join(' ')]);
      expect(line.dots.map((dot) => dot.x)).toEqual(lines[0]!.dots.map((dot) => dot.x));
      line.dots.forEach((dot, i) => plotted.push({ value: points[i]![level], y: dot.y }));
    }
    // Every dot of every line sits at its value on one shared axis: y falls linearly as the value grows.
    const low = plotted.reduce((a, b) => (b.value < a.value ? b : a));
    const high = plotted.reduce((a, b) => (b.value > a.value ? b : a));
    const slope = (high.y - low.y) / (high.value - low.value);
    expect(slope).toBeLessThan(0);
    for (const dot of plotted) expect(Math.abs(low.y + slope * (dot.value - low.value) - dot.y)).toBeLessThan(0.5);
    const legend = await page.$$eval('main .series-legend li', (items) => items.map((item) => item.textContent!.trim()));
    expect(legend).toEqual([
      'p50 (median)',
      'p75 (Core Web Vitals)',
      'p95 (slowest 5%)',
      'Good up to 2.50 s',
      'Needs improvement up to 4.00 s',
      'Poor above 4.00 s',
    ]);
    await page.click('main details summary');
    await accessible(page);
    await shot(page, 'route-detail');
    // The percentile lines have their own colours in the dark theme; their contrast is checked too.
    await page.emulateMedia({ colorScheme: 'dark' });
    await accessible(page);
    await shot(page, 'route-detail-dark');
    await page.emulateMedia({ colorScheme: 'light' });
    expect(errors).toEqual([]);
    await page.close();
  });

  it('draws the overview’s panels while the release comparison is still on its way, then the verdicts', async () => {
    const { page, errors } = await openTab();
    const compareCall = (url: URL) => url.pathname === '/api/v1/releases/compare';
    // Every API call's start and end, in the order the page saw them.
    const calls: string[] = [];
    const name = (url: string) => new URL(url).pathname.replace('/api/v1/', '');
    page.on('request', (request) => request.url().includes('/api/v1/') && calls.push(`start ${name(request.url())}`));
    page.on('requestfinished', (request) => request.url().includes('/api/v1/') && calls.push(`end ${name(request.url())}`));
    let answerCompare: () => void = () => undefined;
    const compareHeld = new Promise<void>((resolve) => (answerCompare = resolve));
    await page.route(compareCall, async (route) => {
      await compareHeld;
      await route.continue();
    });
    await page.goto(`${base}/dashboard/overview?app=shop&${RANGE}`);
    await signIn(page, TOKENS.shop);
    await page.waitForSelector('main[data-first-view="overview"]');

    // The first view is drawn from its own answers while the comparison is held.
    const summary = await api<VitalsSummary>('vitals/summary', `app=shop&${RANGE}`);
    const early = await shown(page);
    for (const m of summary.metrics) expect(early[`${m.metric}.p75`], m.metric).toBe(metricValue(m.metric, m.p75));
    expect(early['cwv.passShare']).toBe(share(summary.cwvPass.passShare));
    expect(await page.locator('main ol.ranked').count()).toBe(2);
    expect(early['ingest.accepted']).toBeDefined();
    expect(await page.getAttribute('main', 'data-ready')).toBeNull();
    const loading = page.locator('section[aria-labelledby=release-title] [role=status]');
    expect(await loading.textContent()).toMatch(/Loading the release verdicts/);
    expect(await page.locator('section[aria-labelledby=release-title] [aria-busy=true]').count()).toBe(1);
    expect(Object.keys(early).filter((key) => key.startsWith('verdict.'))).toEqual([]);
    await accessible(page);
    await shot(page, 'overview-loading');

    // The comparison was asked for only after every call of the first view had its answer.
    const compareStart = calls.indexOf('start releases/compare');
    expect(compareStart).toBeGreaterThan(-1);
    for (const path of ['vitals/summary', 'vitals/breakdown', 'workflows/summary', 'ingest']) {
      expect(calls.indexOf(`end ${path}`), path).toBeGreaterThan(-1);
      expect(calls.indexOf(`end ${path}`), path).toBeLessThan(compareStart);
    }

    answerCompare();
    await ready(page, 'overview');
    const compare = await api<Compare>('releases/compare', `app=shop&${RANGE}&a=2.0.0`);
    const verdicts = await shown(page);
    for (const m of compare.metrics.filter((row) => row.scope === 'all')) expect(verdicts[`verdict.${m.metric}`], m.metric).toContain(m.verdict);
    expect(verdicts['verdict.LCP /checkout']).toContain('regressed');
    expect(await page.locator('section[aria-labelledby=release-title] [role=status]').count()).toBe(0);
    expect(errors).toEqual([]);
    await page.close();
  });

  it('says what to do when the release comparison fails, and tries again on request', async () => {
    const { page } = await openTab();
    let refuse = true;
    await page.route(
      (url) => url.pathname === '/api/v1/releases/compare',
      (route) =>
        refuse
          ? route.fulfill({
              status: 503,
              contentType: 'application/json',
              body: JSON.stringify({ error: { code: 'database_unavailable', message: 'The database did not answer: try again in a few seconds.' } }),
            })
          : route.continue(),
    );
    await page.goto(`${base}/dashboard/overview?app=shop&${RANGE}`);
    await signIn(page, TOKENS.shop);
    await ready(page, 'overview');
    const panel = page.locator('section[aria-labelledby=release-title]');
    expect(await panel.locator('[role=alert]').textContent()).toMatch(/did not answer: try again in a few seconds.*Try again.*open Releases/);
    await accessible(page);
    refuse = false;
    await panel.locator('button', { hasText: 'Try again' }).click();
    await panel.locator('[data-k="verdict.LCP /checkout"]').waitFor();
    expect(await panel.locator('[data-k="verdict.LCP /checkout"]').textContent()).toContain('regressed');
    expect(await panel.locator('[role=alert]').count()).toBe(0);
    await page.close();
  });

  it('shows the API’s numbers on the workflows, releases, usage and alerts views', async () => {
    const { page, errors } = await openTab();
    const query = `app=shop&${RANGE}`;
    await page.goto(`${base}/dashboard/workflows?${query}`);
    await signIn(page, TOKENS.shop);
    await ready(page, 'workflows');
    const summary = (await api<WorkflowsSummary>('workflows/summary', query)).workflows;
    expect(summary.length).toBeGreaterThan(0);
    let table = await shown(page);
    for (const w of summary) {
      expect(table[`${w.workflow}.runs`]).toBe(count(w.runs));
      for (const field of ['duration', 'perceived'] as const)
        for (const p of ['p50', 'p75', 'p95'] as const) expect(table[`${w.workflow}.${field}.${p}`]).toBe(ms(w[field][p]));
      for (const field of ['completion', 'error', 'abandonment', 'timeout'] as const) expect(table[`${w.workflow}.${field}`]).toBe(share(w[field]));
    }
    await accessible(page);
    await shot(page, 'workflows');

    await page.click('tr[data-workflow="checkout"] th a');
    await page.waitForURL(/workflow=checkout/);
    await ready(page, 'workflows');
    const detail = await api<WorkflowDetail>('workflows/checkout', query);
    table = await shown(page);
    expect(table['detail.runs']).toBe(count(detail.runs));
    expect(table['detail.perceived.p75']).toBe(ms(detail.perceived.p75));
    expect(table['detail.completion']).toBe(share(detail.completion));
    expect(detail.steps.length).toBe(3);
    for (const step of detail.steps) expect(table[`step.${step.step}.reached`]).toBe(count(step.reached));
    const byDevice = (await api<WorkflowDetail>('workflows/checkout', `${query}&by=device_class`)).breakdown!.groups;
    for (const group of byDevice) expect(table[`by.device_class.${group.key}`]).toBe(ms(group.perceived.p75));
    await accessible(page);
    await shot(page, 'workflow-detail');

    await page.click('nav >> text=Releases');
    await ready(page, 'releases');
    const compare = await api<Compare>('releases/compare', `${query}&a=2.0.0`);
    expect(compare.b).toBe('1.9.0');
    table = await shown(page);
    for (const m of compare.metrics) {
      expect(table[`${m.metric}.${m.scope}.diff`]).toBe(metricDiff(m.metric, m.diff));
      expect(table[`${m.metric}.${m.scope}.verdict`]).toContain(m.verdict);
    }
    expect(compare.metrics.find((m) => m.metric === 'LCP' && m.scope === '/checkout')?.verdict).toBe('regressed');
    for (const w of compare.workflows) expect(table[`workflow.${w.workflow}.diff`]).toBe(metricDiff('ms', w.diff));
    await accessible(page);
    await shot(page, 'releases');

    await page.click('nav >> text=Usage');
    await ready(page, 'usage');
    const usage = await api<Usage>('usage', query);
    table = await shown(page);
    expect(table.pageViews).toBe(count(usage.pageViews));
    expect(table.sessions).toBe(count(usage.sessions));
    expect(table.pagesPerSession).toBe(decimal(usage.pagesPerSession));
    expect(table.workflowsPerSession).toBe(decimal(usage.workflowsPerSession));
    for (const r of usage.topRoutes) expect(table[`top.${r.route}`]).toBe(count(r.pageViews));
    expect(usage.transitions.length).toBeGreaterThan(0);
    for (const t of usage.transitions) expect(table[`transition.${t.from}.${t.to}`]).toBe(count(t.count));
    for (const m of usage.mix.device_class) expect(table[`mix.device_class.${m.key}`]).toBe(share(m.share));
    await accessible(page);
    await shot(page, 'usage');

    await page.click('nav >> text=Alerts');
    await ready(page, 'alerts');
    const alerts = await api<Alerts>('alerts', query);
    expect(alerts.rules.map((rule) => rule.state)).toContain('alerting');
    table = await shown(page);
    for (const rule of alerts.rules) {
      expect(table[`rule.${rule.id}.state`]).toBe(rule.state === 'alerting' ? '● Alerting' : '○ OK');
      expect(table[`rule.${rule.id}.value`]).toBe(rule.display ?? '–');
    }
    await accessible(page);
    await shot(page, 'alerts');
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
