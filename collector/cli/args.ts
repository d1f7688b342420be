import { parseArgs } from 'node:util';
import type { ConfigFlags } from '../config/load.js';

export type Command = 'start' | 'migrate' | 'help';

export interface Parsed {
  command: Command;
  flags: ConfigFlags;
}

const COMMANDS: ReadonlySet<string> = new Set(['start', 'migrate', 'help']);
const FLAGS = '--port <n>, --host <address>, --data-dir <dir>, --config <file>';

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
  if (!COMMANDS.has(command)) throw new UsageError(`Unknown command "${command}". Commands: start, migrate, help.`);
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
  return { command: command as Command, flags };
};

export const HELP = `percept: real-user monitoring collector

Usage:
  percept start   [--port 8080] [--host 127.0.0.1] [--data-dir ./data] [--config file.json]
                  Runs the collector: ingest, SDK, demo page, metrics.
  percept migrate [--data-dir ./data] [--config file.json]
                  Brings the ClickHouse schema up to date and exits.
  percept help    Shows this text.

Flags win over environment variables, which win over the config file.
Environment: PERCEPT_CONFIG, PERCEPT_DATA_DIR, PERCEPT_SPOOL_DIR, PERCEPT_USER_KEY,
CLICKHOUSE_URL, CLICKHOUSE_USER, CLICKHOUSE_PASSWORD, … (docs/configuration.md).
`;
