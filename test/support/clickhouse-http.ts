import { mkdtempSync, rmSync } from 'node:fs';
import { createServer } from 'node:http';
import type { IncomingMessage, Server, ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gunzipSync } from 'node:zlib';
import { Session } from 'chdb';

/**
 * A test fixture only: a real ClickHouse engine (chDB, in this process) behind
 * a loopback HTTP front that speaks the part of ClickHouse's HTTP interface
 * @clickhouse/client uses, so the collector's server mode (CLICKHOUSE_URL)
 * runs real SQL. No ClickHouse server binary can be installed here.
 *
 * What it honours, as the server does (docs: "HTTP Interface"):
 * - the query in the `query` URL parameter with the body as data (inserts,
 *   exec), or the query as the body;
 * - `database`, `param_<name>` (query parameters, in ClickHouse's escaped
 *   text form, bound by the engine), and every other URL parameter as a
 *   setting of that request only (`insert_deduplication_token`,
 *   `wait_end_of_query`, …);
 * - the output format of the statement's FORMAT clause, TabSeparated without one;
 * - `GET /ping` → `Ok.`;
 * - errors as the body `Code: N. DB::Exception: … (TYPE)` with the code in
 *   `X-ClickHouse-Exception-Code` and a 4xx/5xx status.
 *
 * Each HTTP request is its own session on the server, so settings and the
 * database are applied per request and reset after it; requests run one at a
 * time because they share one chDB session.
 */
export interface ClickHouseHttp {
  /** `http://127.0.0.1:<port>`, for CLICKHOUSE_URL. */
  url: string;
  /** Statements received, in order (the query text, without data). */
  readonly queries: string[];
  /** Every request received, in order: its URL parameters and its (decompressed) body, for wire-level checks. */
  readonly requests: { params: URLSearchParams; body: Buffer }[];
  /** Stops answering: the port is closed and connections are refused, as when the server is down. */
  stop(): Promise<void>;
  /** Answers again on the same port. */
  start(): Promise<void>;
  /** Runs SQL on the engine directly (for test assertions), JSONEachRow rows back. */
  rows<T = Record<string, unknown>>(sql: string): Promise<T[]>;
  close(): Promise<void>;
}

/** Settings only the HTTP layer knows; the embedded engine refuses them as unknown. */
const HTTP_ONLY = new Set([
  'wait_end_of_query',
  'send_progress_in_http_headers',
  'http_headers_progress_interval_ms',
  'http_send_progress_interval_ms',
  'enable_http_compression',
  'http_response_buffer_size',
  'http_zlib_compression_level',
]);
/** URL parameters that are not settings. */
const NOT_SETTINGS = new Set(['query', 'database', 'query_id', 'session_id', 'role', 'default_format', 'user', 'password']);
const NAME = /^[A-Za-z_][A-Za-z0-9_]*$/;

/** HTTP status ClickHouse answers with for an exception code (the common ones; 500 otherwise). */
const statusOf = (code: number): number => {
  if (code === 60 || code === 81 || code === 73) return 404; // UNKNOWN_TABLE, UNKNOWN_DATABASE, UNKNOWN_FORMAT
  if (code === 62 || code === 27 || code === 36 || code === 117 || code === 456) return 400; // syntax, parse, bad argument, data, param
  if (code === 516) return 401; // AUTHENTICATION_FAILED
  return 500;
};

const readBody = async (request: IncomingMessage): Promise<Buffer> => {
  const chunks: Buffer[] = [];
  for await (const chunk of request) chunks.push(chunk as Buffer);
  const body = Buffer.concat(chunks);
  return request.headers['content-encoding'] === 'gzip' ? gunzipSync(body) : body;
};

const ESCAPES: Record<string, string> = { b: '\b', f: '\f', n: '\n', r: '\r', t: '\t', '0': '\0', a: '\x07', v: '\v' };

/**
 * A `param_` value as the server reads it is in the escaped text form
 * (`it\'s`, `a\nb`, `['it\'s']`); chDB's binding escapes backslashes, tabs
 * and newlines of the value it is given, so it gets them unescaped. A quote
 * inside an array or tuple element becomes `''`, which the engine's quoted
 * strings also read as one quote (chDB leaves quotes alone).
 */
const unescapeParam = (value: string, structured: boolean): string =>
  value.replace(/\\(.)/gs, (_, c: string) => (c === "'" && structured ? "''" : (ESCAPES[c] ?? c)));

