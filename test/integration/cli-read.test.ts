import { spawn } from 'node:child_process';
import { rm } from 'node:fs/promises';
import { createServer } from 'node:net';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildApp } from '../../collector/app.js';
import { runCompare } from '../../collector/cli/compare.js';
import { runQuery } from '../../collector/cli/query.js';
import { runReport } from '../../collector/cli/report.js';
import { openSource, type ReadSource } from '../../collector/cli/source.js';
import { loadConfig } from '../../collector/config/load.js';
import type { Config } from '../../collector/config/types.js';
import { DatabaseError } from '../../collector/db/database-error.js';
import { APPS } from '../support/http.js';
import { DAY, insertRows, pageViewRow, vitalRow, type VitalSeed } from '../support/api-seeds.js';
import { insertRuns } from '../support/stats-seeds.js';
import { childEnv, freshDir, ROOT } from '../support/system-helpers.js';

/**
 * The read commands. This process is the running collector on folder A
 * (seeded), listening on 127.0.0.1; `percept` children on A find the folder
 * locked and ask its API. Children on folder B, which no process holds, open
 * it themselves. The formats are checked in-process on A's data.
 */
const TOKEN = 'cli-reader-token-000000001';
/** A reader of every app: the only kind the collector runs SQL for. */
const ALL_TOKEN = 'cli-all-apps-token-0000001';
const NOW = Date.parse(`${DAY}T18:00:00Z`);
const CLI = join(ROOT, 'collector/bin/percept.js');

let dirA: string;
let dirB: string;
let port: number;
let app: FastifyInstance;
let config: Config;
let source: ReadSource;

const random = (seed: number) => () => {
  seed = (seed + 0x6d2b79f5) | 0;
  let t = Math.imul(seed ^ (seed >>> 15), 1 | seed);
  t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
  return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
};
const next = random(7);
/** A log-normal LCP around 2 s. */
const lcp = (scale: number) => Math.round(2000 * Math.exp(0.5 * Math.sqrt(-2 * Math.log(1 - next())) * Math.cos(2 * Math.PI * next())) * scale);
let id = 0;
const samples = (release: string, n: number, scale: number): VitalSeed[] =>
  Array.from({ length: n }, () => ({ app: 'shop', metric: 'LCP' as const, value: lcp(scale), metricId: `m-${(id += 1)}`, route: '/checkout', release }));

const freePort = (): Promise<number> =>
  new Promise((resolve) => {
    const server = createServer().listen(0, '127.0.0.1', () => {
      const { port: free } = server.address() as AddressInfo;
      server.close(() => resolve(free));
    });
  });

interface Run {
  code: number | null;
  stdout: string;
  stderr: string;
}

/** `percept <args>` as a child process, with `stdin` piped in when given. */
const percept = (args: string[], env: Record<string, string> = {}, stdin?: string): Promise<Run> =>
  new Promise((resolve) => {
    const child = spawn(process.execPath, [CLI, ...args], { cwd: ROOT, env: childEnv({ PORT: String(port), ...env }), stdio: ['pipe', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString('utf8')));
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString('utf8')));
    child.on('exit', (code) => resolve({ code, stdout, stderr }));
    child.stdin.end(stdin ?? '');
  });

beforeAll(async () => {
  [dirA, dirB] = await Promise.all([freshDir('cli-a'), freshDir('cli-b')]);
  port = await freePort();
  config = await loadConfig({
    file: {
      apps: APPS,
      readers: [
        { name: 'ci', token: TOKEN, apps: ['shop'] },
        { name: 'analyst', token: ALL_TOKEN, apps: ['*'] },
      ],
      logLevel: 'silent',
      port,
      host: '127.0.0.1',
    },
    env: { PERCEPT_DATA_DIR: dirA, PERCEPT_USER_KEY: 'v1:cli-test-key-0123456789' },
    warn: () => undefined,
  });
  app = await buildApp(config);
  await app.listen({ port, host: '127.0.0.1' });
  // 4.1 → 4.2: /checkout LCP 1.6× slower. 4.2 → 4.3: the same distribution. Page views order the releases.
  await insertRows(app.db.writer, 'vitals', [...samples('4.1', 200, 1), ...samples('4.2', 200, 1.6), ...samples('4.3', 200, 1.6)].map(vitalRow));
  await insertRows(app.db.writer, 'page_views', [
    pageViewRow({ app: 'shop', pageId: 'pv-41', release: '4.1', at: -7_200_000 }),
    pageViewRow({ app: 'shop', pageId: 'pv-42', release: '4.2', at: -3_600_000 }),
    pageViewRow({ app: 'shop', pageId: 'pv-43', release: '4.3', at: 0 }),
  ]);
  await insertRuns(
    app.db.writer,
    Array.from({ length: 40 }, (_, i) => ({
      app: 'shop',
      workflow: 'sepa-mandate',
      runId: `run-${i}`,
      release: '4.2',
      outcome: i < 30 ? 'ok' : 'error',
      duration: 1000 + i,
      perceived: 1100 + i,
    })),
  );
  source = await openSource(config, { needsSql: true, say: () => undefined });
}, 240_000);
afterAll(async () => {
  await source?.close();
  await app?.close();
  await Promise.all([rm(dirA, { recursive: true, force: true }), rm(dirB, { recursive: true, force: true })]);
});

