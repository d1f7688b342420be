/**
 * CPU profile of the collector's main thread under the ingest bench's load:
 * starts the real CLI with `--cpu-prof`, hammers /v1/batch, stops it
 * gracefully and prints where the profile was written (open it in Chrome
 * DevTools, or summarise it with bench/ingest/profile-summary.ts).
 *
 *   node --import tsx bench/ingest/profile.ts [out-dir]   (BENCH_SECONDS=15, BENCH_CONNECTIONS=50)
 */
import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { mkdtemp, readdir, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { childEnv, ROOT } from '../../test/support/system-helpers.js';
import { hammer } from './load.js';

const SECONDS = Number(process.env.BENCH_SECONDS ?? 15);
const CONNECTIONS = Number(process.env.BENCH_CONNECTIONS ?? 50);
const out = resolve(process.argv[2] ?? (await mkdtemp(join(tmpdir(), 'percept-profile-'))));
const dataDir = await mkdtemp(join(tmpdir(), 'percept-profile-data-'));
try {
  // --cpu-prof is refused in NODE_OPTIONS, so this spawns the CLI itself.
  const args = ['--cpu-prof', `--cpu-prof-dir=${out}`, 'collector/bin/percept.js', 'start', '--port', '0', '--host', '127.0.0.1', '--data-dir', dataDir];
  const child = spawn(process.execPath, args, { cwd: ROOT, env: childEnv(), stdio: ['ignore', 'pipe', 'inherit'] });
  let text = '';
  const url = await new Promise<string>((done) =>
    child.stdout.on('data', (chunk: Buffer) => {
      text += chunk.toString('utf8');
      const match = /listening on (http:\/\/\S+)/.exec(text);
      if (match) done(match[1]!);
    }),
  );
  await hammer(url, 2, CONNECTIONS);
  const result = await hammer(url, SECONDS, CONNECTIONS);
  child.kill('SIGTERM');
  await once(child, 'exit');
  const files = (await readdir(out)).filter((name) => name.endsWith('.cpuprofile'));
  process.stdout.write(`${result.perSecond.toFixed(0)} batches/s; profiles in ${out}: ${files.join(', ')}\n`);
} finally {
  await rm(dataDir, { recursive: true, force: true });
}
