import { describe, expect, it } from 'vitest';
import { parseCommandLine, UsageError } from '../../collector/cli/args.js';

describe('percept command line', () => {
  it('reads seed with its defaults and its flags', () => {
    expect(parseCommandLine(['seed'])).toEqual({ command: 'seed', flags: {}, seed: { app: 'demo', days: 30 } });
    expect(parseCommandLine(['seed', '--app', 'shop', '--days', '7', '--data-dir', '/tmp/x'])).toEqual({
      command: 'seed',
      flags: { dataDir: '/tmp/x' },
      seed: { app: 'shop', days: 7 },
    });
  });

  it('reads start --seed as start that seeds the demo first', () => {
    expect(parseCommandLine(['start', '--seed'])).toEqual({ command: 'start', flags: {}, seed: { app: 'demo', days: 30 } });
    expect(parseCommandLine(['start'])).toEqual({ command: 'start', flags: {} });
  });

  it('names the problem for flags that belong elsewhere or bad day counts', () => {
    expect(() => parseCommandLine(['seed', '--days', '0'])).toThrow(/--days must be a whole number of days from 1 to 400, got "0"/);
    expect(() => parseCommandLine(['seed', '--days', 'week'])).toThrow(UsageError);
    expect(() => parseCommandLine(['migrate', '--seed'])).toThrow("Unknown option '--seed'. percept migrate accepts --data-dir, --config, --port, --host.");
    expect(() => parseCommandLine(['start', '--app', 'shop'])).toThrow(
      "Unknown option '--app'. percept start accepts --data-dir, --config, --port, --host, --seed.",
    );
    expect(() => parseCommandLine(['sow'])).toThrow(/Unknown command "sow". Commands: start, migrate, seed, report, compare, query, help/);
  });
});
