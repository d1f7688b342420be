import { spawnSync } from 'node:child_process';

/**
 * `npm run bench`: every benchmark, one after the other so they do not share
 * the machine's two cores. Each prints its figures beside a baseline measured
 * in the same run; docs/benchmarks.md records them with this command.
 */
const benches = ['bench/sdk/run.ts', 'bench/ingest/run.ts', 'bench/spool.ts', 'bench/scrub.ts', 'bench/chdb-insert.ts'];
const only = process.argv.slice(2);
let failed = 0;
for (const file of benches) {
  if (only.length > 0 && !only.some((name) => file.includes(name))) continue;
  process.stdout.write(`\n## ${file}\n\n`);
  const run = spawnSync(process.execPath, ['--import', 'tsx', file], { stdio: 'inherit' });
  if (run.status !== 0) {
    failed++;
    process.stderr.write(`${file} failed (exit ${run.status ?? run.signal}); the figures above it are incomplete.\n`);
  }
}
process.exit(failed > 0 ? 1 : 0);
