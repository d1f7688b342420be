import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { readdir, readFile, rm } from 'node:fs/promises';
import { join } from 'node:path';
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { launchChromium } from '../support/e2e/chromium.js';
import { DATABASE, eventually, freshDir, metric, openStored, ROOT, startCli, type CliCollector } from '../support/system-helpers.js';

/**
 * The demo portal as a person uses it: the real CLI serves /demo with the
 * built SDK, real Chromium clicks through every route and workflow outcome,
 * types personal data into the forms and leaves; the rows are in ClickHouse
 * afterwards and what was typed is in none of them. The screenshot goes to
 * /tmp/demo.png.
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

/** Every file below `dir` (none when it is gone). */
const filesUnder = async (dir: string): Promise<string[]> => {
  const entries = await readdir(dir, { recursive: true, withFileTypes: true }).catch(() => []);
  return entries.filter((e) => e.isFile()).map((e) => join(e.parentPath, e.name));
};

/** Signs in to the dashboard in a fresh tab, opens `path` and waits until every text is on screen. */
const dashboardShows = async (base: string, token: string, path: string, view: string, texts: string[]): Promise<void> => {
  const page = await browser!.newPage({ viewport: { width: 1280, height: 900 } });
  try {
    await page.goto(`${base}/dashboard/${path}`);
    await page.fill('#token', token);
    await page.click('form.sign-in button[type=submit]');
    await page.waitForSelector(`main[data-ready="${view}"]`);
    const text = await page.textContent('main');
    for (const expected of texts) expect(text, `the dashboard's ${view} view`).toContain(expected);
  } finally {
    await page.close();
  }
};

const TYPED = { iban: 'NL91ABNA0417164300', email: 'anna.devries@example.nl', phone: '+31612345678', name: 'Jan Jansen' };

