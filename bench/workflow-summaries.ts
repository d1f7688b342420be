import { mkdtemp, rm } from 'node:fs/promises';
import { loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { compareReleases, DEFAULT_ALPHA } from '../collector/analysis/compare.js';
import { workflowDetail, workflowsSummary } from '../collector/analysis/workflows.js';
import { buildApp } from '../collector/app.js';
import { loadConfig } from '../collector/config/load.js';

/**
 * What the workflow day summaries (schema 067) save: the workflow answers
 * over 30 days of `runs` workflow runs (each sent twice, a provisional record
 * and the final one; three step reports per run), first from raw rows alone,
 * then after the summary builder has built every day, in one process. bench/
 * query.ts makes ~0.4 % of its rows runs, too few for the difference to
 * show; this one fills the workflow tables only. Prints p50 / p95 of `repeat`
 * runs each way and the raw / summarised ratio of the p50s.
 *
 *   node --import tsx bench/workflow-summaries.ts [runs=1000000] [repeat=5]
 */
const runs = Number(process.argv[2] ?? 1_000_000);
const repeat = Number(process.argv[3] ?? 5);
const END = '2026-11-30';
const DAYS = 30;

const dir = await mkdtemp(join(tmpdir(), 'percept-bench-workflows-'));
const config = await loadConfig({
  file: { apps: [{ id: 'shop', keys: ['shop-key-0001'], origins: ['*'] }], logLevel: 'silent', summaries: { everySeconds: 0 } },
  env: { PERCEPT_DATA_DIR: dir, PERCEPT_USER_KEY: 'v1:bench-workflow-key-0123456789' },
  warn: () => undefined,
});
const app = await buildApp(config);
const db = app.db.reader;

// Runs spread evenly over the 30 days; record 0 of a run is the provisional one, received first.
const start = `toDateTime64('${new Date(Date.parse(END) - (DAYS - 1) * 86_400_000).toISOString().slice(0, 10)} 00:00:00', 3, 'UTC')`;
const runTime = (r: string) => `${start} + toIntervalMillisecond(intDiv(${r} * ${DAYS * 86_400_000}, ${runs}))`;
const envelope = (r: string) => `'shop' AS app, ${runTime(r)} AS time, concat('s', toString(intDiv(${r}, 3))) AS session_id,
  concat('p', toString(${r})) AS page_id, concat('v1.', toString(${r} % 4)) AS release, 'production' AS env,
  ['mobile', 'desktop', 'tablet'][${r} % 3 + 1] AS device_class, ['Chrome', 'Safari', 'Firefox'][${r} % 3 + 1] AS browser,
  concat('/r', toString(${r} % 50)) AS route, 3650 AS retention_days, if(${r} % 10 = 0, 0.5, 1) AS sample_rate,
  concat('flow-', toString(${r} % 20)) AS workflow, concat('run', toString(${r})) AS run_id`;
const settings = { max_partitions_per_insert_block: 1000, insert_deduplicate: 0 };
const generated = performance.now();
await app.db.writer.command(
  `INSERT INTO workflow_runs (app, time, session_id, page_id, release, env, device_class, browser, route, retention_days, sample_rate,
    workflow, run_id, received_at, outcome, duration, perceived, attrs, error)
  SELECT ${envelope('intDiv(number, 2)')}, time + toIntervalSecond(1 + number % 2) AS received_at,
    if(number % 2 = 0, 'abandoned', ['ok', 'ok', 'ok', 'ok', 'ok', 'ok', 'error', 'timeout'][cityHash64(number) % 8 + 1]) AS outcome,
    100 + cityHash64(number, 1) % 5000 AS duration, if(outcome IN ('ok', 'error'), duration + 40, NULL) AS perceived,
    map('plan', if(cityHash64(intDiv(number, 2)) % 3 = 0, 'pro', 'free')) AS attrs, if(outcome = 'error', 'Server error 500', '') AS error
  FROM numbers(${runs * 2})`,
  settings,
);
await app.db.writer.command(
  `INSERT INTO workflow_steps (app, time, session_id, page_id, release, env, device_class, browser, route, retention_days, sample_rate,
    workflow, run_id, received_at, step, step_index, duration)
  SELECT ${envelope('intDiv(number, 3)')}, time + toIntervalSecond(1) AS received_at,
    concat('step-', toString(number % 3)) AS step, number % 3 AS step_index, 50 + cityHash64(number) % 900 AS duration
  FROM numbers(${runs * 3})`,
  settings,
);
const generateSeconds = (performance.now() - generated) / 1000;

const percentile = (sorted: number[], q: number) => sorted[Math.min(sorted.length - 1, Math.ceil(q * sorted.length) - 1)]!;
const time = async (fn: () => Promise<unknown>): Promise<{ p50: number; p95: number }> => {
  const ms: number[] = [];
  for (let i = 0; i < repeat; i++) {
    const started = performance.now();
    await fn();
    ms.push(performance.now() - started);
  }
  ms.sort((a, b) => a - b);
  return { p50: percentile(ms, 0.5), p95: percentile(ms, 0.95) };
};

const filters = { app: 'shop', from: new Date(Date.parse(END) - (DAYS - 1) * 86_400_000).toISOString().slice(0, 10), to: END };
const ANSWERS: [string, () => Promise<unknown>][] = [
  ['workflows/summary', () => workflowsSummary(db, filters)],
  ['workflows/summary plan=pro', () => workflowsSummary(db, { ...filters, attrs: { plan: 'pro' } })],
  ['workflows/flow-3', () => workflowDetail(db, filters, 'flow-3')],
  ['workflows/flow-3 by=release', () => workflowDetail(db, filters, 'flow-3', 'release')],
  ['releases/compare', () => compareReleases(db, filters, { a: 'v1.3', b: 'v1.2', alpha: DEFAULT_ALPHA, correction: 'holm', minSamples: 50 })],
];
const measureAll = async () => {
  const figures = new Map<string, { p50: number; p95: number }>();
  for (const [name, answer] of ANSWERS) figures.set(name, await time(answer));
  return figures;
};
const raw = await measureAll();
const built = performance.now();
const days = await app.summaries.round();
const buildSeconds = (performance.now() - built) / 1000;
const summarised = await measureAll();

const fmt = (ms: number) => ms.toFixed(1).padStart(9);
process.stdout.write(
  `bench/workflow-summaries: ${runs.toLocaleString('en')} runs (${(runs * 2).toLocaleString('en')} run records, ${(runs * 3).toLocaleString('en')} step reports) ` +
    `over ${DAYS} days generated in ${generateSeconds.toFixed(0)} s; ${days} days built in ${buildSeconds.toFixed(1)} s; ${repeat} runs each\n` +
    `${'answer, 30 days'.padEnd(28)} ${'raw p50'.padStart(9)} ${'raw p95'.padStart(9)} ${'sum. p50'.padStart(9)} ${'sum. p95'.padStart(9)} ${'raw/sum.'.padStart(9)}\n`,
);
for (const [name] of ANSWERS) {
  const before = raw.get(name)!;
  const after = summarised.get(name)!;
  process.stdout.write(
    `${name.padEnd(28)} ${fmt(before.p50)} ${fmt(before.p95)} ${fmt(after.p50)} ${fmt(after.p95)} ${(before.p50 / after.p50).toFixed(1).padStart(8)}×\n`,
  );
}
process.stdout.write(
  `load average at the end: ${loadavg()
    .map((l) => l.toFixed(1))
    .join(' ')}\n`,
);
await app.close();
await rm(dir, { recursive: true, force: true });
