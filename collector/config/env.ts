import { parseReadTokensEnv } from '../api/tokens.js';
import type { ConfigFile } from './file.js';

type Env = Readonly<Record<string, string | undefined>>;

const integer = (env: Env, name: string): number | undefined => {
  const raw = env[name]?.trim();
  if (raw === undefined || raw === '') return undefined;
  if (!/^[0-9]{1,15}$/.test(raw)) throw new Error(`${name} must be a whole number, got "${raw}".`);
  return Number(raw);
};

const text = (env: Env, name: string): string | undefined => {
  const raw = env[name]?.trim();
  return raw === undefined || raw === '' ? undefined : raw;
};

const flag = (env: Env, name: string): boolean | undefined => {
  const raw = text(env, name)?.toLowerCase();
  if (raw === undefined) return undefined;
  if (raw === '1' || raw === 'true' || raw === 'yes') return true;
  if (raw === '0' || raw === 'false' || raw === 'no') return false;
  throw new Error(`${name} must be true or false (1/0), got "${raw}".`);
};

/** `true`/`false`, or a comma-separated list of proxy addresses / CIDR ranges. */
const proxies = (env: Env, name: string): boolean | string[] | undefined => {
  const raw = text(env, name);
  if (raw === undefined) return undefined;
  if (/^(?:1|0|true|false|yes|no)$/i.test(raw)) return flag(env, name);
  return raw
    .split(',')
    .map((part) => part.trim())
    .filter(Boolean);
};

const defined = <T extends object>(value: T): Partial<T> => Object.fromEntries(Object.entries(value).filter(([, v]) => v !== undefined)) as Partial<T>;

/**
 * The settings environment variables override, in config-file shape. The list
 * is documented in docs/configuration.md; PERCEPT_USER_KEY and PERCEPT_CONFIG
 * are read by the loader itself.
 */
export const configFromEnv = (env: Env): ConfigFile => {
  const clickhouse = defined({
    url: text(env, 'CLICKHOUSE_URL'),
    user: text(env, 'CLICKHOUSE_USER'),
    password: env.CLICKHOUSE_PASSWORD,
    database: text(env, 'CLICKHOUSE_DATABASE'),
    cluster: text(env, 'CLICKHOUSE_CLUSTER'),
  });
  const rateLimit = defined({
    perKeyPerMinute: integer(env, 'PERCEPT_RATE_LIMIT_PER_KEY'),
    perAddressPerMinute: integer(env, 'PERCEPT_RATE_LIMIT_PER_ADDRESS'),
  });
  const country = defined({ lookup: flag(env, 'PERCEPT_COUNTRY'), database: text(env, 'PERCEPT_COUNTRY_DB') });
  const summaries = defined({ everySeconds: integer(env, 'PERCEPT_SUMMARY_EVERY_SECONDS') });
  return defined({
    host: text(env, 'HOST'),
    port: integer(env, 'PORT'),
    dataDir: text(env, 'PERCEPT_DATA_DIR'),
    spoolDir: text(env, 'PERCEPT_SPOOL_DIR'),
    spoolMaxBytes: integer(env, 'PERCEPT_SPOOL_MAX_BYTES'),
    bodyLimit: integer(env, 'PERCEPT_BODY_LIMIT'),
    logLevel: text(env, 'PERCEPT_LOG_LEVEL') as ConfigFile['logLevel'],
    trustProxy: proxies(env, 'PERCEPT_TRUST_PROXY'),
    retentionDays: integer(env, 'PERCEPT_RETENTION_DAYS'),
    demo: flag(env, 'PERCEPT_DEMO'),
    clickhouse: Object.keys(clickhouse).length > 0 ? clickhouse : undefined,
    rateLimit: Object.keys(rateLimit).length > 0 ? rateLimit : undefined,
    country: Object.keys(country).length > 0 ? country : undefined,
    summaries: Object.keys(summaries).length > 0 ? summaries : undefined,
    readers: env.PERCEPT_READ_TOKENS?.trim() ? parseReadTokensEnv(env.PERCEPT_READ_TOKENS) : undefined,
  });
};