describe('the demo portal in Chromium', () => {
  it('stores what a person clicking around produces, and none of what they typed', { timeout: 120_000 }, async () => {
    const base = collector!.url;
    const page = await browser!.newPage({ viewport: { width: 1280, height: 800 } });
    await page.goto(`${base}/`);
    await page.waitForFunction(() => 'percept' in window && location.pathname === '/demo');
    const status = (prefix: string) => page.waitForFunction((p) => document.getElementById('status')?.textContent?.startsWith(p), prefix);

    await page.click('#slow');
    await page.click('#shift');
    await page.waitForSelector('.banner');
    await page.screenshot({ path: '/tmp/demo.png', fullPage: true });

    await page.click('header >> text=Members');
    await page.fill('#q', TYPED.email);
    await page.click('#search-form button');
    await status('Nobody found');
    await page.fill('#q', 'anna');
    await page.click('#search-form button');
    await status('1 member');
    await page.click('text=Anna de Vries');
    await page.waitForFunction(() => location.pathname === '/demo/members/101');
    await page.click('text=Back to the members');
    await page.click('#export');

    await page.click('header >> text=Join');
    await page.fill('#name', TYPED.name);
    await page.fill('#email', TYPED.email);
    await page.fill('#phone', TYPED.phone);
    await page.click('#next');
    await page.waitForSelector('#plan');
    await page.click('#next');
    await status('Sign-up: step 3');
    await page.click('#next');
    await status('Welcome to the club');

    await page.click('header >> text=Payments');
    await page.fill('#holder', TYPED.name);
    await page.fill('#iban', TYPED.iban);
    await page.click('#sign');
    await status('Tick the authorisation');
    await page.check('#agree');
    await page.click('#sign');
    await status('Mandate signed');
    // The export run times out 3 s after it started.
    await status('Exporting').catch(() => undefined);
    await page.waitForTimeout(3_200);
    await page.click('header >> text=Events');
    await page.click('#sort');
    // Back and forward through the portal's history, a reload, and a detour to another document and back.
    await page.goBack();
    await page.goForward();
    await page.reload();
    await page.waitForFunction(() => 'percept' in window);
    await page.goto(`${base}/metrics`);
    // A restore from the back/forward cache fires pageshow, not load.
    await page.goBack({ waitUntil: 'commit' });
    await page.waitForFunction(() => 'percept' in window && location.pathname === '/demo/events');
    // Starting a mandate and leaving the tab: the run is abandoned.
    await page.click('header >> text=Payments');
    await page.fill('#iban', TYPED.iban);
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

    // The analysis API answers from what was just stored, and so does the dashboard.
    const token = (await readFile(join(dataDir, 'demo-read-token'), 'utf8')).trim();
    const today = new Date().toISOString().slice(0, 10);
    const scope = `app=demo&from=${today}&to=${today}`;
    const api = async <T>(path: string): Promise<T> => {
      const answer = await fetch(`${base}/api/v1/${path}`, { headers: { authorization: `Bearer ${token}` } });
      expect(answer.status, `${path}: ${await answer.clone().text()}`).toBe(200);
      return ((await answer.json()) as { data: T }).data;
    };
    const usage = await api<{ topRoutes: { route: string; pageViews: number }[] }>(`usage?${scope}`);
    const summary = await api<{ metrics: { metric: string; samples: number }[] }>(`vitals/summary?${scope}`);
    const attribution = await api<{ top: unknown[] }>(`vitals/attribution?${scope}&metric=LCP&route=${encodeURIComponent('/demo')}`);
    const workflows = await api<{ workflows: { workflow: string; runs: number; duration: { p50: number }; perceived: { p50: number | null } }[] }>(
      `workflows/summary?${scope}`,
    );
    // Vitals belong to documents, so the routes view lists the routes that were loaded (the reload made /demo/events one);
    // the usage view lists every route visited, client-side ones included.
    await dashboardShows(base, token, `routes?${scope}`, 'routes', ['/demo', '/demo/events']);
    await dashboardShows(base, token, `usage?${scope}`, 'usage', ['/demo/members', '/demo/members/:id', '/demo/payments', '/demo/signup']);
    await dashboardShows(base, token, `workflows?${scope}`, 'workflows', ['sign-up', 'sepa-mandate', 'member-search', 'member-export']);

    const logs = collector!.output().toString('utf8');
    expect((await collector!.stop('SIGTERM')).code).toBe(0);
    collector = undefined;
    for (const [kind, value] of Object.entries(TYPED)) expect(logs.includes(value), `${kind} typed into the demo found in the collector's log`).toBe(false);
    for (const file of await filesUnder(join(dataDir, 'spool'))) {
      const text = (await readFile(file)).toString('latin1');
      for (const [kind, value] of Object.entries(TYPED)) expect(text.includes(value), `${kind} typed into the demo found in ${file}`).toBe(false);
    }

    const db = await openStored(dataDir);
    try {
      const runs = await db.reader.query<Run>(
        `SELECT workflow, outcome, step_count FROM ${DATABASE}.workflow_runs WHERE app = 'demo' ORDER BY workflow, outcome`,
      );
      expect(runs).toEqual(
        expect.arrayContaining([
          { workflow: 'member-export', outcome: 'timeout', step_count: 1 },
          { workflow: 'member-search', outcome: 'error', step_count: 0 },
          { workflow: 'member-search', outcome: 'ok', step_count: 0 },
          { workflow: 'sepa-mandate', outcome: 'abandoned', step_count: 1 },
          { workflow: 'sepa-mandate', outcome: 'error', step_count: 2 },
          { workflow: 'sepa-mandate', outcome: 'ok', step_count: 2 },
          { workflow: 'sign-up', outcome: 'ok', step_count: 3 },
        ]),
      );
      const steps = await db.reader.query<{ step: string }>(`SELECT step FROM ${DATABASE}.workflow_steps WHERE workflow = 'sign-up' ORDER BY start`);
      expect(steps.map((s) => s.step)).toEqual(['details', 'membership', 'confirm']);
      const routes = await db.reader.query<{ route: string }>(`SELECT DISTINCT route FROM ${DATABASE}.page_views WHERE app = 'demo' ORDER BY route`);
      expect(routes.map((r) => r.route)).toEqual(['/demo', '/demo/events', '/demo/members', '/demo/members/:id', '/demo/payments', '/demo/signup']);
      const metrics = await db.reader.query<{ metric: string }>(`SELECT DISTINCT metric FROM ${DATABASE}.vitals WHERE app = 'demo' ORDER BY metric`);
      const kinds = await db.reader.query<{ kind: string }>(`SELECT DISTINCT kind FROM ${DATABASE}.page_views WHERE app = 'demo' ORDER BY kind`);
      expect(kinds.map((k) => k.kind)).toEqual(['bfcache', 'load', 'route']);
      expect(metrics.map((m) => m.metric)).toEqual(expect.arrayContaining(['CLS', 'FCP', 'INP', 'LCP', 'TTFB']));
      const inp = await db.reader.query<{ value: number; rating: string }>(
        `SELECT value, rating FROM ${DATABASE}.vitals WHERE app = 'demo' AND metric = 'INP'`,
      );
      expect(
        inp.some((v) => v.value >= 400 && v.rating !== 'good'),
        JSON.stringify(inp),
      ).toBe(true);

      const perRoute = await db.reader.query<{ route: string; n: number }>(
        `SELECT route, count() AS n FROM ${DATABASE}.page_views WHERE app = 'demo' GROUP BY route ORDER BY route`,
      );
      expect(Object.fromEntries(usage.topRoutes.map((r) => [r.route, Number(r.pageViews)]))).toEqual(
        Object.fromEntries(perRoute.map((r) => [r.route, Number(r.n)])),
      );
      expect(
        summary.metrics
          .filter((m) => m.samples > 0)
          .map((m) => m.metric)
          .sort(),
      ).toEqual(['CLS', 'FCP', 'INP', 'LCP', 'TTFB']);
      expect(attribution.top.length).toBeGreaterThan(0);
      expect(workflows.workflows.map((w) => w.workflow).sort()).toEqual(['member-export', 'member-search', 'sepa-mandate', 'sign-up']);
      expect(workflows.workflows.find((w) => w.workflow === 'sign-up')?.perceived.p50).toBeGreaterThan(0);
      // Perceived time runs to the paint after end(), so it is never shorter than the run.
      const early = await db.reader.query<{ n: number }>(
        `SELECT count() AS n FROM ${DATABASE}.workflow_runs WHERE perceived IS NOT NULL AND perceived < duration`,
      );
      expect(Number(early[0]!.n)).toBe(0);
      const copies = await db.reader.query<{ table: string; extra: number }>(
        `SELECT 'page_views' AS table, count() - uniqExact(page_id) AS extra FROM ${DATABASE}.page_views
         UNION ALL SELECT 'vitals', count() - uniqExact(metric_id, value) FROM ${DATABASE}.vitals
         UNION ALL SELECT 'workflow_steps', count() - uniqExact(run_id, step_index, outcome) FROM ${DATABASE}.workflow_steps`,
      );
      expect(
        copies.filter((c) => Number(c.extra) !== 0),
        'rows stored twice',
      ).toEqual([]);

      const tables = await db.reader.query<{ name: string }>(`SELECT name FROM system.tables WHERE database = {db:String} AND engine LIKE '%MergeTree'`, {
        db: DATABASE,
      });
      for (const { name } of tables) {
        const text = JSON.stringify(await db.reader.query(`SELECT * FROM ${DATABASE}.${name}`));
        for (const [kind, value] of Object.entries(TYPED))
          expect(text.includes(value) || text.includes(encodeURIComponent(value)), `${kind} typed into the demo found in ${name}`).toBe(false);
        expect(text.includes('127.0.0.1'), `the client address in ${name}`).toBe(false);
      }
    } finally {
      await db.close();
    }
  });
});