describe('percept report', () => {
  it('prints the summary, the slowest routes and the workflows in 80 columns', async () => {
    const text = await runReport(source, { app: 'shop', sinceDays: 7, format: 'table', now: NOW });
    const json = JSON.parse(await runReport(source, { app: 'shop', sinceDays: 7, format: 'json', now: NOW })) as {
      vitals: { metrics: { metric: string; p75: number; samples: number }[] };
      slowestRoutes: { key: string; samples: number }[];
      workflows: { workflow: string; completion: number; perceived: { p75: number } }[];
    };
    for (const line of text.split('\n')) expect(line.length).toBeLessThanOrEqual(80);
    const lcp = json.vitals.metrics.find((m) => m.metric === 'LCP')!;
    expect(lcp.samples).toBe(600);
    expect(text).toContain(`percept report: shop, 2026-11-04 to ${DAY} (UTC)`);
    expect(text).toMatch(new RegExp(`^LCP\\s+${(lcp.p75 / 1000).toFixed(2)} s\\s`, 'm'));
    expect(json.slowestRoutes).toEqual([expect.objectContaining({ key: '/checkout', samples: 600 })]);
    expect(json.workflows).toEqual([expect.objectContaining({ workflow: 'sepa-mandate', completion: 0.75 })]);
    expect(text).toMatch(/^sepa-mandate\s+40\s+75\.0 %\s+25\.0 %\s+1\.13 s\s+1\.14 s$/m);
  });

  it('prints CSV: three tables with their headers', async () => {
    const csv = await runReport(source, { app: 'shop', sinceDays: 7, format: 'csv', now: NOW });
    const tables = csv.split('\r\n\r\n');
    expect(tables.map((table) => table.split('\r\n')[0])).toEqual([
      'metric,samples,count,p50,p75,p90,p95,p99,good,needsImprovement,poor,rating',
      'route,samples,lcpP75,good,poor,enoughData',
      'workflow,runs,completion,error,abandonment,perceivedP50,perceivedP75,perceivedP95',
    ]);
  });
});

describe('percept compare', () => {
  it('finds the seeded regression and nothing where nothing changed', async () => {
    const regressed = await runCompare(source, { app: 'shop', release: '4.2', sinceDays: 30, format: 'table', now: NOW });
    expect(regressed.regressed).toBe(true);
    expect(regressed.text).toContain('Regressed: LCP on all routes, LCP on /checkout.');
    for (const line of regressed.text.split('\n')) expect(line.length).toBeLessThanOrEqual(80);
    const same = await runCompare(source, { app: 'shop', release: '4.3', against: '4.2', sinceDays: 30, format: 'json', now: NOW });
    expect(same.regressed).toBe(false);
    expect((JSON.parse(same.text) as { b: string }).b).toBe('4.2');
  });
});

describe('percept query', () => {
  it('answers as a table, JSON and CSV', async () => {
    const sql = "SELECT release, count() AS samples FROM vitals WHERE app = 'shop' GROUP BY release ORDER BY release";
    expect(await runQuery(source, sql, 'table')).toBe(
      ['release  samples', '4.1          200', '4.2          200', '4.3          200', '(3 rows)', ''].join('\n'),
    );
    expect(JSON.parse(await runQuery(source, sql, 'json'))).toEqual([
      { release: '4.1', samples: 200 },
      { release: '4.2', samples: 200 },
      { release: '4.3', samples: 200 },
    ]);
    expect(await runQuery(source, sql, 'csv')).toBe('release,samples\r\n4.1,200\r\n4.2,200\r\n4.3,200\r\n');
  });

  it('refuses writes and schema changes', async () => {
    for (const sql of ['DROP TABLE vitals', "INSERT INTO alert_leases (rule_id, slot, owner) VALUES ('x', 1, 'y')"]) {
      const error = await runQuery(source, sql, 'table').catch((failure: unknown) => failure);
      expect(error).toBeInstanceOf(DatabaseError);
      expect((error as DatabaseError).type).toBe('READONLY');
    }
    expect(await runQuery(source, 'SELECT count() AS n FROM vitals', 'json')).toBe('[\n  {\n    "n": 600\n  }\n]\n');
  });
});

