import { mkdtemp } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { buildApp } from '../../collector/app.js';
import { loadConfig } from '../../collector/config/load.js';

/**
 * A collector on a fresh data folder with app `shop` and one all-apps read
 * token, its summary builder stopped: the read benches generate synthetic
 * traffic into it and build the day summaries themselves, so no background
 * round runs while they time.
 */
export const openBenchCollector = async (name: string, token: string) => {
  const dir = await mkdtemp(join(tmpdir(), `percept-bench-${name}-`));
  const config = await loadConfig({
    file: {
      apps: [{ id: 'shop', keys: ['shop-key-0001'], origins: ['*'] }],
      readers: [{ name: 'bench', token, apps: ['*'] }],
      logLevel: 'silent',
      summaries: { everySeconds: 0 },
    },
    env: { PERCEPT_DATA_DIR: dir, PERCEPT_USER_KEY: `v1:bench-${name}-key-0123456789` },
    warn: () => undefined,
  });
  return { dir, config, app: await buildApp(config) };
};
