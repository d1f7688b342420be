import { randomBytes } from 'node:crypto';
import { mkdir, readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { ReaderFile } from './file.js';

const FILE = 'demo-read-token';

/** Name of the reader `npm start` makes for the demo, so a newcomer can open the dashboard without editing a config. */
export const DEMO_READER = 'demo';

/**
 * The demo's read token: random, made once into `<dataDir>/demo-read-token`
 * (mode 0600) and reused, so a signed-in tab keeps working across restarts.
 * It reads only the built-in apps (demo data and the dashboard's own
 * measurements), and exists only while the demo app is on.
 */
export const demoReader = async (dataDir: string, apps: readonly string[]): Promise<ReaderFile> => {
  const path = join(dataDir, FILE);
  let token = (await readFile(path, 'utf8').catch(() => '')).trim();
  if (token === '') {
    token = `demo-${randomBytes(18).toString('base64url')}`;
    await mkdir(dataDir, { recursive: true });
    try {
      await writeFile(path, `${token}\n`, { mode: 0o600, flag: 'wx' });
    } catch {
      // Another process made it first; use theirs.
      token = (await readFile(path, 'utf8')).trim();
    }
  }
  return { name: DEMO_READER, token, apps: [...apps] };
};
