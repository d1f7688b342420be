import { spawn } from 'node:child_process';
import { mkdtemp } from 'node:fs/promises';
import http from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { benchEvents } from './payload.js';
import { openDatabases } from '../../collector/db/open.js';
import type { Databases } from '../../collector/db/types.js';

/**
 * Whole-system helpers: the real `percept` CLI as a child process, plain HTTP
 * over loopback sockets, and reads of what landed in chDB.
 */

export const ROOT = fileURLToPath(new URL('../../', import.meta.url));
/**
 * How a child collector is started: `compiled` is what `percept` and
 * `npm start` run (dist/node/, built by `npm run build`); `source` runs the
 * TypeScript through tsx, so a test sees the code as it is now without a build.
 */
export const CLI_ENTRY = {
  compiled: [join(ROOT, 'collector/bin/percept.js')],
  source: ['--import', 'tsx', join(ROOT, 'collector/cli/main.ts')],
} as const;
export const DATABASE = 'percept';

/** A fresh temp folder for one test file. */
export const freshDir = (name: string): Promise<string> => mkdtemp(join(tmpdir(), `percept-${name}-`));

/**
 * The environment of a child collector: always the embedded engine (the tests
 * open its data folder afterwards), a fixed user-id key, and rate limits far
 * above what the load generators send.
 */
export const childEnv = (extra: Record<string, string> = {}): NodeJS.ProcessEnv => {
  const env: NodeJS.ProcessEnv = { ...process.env };
  for (const name of Object.keys(env)) if (name.startsWith('CLICKHOUSE_') || name.startsWith('PERCEPT_')) delete env[name];
  return {
    ...env,
    PERCEPT_USER_KEY: 'v1:system-test-key-0123456789',
    PERCEPT_RATE_LIMIT_PER_KEY: '100000000',
    PERCEPT_RATE_LIMIT_PER_ADDRESS: '100000000',
    PERCEPT_LOG_LEVEL: 'warn',
    ...extra,
  };
};

export interface Exit {
  code: number | null;
  signal: NodeJS.Signals | null;
}

/** A `percept start` child process that printed its startup line. */
export interface CliCollector {
  readonly url: string;
  readonly port: number;
  readonly pid: number;
  /** Every byte it wrote to stdout and stderr so far. */
  output(): Buffer;
  readonly exited: Promise<Exit>;
  /** Sends the signal and waits for the process to be gone. */
  stop(signal: 'SIGTERM' | 'SIGKILL'): Promise<Exit>;
}

export interface CliOptions {
  dataDir: string;
  port?: number;
  env?: Record<string, string>;
  /** How long start-up (tsx, chDB, migrations) may take on a busy machine. */
  startMs?: number;
  /** Default `source`. */
  entry?: keyof typeof CLI_ENTRY;
}

const LISTENING = /percept collector listening on (http:\/\/[^\s]+)/;

/** Starts `percept start` on 127.0.0.1 (see CLI_ENTRY) and waits for its startup line. */
export const startCli = (options: CliOptions): Promise<CliCollector> => {
  const args = [...CLI_ENTRY[options.entry ?? 'source'], 'start', '--port', String(options.port ?? 0), '--host', '127.0.0.1', '--data-dir', options.dataDir];
  const child = spawn(process.execPath, args, { cwd: ROOT, env: childEnv(options.env), stdio: ['ignore', 'pipe', 'pipe'] });
  const chunks: Buffer[] = [];
  const exited = new Promise<Exit>((resolve) => child.once('exit', (code, signal) => resolve({ code, signal })));
  const output = () => Buffer.concat(chunks);
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => {
      child.kill('SIGKILL');
      reject(new Error(`The collector did not start within ${options.startMs ?? 45_000} ms. Output:\n${output()}`));
    }, options.startMs ?? 45_000);
    const collect = (chunk: Buffer) => {
      chunks.push(chunk);
      const match = LISTENING.exec(output().toString('utf8'));
      if (!match) return;
      clearTimeout(timer);
      const url = match[1]!;
      resolve({
        url,
        port: Number(new URL(url).port),
        pid: child.pid!,
        output,
        exited,
        stop: (signal) => {
          if (child.exitCode === null && child.signalCode === null) child.kill(signal);
          return exited;
        },
      });
    };
    child.stdout.on('data', collect);
    child.stderr.on('data', collect);
    void exited.then((exit) => {
      clearTimeout(timer);
      reject(new Error(`The collector exited before listening (${exit.code ?? exit.signal}). Output:\n${output()}`));
    });
  });
};

