import { randomBytes } from 'node:crypto';
import { mkdir, readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
const FILE = 'user-key';

/** A user key: a version label, a colon, and the secret (at least 16 characters). */
export const USER_KEY_PATTERN = /^(v[0-9]{1,6}):(.{16,})$/s;

const check = (key: string, source: string): string => {
  if (!USER_KEY_PATTERN.test(key)) {
    throw new Error(`${source} must look like "v1:<secret of at least 16 characters>" (the version label makes rotation explicit).`);
  }
  return key;
};

/**
 * The HMAC key for user ids: PERCEPT_USER_KEY when set; otherwise a random key
 * generated once into `<dataDir>/user-key` (mode 0600) and reused, with a
 * warning, so development works without setup and hashes stay stable across
 * restarts.
 */
export const resolveUserKey = async (fromEnv: string | undefined, dataDir: string, warn: (message: string) => void): Promise<string> => {
  if (fromEnv !== undefined && fromEnv.trim() !== '') return check(fromEnv.trim(), 'PERCEPT_USER_KEY');
  const path = join(dataDir, FILE);
  const existing = await readFile(path, 'utf8').catch(() => undefined);
  if (existing !== undefined) {
    warn(`PERCEPT_USER_KEY is not set; using the key generated earlier in ${path}. Set PERCEPT_USER_KEY in production.`);
    return check(existing.trim(), path);
  }
  const key = `v1:${randomBytes(32).toString('base64url')}`;
  await mkdir(dataDir, { recursive: true });
  try {
    await writeFile(path, `${key}\n`, { mode: 0o600, flag: 'wx' });
  } catch {
    // Another process won the race to create it; use theirs.
    return check((await readFile(path, 'utf8')).trim(), path);
  }
  warn(`PERCEPT_USER_KEY is not set; generated a random user-id key into ${path}. Set PERCEPT_USER_KEY in production.`);
  return key;
};
