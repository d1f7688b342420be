import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { rm } from 'node:fs/promises';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { freshDir, request, ROOT, startCli, type CliCollector } from '../support/system-helpers.js';

/**
 * The collector as `percept start` and `npm start` run it: the JavaScript
 * tsc emitted into dist/node/, not the TypeScript sources. It finds the
 * files shipped beside the code (migrations, the SDK build, the demo page)
 * from there. `npm test` builds first; a lone run builds what is missing.
 */
let dataDir = '';
let collector: CliCollector | undefined;

const build = (args: string[], what: string) => {
  const result = spawnSync('npx', args, { cwd: ROOT, encoding: 'utf8' });
  if (result.status !== 0) throw new Error(`Building ${what} failed:\n${result.stdout}${result.stderr}`);
};

beforeAll(async () => {
  if (!existsSync(join(ROOT, 'dist/percept.js'))) build(['rollup', '-c', 'rollup.config.mjs', '--silent'], 'the SDK');
  if (!existsSync(join(ROOT, 'dist/node/collector/cli/main.js'))) build(['tsc', '-p', 'tsconfig.build.json'], 'the collector');
  dataDir = await freshDir('system-compiled');
  collector = await startCli({ dataDir, entry: 'compiled', startMs: 120_000 });
}, 240_000);

afterAll(async () => {
  await collector?.stop('SIGTERM');
  if (dataDir) await rm(dataDir, { recursive: true, force: true });
});

describe('the compiled collector', () => {
  it('migrates, listens and is ready', async () => {
    expect((await request(`${collector!.url}/readyz`)).status).toBe(200);
  });

  it('serves the SDK build and the demo page from the package folder', async () => {
    const sdk = await request(`${collector!.url}/percept.js`);
    expect(sdk.status).toBe(200);
    expect(sdk.body.length).toBeGreaterThan(1000);
    const demo = await request(`${collector!.url}/demo`);
    expect(demo.status).toBe(200);
    expect(demo.body).toContain('<html');
  });
});