export interface Answer {
  status: number;
  headers: http.IncomingHttpHeaders;
  body: string;
}

export interface RequestOptions {
  method?: string;
  headers?: http.OutgoingHttpHeaders;
  /** Source address of the socket, e.g. another loopback address. */
  localAddress?: string;
  agent?: http.Agent;
  timeoutMs?: number;
}

/** One HTTP request over a real socket; rejects on network errors only. */
export const request = (url: string, body?: string | Buffer, options: RequestOptions = {}): Promise<Answer> =>
  new Promise((resolve, reject) => {
    const headers: http.OutgoingHttpHeaders = { ...options.headers };
    if (body !== undefined) {
      headers['content-type'] ??= 'application/json';
      headers['content-length'] = Buffer.byteLength(body);
    }
    const req = http.request(url, {
      method: options.method ?? (body === undefined ? 'GET' : 'POST'),
      headers,
      ...(options.localAddress ? { localAddress: options.localAddress } : {}),
      ...(options.agent ? { agent: options.agent } : {}),
      timeout: options.timeoutMs ?? 15_000,
    });
    req.on('timeout', () => req.destroy(new Error(`No answer from ${url} in time.`)));
    req.on('error', reject);
    req.on('response', (res) => {
      const parts: Buffer[] = [];
      res.on('data', (part: Buffer) => parts.push(part));
      res.on('error', reject);
      res.on('end', () => resolve({ status: res.statusCode ?? 0, headers: res.headers, body: Buffer.concat(parts).toString('utf8') }));
    });
    req.end(body);
  });

/** POSTs one batch body to /v1/batch of `base` with the demo key. */
export const postBatch = (base: string, body: string | Buffer, options: RequestOptions = {}): Promise<Answer> =>
  request(`${base}/v1/batch?key=demo-public-key`, body, options);

/** The sum of a Prometheus metric's samples on /metrics (every label set, or those containing `labels`). */
export const metric = async (base: string, name: string, labels = ''): Promise<number> => {
  const { body } = await request(`${base}/metrics`);
  let sum = 0;
  for (const line of body.split('\n')) {
    const match = /^([a-z_]+)(\{[^}]*\})? (\S+)$/.exec(line);
    if (match && match[1] === name && (match[2] ?? '').includes(labels)) sum += Number(match[3]);
  }
  return sum;
};

/** Rows one `benchBody()` batch makes, per table, counted from the payload itself. */
export const BENCH_ROWS: Readonly<Record<string, number>> = (() => {
  const events = benchEvents(Date.now());
  const of = (type: string) => events.filter((e) => e.type === type);
  return {
    page_views: of('page').length,
    vitals: of('vital').length,
    workflow_runs: of('workflow').length,
    workflow_steps: of('workflow').reduce((n, e) => n + (e.type === 'workflow' ? (e.steps?.length ?? 0) : 0), 0),
    ingested_batches: 1,
  };
})();

/** True when `rows` (from {@link rowsByBatch}) are exactly one stored copy of a `benchBody()` batch. */
export const isOneCopy = (rows: Record<string, number>): boolean =>
  Object.keys(rows).length === Object.keys(BENCH_ROWS).length && Object.entries(BENCH_ROWS).every(([table, n]) => rows[table] === n);

/** Opens a stopped collector's embedded database in this process (one data folder per process). */
export const openStored = (dataDir: string): Promise<Databases> => openDatabases({ dataDir, database: DATABASE, retentionDays: 90 });

/** Rows per batch id in every table that has a batch_id, as `id → { table: rows }`. */
export const rowsByBatch = async (db: Databases): Promise<Map<string, Record<string, number>>> => {
  const byBatch = new Map<string, Record<string, number>>();
  for (const table of Object.keys(BENCH_ROWS)) {
    const rows = await db.reader.query<{ id: string; n: string | number }>(
      `SELECT toString(batch_id) AS id, count() AS n FROM ${DATABASE}.${table} GROUP BY batch_id`,
    );
    for (const { id, n } of rows) {
      const counts = byBatch.get(id) ?? {};
      counts[table] = Number(n);
      byBatch.set(id, counts);
    }
  }
  return byBatch;
};

/** Polls until `check` holds; for waiting on background work, never for timing. */
export const eventually = async (check: () => Promise<boolean> | boolean, what: string, limitMs = 30_000): Promise<void> => {
  const end = Date.now() + limitMs;
  while (!(await check())) {
    if (Date.now() > end) throw new Error(`Gave up waiting: ${what}`);
    await sleep(50);
  }
};

export const sleep = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));
