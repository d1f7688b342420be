import { spawn } from 'node:child_process';
import { readFile, writeFile } from 'node:fs/promises';
import { cpus, loadavg } from 'node:os';

/**
 * `npm run bench [-- --quick] [name …]`: every benchmark, one after the other
 * so they do not share the machine's two cores. Each prints its figures
 * beside a baseline measured in the same run; a full run (all benchmarks, not
 * quick) rewrites the "Latest full run" section of docs/benchmarks.md with
 * everything they printed, the machine and the date.
 */
interface Bench {
  file: string;
  args: string[];
  quickArgs: string[];
  quickEnv: Record<string, string>;
}

const BENCHES: Bench[] = [
  { file: 'bench/sdk/run.ts', args: [], quickArgs: [], quickEnv: { BENCH_RUNS: '3' } },
  { file: 'bench/ingest/run.ts', args: [], quickArgs: [], quickEnv: { BENCH_SECONDS: '3' } },
  { file: 'bench/spool.ts', args: [], quickArgs: ['500'], quickEnv: {} },
  { file: 'bench/scrub.ts', args: [], quickArgs: [], quickEnv: {} },
  { file: 'bench/chdb-insert.ts', args: [], quickArgs: ['10000'], quickEnv: {} },
  { file: 'bench/startup.ts', args: [], quickArgs: ['2'], quickEnv: {} },
  { file: 'bench/query.ts', args: ['10000000'], quickArgs: ['200000', '3'], quickEnv: {} },
  { file: 'bench/dashboard.ts', args: [], quickArgs: [], quickEnv: {} },
  { file: 'bench/dashboard-first-view.ts', args: ['10000000', '5'], quickArgs: ['200000', '2'], quickEnv: {} },
];

const DOC = 'docs/benchmarks.md';
const BEGIN = '<!-- npm run bench: begin -->';
const END = '<!-- npm run bench: end -->';

const argv = process.argv.slice(2);
const quick = argv.includes('--quick');
const only = argv.filter((a) => a !== '--quick');
const chosen = BENCHES.filter((b) => only.length === 0 || only.some((name) => b.file.includes(name)));
if (chosen.length === 0) {
  process.stderr.write(`No benchmark matches ${only.join(', ')}. Known: ${BENCHES.map((b) => b.file).join(', ')}\n`);
  process.exit(2);
}

/** Runs one benchmark, echoing its output live and keeping a copy for the doc. */
const run = (bench: Bench): Promise<{ output: string; ok: boolean }> =>
  new Promise((done) => {
    const child = spawn(process.execPath, ['--import', 'tsx', bench.file, ...(quick ? bench.quickArgs : bench.args)], {
      env: { ...process.env, ...(quick ? bench.quickEnv : {}) },
      stdio: ['ignore', 'pipe', 'inherit'],
    });
    let output = '';
    child.stdout.on('data', (chunk: Buffer) => {
      output += chunk.toString();
      process.stdout.write(chunk);
    });
    child.on('close', (code, signal) => {
      if (code !== 0) process.stderr.write(`${bench.file} failed (exit ${code ?? signal}); its figures above are incomplete.\n`);
      done({ output, ok: code === 0 });
    });
  });

const started = new Date();
const sections: string[] = [];
let failed = 0;
for (const [i, bench] of chosen.entries()) {
  process.stdout.write(`\n## ${bench.file} (${i + 1}/${chosen.length}${quick ? ', quick' : ''})\n\n`);
  const { output, ok } = await run(bench);
  if (!ok) failed++;
  sections.push(`### ${bench.file}\n\n\`\`\`\n${output.trimEnd()}\n\`\`\``);
}

const complete = chosen.length === BENCHES.length && !quick && failed === 0;
if (complete) {
  const header = [
    `Measured by \`npm run bench\` on ${started.toISOString().slice(0, 16).replace('T', ' ')} UTC, ` +
      `${cpus().length} cores (${cpus()[0]?.model.trim() ?? 'unknown CPU'}), load average at start ${loadavg()
        .map((l) => l.toFixed(2))
        .join(' / ')}, Node ${process.versions.node}.`,
    'Every figure stands beside its baseline from the same run; compare ratios, not absolute times.',
  ].join('\n');
  const doc = await readFile(DOC, 'utf8');
  const block = `${BEGIN}\n${header}\n\n${sections.join('\n\n')}\n${END}`;
  const start = doc.indexOf(BEGIN);
  const end = doc.indexOf(END);
  const next = start >= 0 && end > start ? doc.slice(0, start) + block + doc.slice(end + END.length) : `${doc.trimEnd()}\n\n## Latest full run\n\n${block}\n`;
  await writeFile(DOC, next);
  process.stdout.write(`\n${DOC} now holds this run's figures.\n`);
} else {
  process.stdout.write(`\n${DOC} left as it was: only a full run (all benchmarks, not --quick, none failed) rewrites it.\n`);
}
process.exit(failed > 0 ? 1 : 0);