describe('the data folder lock, both ways', () => {
  it('asks the running collector when it holds the folder, with the same numbers', async () => {
    const viaApi = await percept(['report', '--app', 'shop', '--since', '30d', '--format', 'json', '--data-dir', dirA], { PERCEPT_TOKEN: TOKEN });
    // The first line says which way was taken; a progress line may follow on a busy machine.
    expect(viaApi.stderr.split('\n')[0]).toBe(`percept: A collector is running on ${join(dirA, 'clickhouse')}; asking it at http://127.0.0.1:${port}.`);
    expect(viaApi.stderr).not.toMatch(/Cannot lock file/i);
    expect(viaApi.code).toBe(0);
    const direct = await runReport(source, { app: 'shop', sinceDays: 30, format: 'json', now: Date.now() });
    expect(JSON.parse(viaApi.stdout)).toEqual(JSON.parse(direct));

    const noToken = await percept(['report', '--app', 'shop', '--data-dir', dirA]);
    expect(noToken.code).toBe(1);
    expect(noToken.stderr).toContain('Set PERCEPT_TOKEN to a read token');
  }, 240_000);

  it('sends percept query to the running collector, which runs it read-only for a token of every app', async () => {
    const sql = "SELECT release, count() AS samples FROM vitals WHERE app = 'shop' GROUP BY release ORDER BY release";
    const viaApi = await percept(['query', sql, '--format', 'csv', '--data-dir', dirA], { PERCEPT_TOKEN: ALL_TOKEN });
    expect(viaApi.stderr.split('\n')[0]).toBe(
      `percept: A collector is running on ${join(dirA, 'clickhouse')}; sending the query to it at http://127.0.0.1:${port} (read-only, under its API limits).`,
    );
    expect(viaApi.stderr).not.toMatch(/Cannot lock file/i);
    expect(viaApi.code).toBe(0);
    expect(viaApi.stdout).toBe(await runQuery(source, sql, 'csv'));

    const viaUrl = await percept(['query', 'SELECT count() AS n FROM vitals', '--format', 'json', '--url', `http://127.0.0.1:${port}`], {
      PERCEPT_TOKEN: ALL_TOKEN,
    });
    expect(viaUrl.stderr.split('\n')[0]).toBe(`percept: Sending the query to the collector at http://127.0.0.1:${port}.`);
    expect(JSON.parse(viaUrl.stdout)).toEqual([{ n: 600 }]);

    const narrow = await percept(['query', 'SELECT 1', '--data-dir', dirA], { PERCEPT_TOKEN: TOKEN });
    expect(narrow.code).toBe(1);
    expect(narrow.stderr).toContain('cannot be limited to some apps');
    const write = await percept(['query', 'DROP TABLE vitals', '--data-dir', dirA], { PERCEPT_TOKEN: ALL_TOKEN });
    expect(write.code).toBe(1);
    expect(write.stderr).toContain('runs read-only statements');
    expect(await runQuery(source, 'SELECT count() AS n FROM vitals', 'json')).toBe('[\n  {\n    "n": 600\n  }\n]\n');
  }, 240_000);

  it('exits 1 on a significant regression, 0 without one, 2 on usage errors', async () => {
    const env = { PERCEPT_TOKEN: TOKEN };
    const regressed = await percept(['compare', '--app', 'shop', '--release', '4.2', '--data-dir', dirA], env);
    expect(regressed.stdout).toContain('Regressed: LCP on all routes, LCP on /checkout.');
    expect(regressed.code).toBe(1);
    const same = await percept(['compare', '--app', 'shop', '--release', '4.3', '--against', '4.2', '--data-dir', dirA], env);
    expect(same.stdout).toContain('No significant regression.');
    expect(same.code).toBe(0);
    const usage = await percept(['compare', '--app', 'shop', '--data-dir', dirA], env);
    expect(usage.code).toBe(2);
    expect(usage.stderr).toContain('percept compare needs --release, e.g. --release 4.2.');
  }, 240_000);

  it('opens a folder no collector holds, and says so', async () => {
    const migrated = await percept(['migrate', '--data-dir', dirB]);
    expect(migrated.code).toBe(0);
    const query = await percept(['query', '--data-dir', dirB, '--format', 'csv'], {}, 'SELECT count() AS n FROM vitals;\n');
    expect(query.stderr.split('\n')[0]).toBe(`percept: No collector is running on ${join(dirB, 'clickhouse')}; reading it directly.`);
    expect(query.stdout).toBe('n\r\n0\r\n');
    expect(query.code).toBe(0);
  }, 240_000);
});