/** The type name of each `{name:Type}` in the query, so a parameter's text is read the way its type is. */
const paramTypes = (sql: string): Map<string, string> => new Map([...sql.matchAll(/\{\s*(\w+)\s*:\s*([A-Za-z]+)/g)].map((m) => [m[1]!, m[2]!]));
const STRUCTURED = /^(Array|Tuple|Map|Nested)$/;

const quote = (value: string): string => `'${value.replace(/\\/g, '\\\\').replace(/'/g, "\\'")}'`;

/** Starts the fixture on a free loopback port with a fresh chDB folder. */
export const startClickHouseHttp = async (): Promise<ClickHouseHttp> => {
  const dir = mkdtempSync(join(tmpdir(), 'percept-chhttp-'));
  const session = new Session(dir);
  const queries: string[] = [];
  const requests: { params: URLSearchParams; body: Buffer }[] = [];
  let tail: Promise<unknown> = Promise.resolve();
  /** One request at a time on the shared session. */
  const serial = <T>(work: () => Promise<T>): Promise<T> => {
    const next = tail.then(work, work);
    tail = next.catch(() => undefined);
    return next;
  };

  const execute = async (params: URLSearchParams, body: Buffer): Promise<Buffer> => {
    const inUrl = params.get('query');
    const query = inUrl ?? body.toString('utf8');
    queries.push(query);
    const sql = inUrl !== null && body.length > 0 ? `${inUrl}\n${body.toString('utf8')}` : query;
    const bound: Record<string, string> = {};
    const types = paramTypes(sql);
    const settings: [string, string][] = [];
    for (const [key, value] of params) {
      if (key.startsWith('param_')) {
        const name = key.slice('param_'.length);
        bound[name] = unescapeParam(value, STRUCTURED.test(types.get(name) ?? ''));
      } else if (!NOT_SETTINGS.has(key) && !HTTP_ONLY.has(key)) {
        if (!NAME.test(key)) throw new Error(`Code: 115. DB::Exception: Unknown setting '${key}'. (UNKNOWN_SETTING)`);
        settings.push([key, value]);
      }
    }
    await session.queryAsync(`USE ${params.get('database') ?? 'default'}`);
    if (settings.length > 0) await session.queryAsync(`SET ${settings.map(([k, v]) => `${k} = ${quote(v)}`).join(', ')}`);
    try {
      const format = params.get('default_format') ?? 'TabSeparated';
      const result = Object.keys(bound).length > 0 ? await session.queryBindAsync(sql, bound, { format }) : await session.queryAsync(sql, { format });
      return Buffer.from(result.bytes());
    } finally {
      if (settings.length > 0) await session.queryAsync(`SET ${settings.map(([k]) => `${k} = DEFAULT`).join(', ')}`);
    }
  };

  const handle = async (request: IncomingMessage, response: ServerResponse): Promise<void> => {
    const url = new URL(request.url ?? '/', 'http://localhost');
    if (url.pathname === '/ping') {
      response.writeHead(200, { 'Content-Type': 'text/plain' }).end('Ok.\n');
      return;
    }
    if (String(request.headers['content-type'] ?? '').startsWith('multipart/')) {
      response.writeHead(400).end('Code: 1. DB::Exception: multipart query parameters are not supported by the test fixture. (UNSUPPORTED_METHOD)\n');
      return;
    }
    const body = await readBody(request);
    requests.push({ params: url.searchParams, body });
    try {
      const out = await serial(() => execute(url.searchParams, body));
      response.writeHead(200, { 'Content-Type': 'text/plain; charset=UTF-8', 'X-ClickHouse-Summary': '{"read_rows":"0","written_rows":"0"}' }).end(out);
    } catch (error) {
      const message = error instanceof Error ? error.message : String(error);
      const code = Number(/Code: (\d+)\./.exec(message)?.[1] ?? 1001);
      response.writeHead(statusOf(code), { 'X-ClickHouse-Exception-Code': String(code), 'Content-Type': 'text/plain; charset=UTF-8' }).end(`${message}\n`);
    }
  };

  let server: Server | undefined;
  let port = 0;
  const start = async (): Promise<void> => {
    const next = createServer((request, response) => void handle(request, response));
    await new Promise<void>((resolve, reject) => {
      next.once('error', reject);
      next.listen(port, '127.0.0.1', resolve);
    });
    port = (next.address() as AddressInfo).port;
    server = next;
  };
  const stop = async (): Promise<void> => {
    const current = server;
    server = undefined;
    if (!current) return;
    current.closeAllConnections();
    await new Promise((resolve) => current.close(resolve));
  };

  await start();
  return {
    url: `http://127.0.0.1:${port}`,
    queries,
    requests,
    start,
    stop,
    rows: async <T>(sql: string) => {
      const text = await serial(async () => Buffer.from((await session.queryAsync(sql, { format: 'JSONEachRow' })).bytes()).toString('utf8'));
      return text
        .split('\n')
        .filter((line) => line !== '')
        .map((line) => JSON.parse(line) as T);
    },
    close: async () => {
      await stop();
      await tail;
      session.close();
      rmSync(dir, { recursive: true, force: true });
    },
  };
};
