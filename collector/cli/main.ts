import { loadConfig } from '../config/load.js';
import { startServer } from '../server.js';
import { HELP, parseCommandLine, UsageError } from './args.js';
import { runMigrate } from './migrate.js';
import { runSeed } from './seed.js';

const fail = (message: string, code: number): never => {
  process.stderr.write(`percept: ${message}\n`);
  process.exit(code);
};

/** The `percept` command line: start, migrate, seed, help. */
const main = async (argv: readonly string[]): Promise<void> => {
  const { command, flags, seed } = parseCommandLine(argv);
  if (command === 'help') {
    process.stdout.write(HELP);
    return;
  }
  const config = await loadConfig({ flags });
  const print = (line: string) => process.stdout.write(`${line}\n`);
  if (command === 'migrate') await runMigrate(config, print);
  else if (command === 'seed') await runSeed(config, seed!, print);
  else await startServer(config, print, seed);
};

main(process.argv.slice(2)).catch((error: unknown) => {
  if (error instanceof UsageError) fail(`${error.message}\nRun \`percept help\` for usage.`, 2);
  fail(error instanceof Error ? error.message : String(error), 1);
});
