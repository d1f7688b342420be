import { parseArgs, type ParseArgsConfig } from 'node:util';
import type { ConfigFlags } from '../config/load.js';
import type { SeedOptions } from './seed.js';

export type Format = 'table' | 'json' | 'csv';

/** Where the read commands get their answers; see source.ts. */
export interface ReadFlags {
  /** A collector's base URL: ask its read API instead of opening the data folder. */
  url?: string;
  format: Format;
}

export type Parsed =
  | { command: 'migrate' | 'help'; flags: ConfigFlags }
  /** `seed`: `percept start --seed` first fills an empty store. */
  | { command: 'start'; flags: ConfigFlags; seed?: SeedOptions }
  | { command: 'seed'; flags: ConfigFlags; seed: SeedOptions }
  | { command: 'report'; flags: ConfigFlags; read: ReadFlags; app: string; sinceDays: number; env?: string }
  | { command: 'compare'; flags: ConfigFlags; read: ReadFlags; app: string; release: string; against?: string; sinceDays: number; env?: string }
  | { command: 'query'; flags: ConfigFlags; read: ReadFlags; sql?: string };

const COMMANDS = ['start', 'migrate', 'seed', 'report', 'compare', 'query', 'help'] as const;
const DEFAULT_SEED: SeedOptions = { app: 'demo', days: 30 };
type Command = (typeof COMMANDS)[number];

const CONFIG_OPTIONS = {
  'data-dir': { type: 'string' },
  config: { type: 'string' },
  help: { type: 'boolean', short: 'h' },
} as const;
const SERVE_OPTIONS = { ...CONFIG_OPTIONS, port: { type: 'string' }, host: { type: 'string' } } as const;
const READ_OPTIONS = { ...CONFIG_OPTIONS, url: { type: 'string' }, format: { type: 'string' } } as const;

/** The flags each command accepts, for parseArgs and for the error message. */
const OPTIONS = {
  start: { ...SERVE_OPTIONS, seed: { type: 'boolean' } },
  migrate: SERVE_OPTIONS,
  seed: { ...SERVE_OPTIONS, app: { type: 'string' }, days: { type: 'string' } },
  help: CONFIG_OPTIONS,
  report: { ...READ_OPTIONS, app: { type: 'string' }, since: { type: 'string' }, env: { type: 'string' } },
  compare: {
    ...READ_OPTIONS,
    app: { type: 'string' },
    release: { type: 'string' },
    against: { type: 'string' },
    since: { type: 'string' },
    env: { type: 'string' },
  },
  query: READ_OPTIONS,
} as const;

/** Thrown for a command line that cannot run; its message says what is accepted. */
export class UsageError extends Error {}

const port = (text: string | undefined): number | undefined => {
  if (text === undefined) return undefined;
  if (!/^[0-9]{1,5}$/.test(text) || Number(text) > 65535) throw new UsageError(`--port must be a number from 0 to 65535, got "${text}".`);
  return Number(text);
};

const flagList = (command: Command): string =>
  Object.keys(OPTIONS[command])
    .filter((name) => name !== 'help')
    .map((name) => `--${name}`)
    .join(', ');

const required = (values: Record<string, unknown>, name: string, command: Command, example: string): string => {
  const value = values[name];
  if (typeof value !== 'string' || value.trim() === '') throw new UsageError(`percept ${command} needs --${name}, e.g. ${example}.`);
  return value;
};

const formatOf = (text: unknown): Format => {
  if (text === undefined) return 'table';
  if (text === 'table' || text === 'json' || text === 'csv') return text;
  throw new UsageError(`--format must be table, json or csv, got "${String(text)}".`);
};

/** `7d` → 7: the API works in whole UTC days. */
const sinceDays = (text: unknown, fallback: number): number => {
  if (text === undefined) return fallback;
  const match = /^([1-9][0-9]{0,2})d$/.exec(String(text));
  if (!match || Number(match[1]) > 400) throw new UsageError(`--since takes whole days up to 400, e.g. 7d or 30d; got "${String(text)}".`);
  return Number(match[1]);
};

const url = (text: unknown): string | undefined => {
  if (text === undefined) return undefined;
  try {
    const parsed = new URL(String(text));
    if (parsed.protocol !== 'http:' && parsed.protocol !== 'https:') throw new Error('not http');
    return parsed.origin;
  } catch {
    throw new UsageError(`--url must be a collector's base URL such as http://127.0.0.1:8080, got "${String(text)}".`);
  }
};

const days = (text: string | undefined): number => {
  if (text === undefined) return DEFAULT_SEED.days;
  if (!/^[0-9]{1,3}$/.test(text) || Number(text) < 1 || Number(text) > 400)
    throw new UsageError(`--days must be a whole number of days from 1 to 400, got "${text}".`);
  return Number(text);
};

