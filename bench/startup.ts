import { rm } from 'node:fs/promises';
import { freshDir, startCli, type CliOptions } from '../test/support/system-helpers.js';

/**
 * Collector start-up: time from spawning `percept start` to its "listening"
 * line, for the compiled collector (what `percept` and `npm start` run) beside
 * the same sources run through tsx (what the command did before it was
 * compiled), alternating so both see the same machine. Each variant has its
 * own data folder, migrated by a first, uncounted start.
 *
 *   npm run build && node --import tsx bench/startup.ts [runs]
 */
const RUNS = Number(process.argv[2] ?? process.env.BENCH_RUNS ?? 5);
const VARIANTS = ['source', 'compiled'] as const;

const startOnce = async (entry: (typeof VARIANTS)[number], dataDir: string): Promise<number> => {
  const options: CliOptions = { entry, dataDir, startMs: 120_000 };
  const started = performance.now();
  const cli = await startCli(options);
  const ms = performance.now() - started;
  await cli.stop('SIGTERM');
  return ms;
};

const median = (values: number[]): number => {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = sorted.length >> 1;
  return sorted.length % 2 ? sorted[mid]! : (sorted[mid - 1]! + sorted[mid]!) / 2;
};

const dirs = { source: await freshDir('startup-source'), compiled: await freshDir('startup-compiled') };
const times: Record<(typeof VARIANTS)[number], number[]> = { source: [], compiled: [] };
try {
  for (const entry of VARIANTS) await startOnce(entry, dirs[entry]);
  for (let run = 0; run < RUNS; run += 1) {
    for (const entry of VARIANTS) times[entry].push(await startOnce(entry, dirs[entry]));
    process.stderr.write(`startup: run ${run + 1} of ${RUNS}\n`);
  }
} finally {
  await Promise.all(Object.values(dirs).map((dir) => rm(dir, { recursive: true, force: true })));
}

const source = median(times.source);
const compiled = median(times.compiled);
console.log(`Collector start-up to "listening", median of ${RUNS} (same run, alternating):`);
console.log(`  tsx on the sources (baseline): ${source.toFixed(0)} ms   [${times.source.map((t) => t.toFixed(0)).join(', ')}]`);
console.log(`  compiled dist/node:            ${compiled.toFixed(0)} ms   [${times.compiled.map((t) => t.toFixed(0)).join(', ')}]`);
console.log(`  compiled / tsx: ${(compiled / source).toFixed(2)}x the time`);
