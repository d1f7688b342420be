#!/usr/bin/env node
// The `percept` command: runs the collector as compiled by `npm run build` (tsc into dist/node/); production never compiles TypeScript.
import { existsSync } from 'node:fs';

const main = new URL('../../dist/node/collector/cli/main.js', import.meta.url);
if (!existsSync(main)) {
  console.error('percept: the collector is not built yet. Run `npm run build` in the package folder, then try again.');
  process.exit(1);
}
await import(main.href);