/** Parses `percept <command> [flags]`; no command means `help`. */
export const parseCommandLine = (argv: readonly string[]): Parsed => {
  const [first, ...rest] = argv;
  const command = first === undefined || first === '--help' || first === '-h' ? 'help' : first;
  if (!(COMMANDS as readonly string[]).includes(command)) throw new UsageError(`Unknown command "${command}". Commands: ${COMMANDS.join(', ')}.`);
  const name = command as Command;
  let values: Record<string, string | boolean | (string | boolean)[] | undefined>;
  let positionals: string[];
  try {
    const options: NonNullable<ParseArgsConfig['options']> = OPTIONS[name];
    ({ values, positionals } = parseArgs({ args: rest, strict: true, allowPositionals: name === 'query', options }));
  } catch (error) {
    const reason = (error as Error).message.split('. ')[0]!.replace(/\.$/, '');
    throw new UsageError(`${reason}. percept ${name} accepts ${flagList(name)}.`);
  }
  if (values.help) return { command: 'help', flags: {} };
  const flags: ConfigFlags = {};
  const portValue = port(values.port as string | undefined);
  if (portValue !== undefined) flags.port = portValue;
  if (typeof values.host === 'string') flags.host = values.host;
  if (typeof values['data-dir'] === 'string') flags.dataDir = values['data-dir'];
  if (typeof values.config === 'string') flags.config = values.config;
  if (name === 'seed')
    return { command: name, flags, seed: { app: (values.app as string | undefined) ?? DEFAULT_SEED.app, days: days(values.days as string | undefined) } };
  if (name === 'start') return values.seed ? { command: name, flags, seed: DEFAULT_SEED } : { command: name, flags };
  if (name === 'migrate' || name === 'help') return { command: name, flags };

  const read: ReadFlags = { format: formatOf(values.format) };
  const base = url(values.url);
  if (base) read.url = base;
  const env = typeof values.env === 'string' ? { env: values.env } : {};
  if (name === 'report') {
    return { command: name, flags, read, app: required(values, 'app', name, '--app shop'), sinceDays: sinceDays(values.since, 7), ...env };
  }
  if (name === 'compare') {
    const against = typeof values.against === 'string' ? { against: values.against } : {};
    return {
      command: name,
      flags,
      read,
      app: required(values, 'app', name, '--app shop'),
      release: required(values, 'release', name, '--release 4.2'),
      ...against,
      sinceDays: sinceDays(values.since, 30),
      ...env,
    };
  }
  if (positionals.length > 1) throw new UsageError('percept query takes one SQL statement: quote it, e.g. percept query "SELECT count() FROM vitals".');
  return { command: name, flags, read, ...(positionals[0] !== undefined ? { sql: positionals[0] } : {}) };
};

export const HELP = `percept: real-user monitoring collector

Usage:
  percept start   [--port 8080] [--host 127.0.0.1] [--data-dir ./data] [--config file.json]
                  Runs the collector: ingest, SDK, demo page, read API, alerts, metrics.
                  [--seed]  first fills an empty store with 30 days of demo history
  percept migrate [--data-dir ./data] [--config file.json]
                  Brings the ClickHouse schema up to date and exits.
  percept seed    [--app demo] [--days 30] [--data-dir ./data] [--config file.json]
                  Fills the store with realistic synthetic history (env "seed"):
                  several releases, one with a regression, every workflow outcome.
  percept report  --app shop [--since 7d] [--env production] [--format table|json|csv]
                  Core Web Vitals, the slowest routes and the workflows of an app.
  percept compare --app shop --release 4.2 [--against 4.1] [--since 30d] [--env …]
                  [--format …]  Release against baseline (default: the release
                  before it) with tested verdicts. Exit code 1 when anything
                  regressed significantly, 0 otherwise, 2 on usage errors.
  percept query   "SELECT …" [--format table|json|csv]   (or the SQL on stdin)
                  Read-only SQL on the configured database (readonly = 2), or
                  through a running collector's POST /api/v1/query (readonly = 1,
                  its API limits; PERCEPT_TOKEN must read every app).
  percept help    Shows this text.

report, compare and query read the data folder (--data-dir) directly when no
collector runs on it; when one does, they ask its read API at --url (default
http://127.0.0.1:<port>) with the read token in PERCEPT_TOKEN.

Flags win over environment variables, which win over the config file.
Environment: PERCEPT_CONFIG, PERCEPT_DATA_DIR, PERCEPT_SPOOL_DIR, PERCEPT_USER_KEY,
PERCEPT_TOKEN, CLICKHOUSE_URL, CLICKHOUSE_USER, CLICKHOUSE_PASSWORD, … (docs/configuration.md).
`;
