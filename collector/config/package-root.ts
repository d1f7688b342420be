import { existsSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

/**
 * The package's folder, found from this file whether it runs as source
 * (collector/config/) or compiled (dist/node/collector/config/): the nearest
 * folder above it that holds a package.json. Files shipped beside the code
 * (migrations, the SDK build, the demo page) are read from there, so their
 * paths do not depend on where the JavaScript was emitted.
 */
const findRoot = (): string => {
  const here = fileURLToPath(import.meta.url);
  let dir = dirname(here);
  while (!existsSync(join(dir, 'package.json'))) {
    const up = dirname(dir);
    if (up === dir) throw new Error(`percept cannot find its package folder: no package.json above ${here}. Reinstall the package.`);
    dir = up;
  }
  return dir;
};

export const PACKAGE_ROOT = findRoot();

/** A path inside the package, e.g. `packagePath('schema', 'clickhouse')`. */
export const packagePath = (...parts: string[]): string => join(PACKAGE_ROOT, ...parts);
