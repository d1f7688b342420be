import { spawn, type ChildProcess } from 'node:child_process';
import { readFile } from 'node:fs/promises';
import autocannon from 'autocannon';
import { ROOT } from '../../test/support/system-helpers.js';
import { benchBody } from '../../test/support/payload.js';

/** What one autocannon run against /v1/batch measured. */
export interface LoadResult {
  /** Requests answered 202, per second of the run. */
  perSecond: number;
  accepted: number;
  /** Answers other than 202, and connection errors. */
  refused: number;
  p50: number;
  p99: number;
}

/**
 * autocannon on loopback: `connections` keep-alive connections POST a fresh
 * 20-event batch (new batch id) per request for `seconds`.
 */
export const hammer = async (base: string, seconds: number, connections: number): Promise<LoadResult> => {
  const result = await autocannon({
    url: `${base}/v1/batch?key=demo-public-key`,
    connections,
    duration: seconds,
    requests: [
      {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        setupRequest: (request) => ({ ...request, body: benchBody() }),
      },
    ],
  });
  const accepted = Number(result.statusCodeStats?.['202' as keyof typeof result.statusCodeStats]?.count ?? 0);
  return {
    perSecond: accepted / result.duration,
    accepted,
    refused: result.non2xx + result.errors,
    p50: result.latency.p50,
    p99: result.latency.p99,
  };
};

/** The baseline server (bare-server.ts) as a child process, once it listens. */
export const startBare = (): Promise<{ url: string; child: ChildProcess }> => {
  const child = spawn(process.execPath, ['--import', 'tsx', 'bench/ingest/bare-server.ts', '0'], { cwd: ROOT, stdio: ['ignore', 'pipe', 'inherit'] });
  return new Promise((resolve, reject) => {
    let out = '';
    child.stdout!.on('data', (chunk: Buffer) => {
      out += chunk.toString('utf8');
      const match = /listening (http:\/\/\S+)/.exec(out);
      if (match) resolve({ url: match[1]!, child });
    });
    child.once('exit', (code) => reject(new Error(`The bare server exited (${code}) before listening.`)));
  });
};

/** Clock ticks per second of /proc's CPU times (USER_HZ, 100 on Linux). */
const TICKS_PER_SECOND = 100;

/**
 * CPU seconds (user + system) a process has used so far: all its threads, or
 * with `mainThread` its main (JavaScript) thread alone. A figure that shared,
 * busy cores distort far less than a rate does.
 */
export const cpuSeconds = async (pid: number, mainThread = false): Promise<number> => {
  const stat = await readFile(mainThread ? `/proc/${pid}/task/${pid}/stat` : `/proc/${pid}/stat`, 'utf8');
  // Fields after the parenthesised command name, which may itself hold spaces.
  const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  return (Number(fields[11]) + Number(fields[12])) / TICKS_PER_SECOND;
};

/** Peak resident set size of a process (VmHWM), in MiB. */
export const peakRssMiB = async (pid: number): Promise<number> => {
  const status = await readFile(`/proc/${pid}/status`, 'utf8');
  const kib = Number(/^VmHWM:\s+(\d+) kB/m.exec(status)?.[1] ?? Number.NaN);
  return kib / 1024;
};
