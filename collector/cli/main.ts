import { text } from 'node:stream/consumers';
import { loadConfig } from '../config/load.js';
import { DatabaseError } from '../db/database-error.js';
import { startServer } from '../server.js';
import { HELP, parseCommandLine, UsageError, type Parsed } from './args.js';
import { runCompare } from './compare.js';
import { runMigrate } from './migrate.js';
import { runQuery } from './query.js';
import { runReport } from './report.js';
import { runSeed } from './seed.js';
import { CliError, openSource } from './source.js';

const fail = (message: string, code: number): never => {
  process.stderr.write(`percept: ${message}\n`);
  process.exit(code);
};

/** The SQL of `percept query`: the argument, or stdin when it is piped in. */
const sqlOf = async (parsed: Extract<Parsed, { command: 'query' }>): Promise<string> => {
  const sql = parsed.sql ?? (process.stdin.isTTY ? '' : await text(process.stdin));
  if (sql.trim() === '') throw new UsageError('percept query needs a statement: percept query "SELECT count() FROM vitals", or pipe it in on stdin.');
  return sql.trim().replace(/;\s*$/, '');
};

/** report, compare, query: opens the source (database or a running collector's API), prints, returns the exit code. */
const read = async (parsed: Extract<Parsed, { read: unknown }>): Promise<number> => {
  const sql = parsed.command === 'query' ? await sqlOf(parsed) : '';
  const config = await loadConfig({ flags: parsed.flags });
  const say = (line: string) => process.stderr.write(`percept: ${line}\n`);
  const token = process.env.PERCEPT_TOKEN?.trim() || undefined;
  const source = await openSource(config, {
    ...(parsed.read.url ? { url: parsed.read.url } : {}),
    ...(token ? { token } : {}),
    needsSql: parsed.command === 'query',
    say,
  });
  try {
    const now = Date.now();
    const { format } = parsed.read;
    if (parsed.command === 'report') {
      process.stdout.write(await runReport(source, { app: parsed.app, sinceDays: parsed.sinceDays, ...(parsed.env ? { env: parsed.env } : {}), format, now }));
      return 0;
    }
    if (parsed.command === 'compare') {
      const outcome = await runCompare(source, {
        app: parsed.app,
        release: parsed.release,
        sinceDays: parsed.sinceDays,
        format,
        now,
        ...(parsed.against ? { against: parsed.against } : {}),
        ...(parsed.env ? { env: parsed.env } : {}),
      });
      process.stdout.write(outcome.text);
      return outcome.regressed ? 1 : 0;
    }
    process.stdout.write(await runQuery(source, sql, format));
    return 0;
  } finally {
    await source.close();
  }
};

/** The `percept` command line: start, migrate, seed, report, compare, query, help. */
const main = async (argv: readonly string[]): Promise<void> => {
  const parsed = parseCommandLine(argv);
  if (!('read' in parsed)) {
    if (parsed.command === 'help') {
      process.stdout.write(HELP);
      return;
    }
    const config = await loadConfig({ flags: parsed.flags });
    const print = (line: string) => process.stdout.write(`${line}\n`);
    if (parsed.command === 'migrate') await runMigrate(config, print);
    else if (parsed.command === 'seed') await runSeed(config, parsed.seed, print);
    else await startServer(config, print, 'seed' in parsed ? parsed.seed : undefined);
    return;
  }
  process.exitCode = await read(parsed);
};

main(process.argv.slice(2)).catch((error: unknown) => {
  if (error instanceof UsageError) fail(`${error.message}\nRun \`percept help\` for usage.`, 2);
  if (error instanceof CliError || error instanceof DatabaseError) fail(error.message, 1);
  fail(error instanceof Error ? error.message : String(error), 1);
});
