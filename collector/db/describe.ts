import type { Config } from '../config/types.js';
import { chdbPath } from './embedded.js';

/** Where the data goes, for people: a server URL never shows its password. */
export const describeDatabase = (config: Config): string => {
  const { url, database } = config.database;
  if (!url) return `embedded chDB at ${chdbPath(config.dataDir)} (database ${database})`;
  const safe = new URL(url);
  safe.username = '';
  safe.password = '';
  return `ClickHouse server ${safe.origin}${safe.pathname === '/' ? '' : safe.pathname} (database ${database})`;
};
