import { parseArgs } from 'node:util';
import type { ConfigFlags } from '../config/load.js';
import type { SeedOptions } from './seed.js';

export type Command = 'start' | 'migrate' | 'seed' | 'help';

export interface Parsed {
  command: Command;
  flags: ConfigFlags;
  /** `percept seed`, or `percept start --seed`: what to seed. */
  seed?: SeedOptions;
}

const COMMANDS: ReadonlySet<string> = new Set(['start', 'migrate', 'seed', 'help']);
const FLAGS = '--port <n>, --host <address>, --data-dir <dir>, --config <file>; start: --seed; seed: --app <id>, --days <n>';
const DEFAULT_SEED: SeedOptions = { app: 'demo', days: 30 };

/** Thrown for a command line that cannot run; its message says what is accepted. */
export class UsageError extends Error {}

const port = (text: string | undefined): number | undefined => {
  if (text === undefined) return undefined;
  if (!/^[0-9]{1,5}$/.test(text) || Number(text) > 65535) throw new UsageError(`--port must be a number from 0 to 65535, got "${text}".`);
  return Number(text);
};

/** Parses `percept <command> [flags]`; no command means `help`. */
export const parseCommandLine = (argv: readonly string[]): Parsed => {
  const [first, ...rest] = argv;
  const command = first === undefined || first === '--help' || first === '-h' ? 'help' : first;
  if (!COMMANDS.has(command)) throw new UsageError(`Unknown command "${command}". Commands: start, migrate, seed, help.`);
  let values: Record<string, string | boolean | undefined>;
  try {
    ({ values } = parseArgs({
      args: rest,
      strict: true,
      allowPositionals: false,
      options: {
        port: { type: 'string' },
        host: { type: 'string' },
        'data-dir': { type: 'string' },
        config: { type: 'string' },
        seed: { type: 'boolean' },
        app: { type: 'string' },
        days: { type: 'string' },
        help: { type: 'boolean', short: 'h' },
      },
    }));
  } catch (error) {
    const reason = (error as Error).message.split('. ')[0]!.replace(/\.$/, '');
    throw new UsageError(`${reason}. Accepted flags: ${FLAGS}.`);
  }
  if (values.help) return { command: 'help', flags: {} };
  const flags: ConfigFlags = {};
  const portValue = port(values.port as string | undefined);
  if (portValue !== undefined) flags.port = portValue;
  if (typeof values.host === 'string') flags.host = values.host;
  if (typeof values['data-dir'] === 'string') flags.dataDir = values['data-dir'];
  if (typeof values.config === 'string') flags.config = values.config;
  if (command !== 'seed' && (values.app !== undefined || values.days !== undefined)) throw new UsageError('--app and --days belong to `percept seed`.');
  if (values.seed && command !== 'start') throw new UsageError('--seed belongs to `percept start`; to seed without starting, run `percept seed`.');
  if (command === 'seed')
    return { command, flags, seed: { app: (values.app as string | undefined) ?? DEFAULT_SEED.app, days: days(values.days as string | undefined) } };
  if (values.seed) return { command: 'start', flags, seed: DEFAULT_SEED };
  return { command: command as Command, flags };
};

const days = (text: string | undefined): number => {
  if (text === undefined) return DEFAULT_SEED.days;
  if (!/^[0-9]{1,3}$/.test(text) || Number(text) < 1 || Number(text) > 400)
    throw new UsageError(`--days must be a whole number of days from 1 to 400, got "${text}".`);
  return Number(text);
};

export const HELP = `percept: real-user monitoring collector

Usage:
  percept start   [--port 8080] [--host 127.0.0.1] [--data-dir ./data] [--config file.json]
                  Runs the collector: ingest, SDK, demo page, metrics.
                  [--seed]  first fills an empty store with 30 days of demo history
  percept migrate [--data-dir ./data] [--config file.json]
                  Brings the ClickHouse schema up to date and exits.
  percept seed    [--app demo] [--days 30] [--data-dir ./data] [--config file.json]
                  Fills the store with realistic synthetic history (env "seed"):
                  several releases, one with a regression, every workflow outcome.
  percept help    Shows this text.

Flags win over environment variables, which win over the config file.
Environment: PERCEPT_CONFIG, PERCEPT_DATA_DIR, PERCEPT_SPOOL_DIR, PERCEPT_USER_KEY,
CLICKHOUSE_URL, CLICKHOUSE_USER, CLICKHOUSE_PASSWORD, … (docs/configuration.md).
`;
