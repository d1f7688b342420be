/**
 * Ingest benchmark: the collector's /v1/batch (real CLI: validate, scrub,
 * fsync'd spool) beside a bare Fastify route on the same 20-event batches,
 * then the rate rows land in chDB beside chDB's own insert rate for the same
 * rows, all in one run on loopback.
 *
 *   node --import tsx bench/ingest/run.ts   (BENCH_SECONDS=10, BENCH_CONNECTIONS=50)
 */
import { execFileSync } from 'node:child_process';
import { mkdir, mkdtemp, rm } from 'node:fs/promises';
import { loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { eventually, metric, ROOT, startCli } from '../../test/support/system-helpers.js';
import { cpuSeconds, hammer, peakRssMiB, startBare, type LoadResult } from './load.js';

const SECONDS = Number(process.env.BENCH_SECONDS ?? 10);
const CONNECTIONS = Number(process.env.BENCH_CONNECTIONS ?? 50);
const WARMUP_SECONDS = 2;
const EVENTS_PER_BATCH = 20;
const RAW = ['page_views', 'vitals', 'workflow_runs', 'workflow_steps'];

const fixed = (n: number, digits = 0): string => n.toLocaleString('en-US', { maximumFractionDigits: digits, minimumFractionDigits: digits });
const row = (cells: (string | number)[]): string => `| ${cells.join(' | ')} |`;

/** What the collector has stored so far, from its /metrics. */
const landed = async (base: string) => {
  let rows = 0;
  for (const table of RAW) rows += await metric(base, 'percept_flush_rows_total', `table="${table}"`);
  return {
    rows,
    batches: await metric(base, 'percept_spool_batches_total', 'result="stored"'),
    flushed: await metric(base, 'percept_flush_rows_total', 'table="ingested_batches"'),
    flushSeconds: await metric(base, 'percept_flush_duration_seconds_sum'),
    spoolBytes: await metric(base, 'percept_spool_bytes'),
  };
};

const drained = (base: string) =>
  eventually(
    async () => {
      const now = await landed(base);
      return now.spoolBytes === 0 && now.flushed >= now.batches;
    },
    'the spool to drain into chDB',
    300_000,
  );

/** A measured load run with the CPU the server used meanwhile, per 202 answer, in ms. */
const measured = async (base: string, pid: number) => {
  const [process0, main0] = [await cpuSeconds(pid), await cpuSeconds(pid, true)];
  const result = await hammer(base, SECONDS, CONNECTIONS);
  const [process1, main1] = [await cpuSeconds(pid), await cpuSeconds(pid, true)];
  const perBatch = (seconds: number) => (1000 * seconds) / Math.max(1, result.accepted);
  return { ...result, processMs: perBatch(process1 - process0), mainMs: perBatch(main1 - main0) };
};

const root = await mkdtemp(join(tmpdir(), 'percept-bench-ingest-'));
const load = loadavg()
  .map((n) => n.toFixed(1))
  .join(' ');
try {
  const bare = await startBare();
  await hammer(bare.url, WARMUP_SECONDS, CONNECTIONS);
  const bareResult = await measured(bare.url, bare.child.pid!);
  bare.child.kill('SIGTERM');

  const dataDir = join(root, 'collector');
  const collector = await startCli({ entry: 'compiled', dataDir });
  await hammer(collector.url, WARMUP_SECONDS, CONNECTIONS);
  await drained(collector.url);
  const before = await landed(collector.url);
  const started = performance.now();
  const collectorResult = await measured(collector.url, collector.pid);
  await drained(collector.url);
  const e2eSeconds = (performance.now() - started) / 1000;
  const drainSeconds = e2eSeconds - SECONDS;
  const after = await landed(collector.url);
  const rssMiB = await peakRssMiB(collector.pid);
  const exit = await collector.stop('SIGTERM');
  if (exit.code !== 0) throw new Error(`The collector did not stop cleanly (${exit.code ?? exit.signal}).`);

  const ndjson = join(root, 'ndjson');
  await mkdir(ndjson);
  const chdb = (mode: string, dir: string) =>
    execFileSync(process.execPath, ['--import', 'tsx', 'bench/ingest/chdb-rows.ts', mode, dir, ndjson], { cwd: ROOT, encoding: 'utf8' });
  chdb('export', dataDir);
  const raw = JSON.parse(chdb('insert', join(root, 'fresh')).trim()) as { rows: number; ms: number };

  const rows = after.rows - before.rows;
  const events = (after.batches - before.batches) * EVENTS_PER_BATCH;
  const e2eRowsPerSecond = rows / e2eSeconds;
  const flusherRowsPerSecond = rows / (after.flushSeconds - before.flushSeconds);
  const rawRowsPerSecond = raw.rows / (raw.ms / 1000);
  const line = (name: string, r: LoadResult & { mainMs: number; processMs: number }) =>
    row([
      name,
      fixed(r.perSecond),
      fixed(r.perSecond * EVENTS_PER_BATCH),
      fixed(r.p50, 1),
      fixed(r.p99, 1),
      r.refused,
      fixed(r.mainMs, 2),
      fixed(r.processMs, 2),
    ]);

  const out = [
    `${SECONDS} s per server after a ${WARMUP_SECONDS} s warm-up, ${CONNECTIONS} connections, 20-event batches (~4.7 KB), load average before: ${load}`,
    '',
    row(['server', 'batches/s (202)', 'events/s', 'p50 ms', 'p99 ms', 'not 202', 'CPU ms/batch, main thread', 'CPU ms/batch, process']),
    row(['---', '---:', '---:', '---:', '---:', '---:', '---:', '---:']),
    line('bare Fastify (parse JSON, 202)', bareResult),
    line('collector /v1/batch (validate, scrub, fsync spool)', collectorResult),
    '',
    `collector / bare: ${(collectorResult.perSecond / bareResult.perSecond).toFixed(2)}× (goal ≥ 0.5); main-thread CPU per batch, bare / collector: ${(bareResult.mainMs / collectorResult.mainMs).toFixed(2)}×`,
    '',
    row(['into chDB', 'rows', 'rows/s', 'events/s']),
    row(['---', '---:', '---:', '---:']),
    row(['end to end: load start → spool drained', fixed(rows), fixed(e2eRowsPerSecond), fixed(events / e2eSeconds)]),
    row(['flusher: rows / time spent in flushes', fixed(rows), fixed(flusherRowsPerSecond), '']),
    row(['raw chDB: same rows, 10,000-row inserts', fixed(raw.rows), fixed(rawRowsPerSecond), '']),
    '',
    `spool empty ${drainSeconds.toFixed(1)} s after the load ended`,
    `end to end / raw chDB: ${(e2eRowsPerSecond / rawRowsPerSecond).toFixed(2)}×; flusher / raw chDB: ${(flusherRowsPerSecond / rawRowsPerSecond).toFixed(2)}× (goal ≥ 0.9)`,
    `collector peak RSS (VmHWM): ${fixed(rssMiB)} MiB`,
  ];
  process.stdout.write(`${out.join('\n')}\n`);
} finally {
  await rm(root, { recursive: true, force: true });
}
