import { createHash, timingSafeEqual } from 'node:crypto';
import type { ReaderConfig } from '../config/types.js';
import { readerFileSchema, type ReaderFile } from '../config/file.js';

/** SHA-256 of a token: what the config keeps and what a presented token is compared by. */
export const hashToken = (token: string): Buffer => createHash('sha256').update(token, 'utf8').digest();

/** A reader as the config file or the environment describes it, with the token reduced to its hash. */
export const toReaderConfig = (reader: ReaderFile): ReaderConfig => ({
  name: reader.name,
  tokenSha256: reader.token !== undefined ? hashToken(reader.token) : Buffer.from(reader.tokenSha256!, 'hex'),
  apps: reader.apps.includes('*') ? '*' : [...new Set(reader.apps)].sort(),
});

/**
 * PERCEPT_READ_TOKENS: `name:token:app1,app2;name2:token2:*`, each entry
 * checked by the same rules as the config file's readers. Errors name the
 * entry by position and the field, never quote its token.
 */
export const parseReadTokensEnv = (raw: string): ReaderFile[] =>
  raw
    .split(';')
    .map((entry) => entry.trim())
    .filter((entry) => entry !== '')
    .map((entry, index) => {
      const parts = entry.split(':');
      const [name, token, apps] = parts;
      if (parts.length !== 3 || !name || !token || !apps) {
        throw new Error(`PERCEPT_READ_TOKENS entry ${index + 1} must be name:token:app1,app2 (or name:token:* for every app).`);
      }
      const reader = readerFileSchema.safeParse({ name, token, apps: apps.split(',').map((app) => app.trim()) });
      if (!reader.success) {
        const problems = reader.error.issues.map((issue) => `${issue.path.join('.') || 'entry'}: ${issue.message}`).join('; ');
        throw new Error(`PERCEPT_READ_TOKENS entry ${index + 1} is invalid (${problems}).`);
      }
      return reader.data;
    });

/** Who made an API call: the reader's name and scope, never its token. */
export interface Reader {
  name: string;
  apps: readonly string[] | '*';
}

export const mayRead = (reader: Reader, app: string): boolean => reader.apps === '*' || reader.apps.includes(app);

/** The scope as a string, part of every cache key: readers with the same scope may share results, no one else. */
export const scopeKey = (reader: Reader): string => (reader.apps === '*' ? '*' : reader.apps.join(','));

/**
 * Finds the reader a presented token belongs to. Every configured hash is
 * compared, in constant time, so the answer takes as long whichever (if any)
 * matches.
 */
export const readerDirectory = (readers: readonly ReaderConfig[]) => {
  return {
    verify(token: string): Reader | undefined {
      const presented = hashToken(token);
      let found: ReaderConfig | undefined;
      for (const reader of readers) {
        if (timingSafeEqual(presented, reader.tokenSha256) && found === undefined) found = reader;
      }
      return found && { name: found.name, apps: found.apps };
    },
  };
};

export type ReaderDirectory = ReturnType<typeof readerDirectory>;
