import { isIP } from 'node:net';
import { isAbsolute, join, resolve } from 'node:path';
import { compileOrigins } from './origins.js';
import { dashboardApp, DASHBOARD_APP, DEFAULTS, demoApp, MAX_RETENTION_DAYS } from './defaults.js';
import { DEMO_READER, demoReader } from './demo-token.js';
import { configFromEnv } from './env.js';
import { parseConfigFile, readConfigFile, type ConfigFile } from './file.js';
import type { AppConfig, Config } from './types.js';
import { resolveUserKey } from './user-key.js';
import { hashToken, toReaderConfig } from '../api/tokens.js';
import type { ReaderConfig } from './types.js';
import { toAlertsConfig } from '../alerts/rules.js';

/** Command-line flags of `percept start`; they win over the environment and the file. */
export interface ConfigFlags {
  config?: string;
  port?: number;
  host?: string;
  dataDir?: string;
}

export interface LoadConfigOptions {
  env?: Readonly<Record<string, string | undefined>>;
  flags?: ConfigFlags;
  /** A config object used instead of reading PERCEPT_CONFIG / --config (tests). */
  file?: unknown;
  /** Base of relative paths. Default process.cwd(). */
  cwd?: string;
  /** Where warnings go before a logger exists. Default stderr. */
  warn?: (message: string) => void;
}

/**
 * Builds the Config: defaults, then the config file (`--config` or
 * PERCEPT_CONFIG), then environment variables, then flags. Throws an Error
 * whose message says what to fix.
 */
export const loadConfig = async (options: LoadConfigOptions = {}): Promise<Config> => {
  const env = options.env ?? process.env;
  const flags = options.flags ?? {};
  const cwd = options.cwd ?? process.cwd();
  const warn = options.warn ?? ((message: string) => process.stderr.write(`percept: ${message}\n`));
  const path = flags.config ?? env.PERCEPT_CONFIG?.trim();
  const file: ConfigFile | undefined =
    options.file !== undefined ? parseConfigFile(options.file, 'object') : path ? await readConfigFile(resolve(cwd, path)) : undefined;
  const fromEnv = configFromEnv(env);
  const merged: ConfigFile = {
    ...file,
    ...fromEnv,
    clickhouse: { ...file?.clickhouse, ...fromEnv.clickhouse },
    rateLimit: { ...file?.rateLimit, ...fromEnv.rateLimit },
    country: { ...file?.country, ...fromEnv.country },
    readers: [...(file?.readers ?? []), ...(fromEnv.readers ?? [])],
    ...definedFlags(flags),
  };
  const dataDir = absolute(cwd, merged.dataDir ?? DEFAULTS.dataDir);
  const retentionDays = merged.retentionDays ?? DEFAULTS.retentionDays;
  // The file schema bounds it, the environment does not; rows store it as UInt16, so a larger value would wrap.
  if (retentionDays < 1 || retentionDays > MAX_RETENTION_DAYS) {
    throw new Error(`retentionDays (PERCEPT_RETENTION_DAYS) must be 1–${MAX_RETENTION_DAYS} days, got ${retentionDays}.`);
  }
  const { clickhouse = {} } = merged;
  const apps = buildApps(merged, file !== undefined, retentionDays);
  const demoRead =
    apps.has('demo') && !merged.readers?.some((reader) => reader.name === DEMO_READER)
      ? await demoReader(dataDir, ['demo', ...(apps.has(DASHBOARD_APP) ? [DASHBOARD_APP] : [])])
      : undefined;
  if (demoRead) merged.readers = [...(merged.readers ?? []), demoRead];
  const config: Config = {
    host: merged.host ?? DEFAULTS.host,
    port: merged.port ?? DEFAULTS.port,
    dataDir,
    spoolDir: merged.spoolDir ? absolute(cwd, merged.spoolDir) : join(dataDir, 'spool'),
    spoolMaxBytes: merged.spoolMaxBytes ?? DEFAULTS.spoolMaxBytes,
    bodyLimit: merged.bodyLimit ?? DEFAULTS.bodyLimit,
    database: {
      ...(clickhouse.url ? { url: clickhouse.url } : {}),
      ...(clickhouse.user ? { user: clickhouse.user } : {}),
      ...(clickhouse.password !== undefined ? { password: clickhouse.password } : {}),
      ...(clickhouse.cluster ? { cluster: clickhouse.cluster } : {}),
      database: clickhouse.database ?? DEFAULTS.database,
      dataDir,
      retentionDays,
    },
    userKey: await resolveUserKey(env.PERCEPT_USER_KEY, dataDir, warn),
    apps,
    readers: buildReaders(merged, apps),
    ...(demoRead ? { demoReadToken: demoRead.token } : {}),
    api: { ...DEFAULTS.api, ...merged.api },
    summaries: { everySeconds: merged.summaries?.everySeconds ?? DEFAULTS.summaryEverySeconds },
    alerts: toAlertsConfig(merged.alerts, new Set(apps.keys()), env.PERCEPT_ALERT_WEBHOOK_SECRET?.trim() || undefined),
    rateLimit: {
      perKeyPerMinute: merged.rateLimit?.perKeyPerMinute ?? DEFAULTS.perKeyPerMinute,
      perAddressPerMinute: merged.rateLimit?.perAddressPerMinute ?? DEFAULTS.perAddressPerMinute,
    },
    logLevel: merged.logLevel ?? DEFAULTS.logLevel,
    trustProxy: trustedProxies(merged.trustProxy),
    country: {
      lookup: merged.country?.lookup ?? true,
      ...(merged.country?.database !== undefined && { database: absolute(cwd, merged.country.database) }),
    },
  };
  if (config.apps.size === 0) warn('No apps are configured, so every batch is refused: add "apps" to the config file.');
  return config;
};

// The names proxy-addr (Fastify's trustProxy) accepts besides addresses and ranges.
const PROXY_NAMES = new Set(['loopback', 'linklocal', 'uniquelocal']);

/** Checks a trustProxy list early, so a typo stops the start with a message instead of inside Fastify. */
const trustedProxies = (value: boolean | string[] | undefined): boolean | string[] => {
  if (!Array.isArray(value)) return value ?? false;
  for (const entry of value) {
    const [address = '', prefix, extra] = entry.split('/');
    const bits = isIP(address) === 4 ? 32 : isIP(address) === 6 ? 128 : 0;
    const prefixOk = prefix === undefined || (/^[0-9]{1,3}$/.test(prefix) && Number(prefix) <= bits);
    if (!PROXY_NAMES.has(entry) && (bits === 0 || !prefixOk || extra !== undefined)) {
      throw new Error(`trustProxy (PERCEPT_TRUST_PROXY): "${entry}" is not an IP address or CIDR range; write e.g. 10.0.0.5 or 10.0.0.0/8, or true/false.`);
    }
  }
  return value;
};

const absolute = (cwd: string, path: string): string => (isAbsolute(path) ? path : resolve(cwd, path));

const definedFlags = (flags: ConfigFlags): ConfigFile => ({
  ...(flags.port !== undefined ? { port: flags.port } : {}),
  ...(flags.host !== undefined ? { host: flags.host } : {}),
  ...(flags.dataDir !== undefined ? { dataDir: flags.dataDir } : {}),
});

/**
 * Read tokens, hashed. Names are unique (the audit log tells readers apart by
 * name), and no token is also an ingest key: ingest keys are public, so a read
 * token equal to one would be readable in every page's source.
 */
const buildReaders = (merged: ConfigFile, apps: ReadonlyMap<string, AppConfig>): ReaderConfig[] => {
  const readers = (merged.readers ?? []).map(toReaderConfig);
  const names = new Set<string>();
  const ingestHashes = [...apps.values()].flatMap((app) => app.keys.map((key) => hashToken(key).toString('hex')));
  for (const reader of readers) {
    if (names.has(reader.name)) throw new Error(`Reader "${reader.name}" is configured twice: reader names must be unique.`);
    names.add(reader.name);
    if (ingestHashes.includes(reader.tokenSha256.toString('hex'))) {
      throw new Error(`The read token of reader "${reader.name}" is also an ingest key: ingest keys are public, so give the reader another token.`);
    }
  }
  return readers;
};

/** The demo app is on without a config file, and with one only when it says `"demo": true`. */
const buildApps = (merged: ConfigFile, hasFile: boolean, retentionDays: number): Map<string, AppConfig> => {
  const apps = new Map<string, AppConfig>();
  const keys = new Map<string, string>();
  const add = (app: AppConfig) => {
    if (apps.has(app.id)) throw new Error(`App "${app.id}" is configured twice: app ids must be unique.`);
    for (const key of app.keys) {
      const owner = keys.get(key);
      if (owner !== undefined) throw new Error(`An ingest key of app "${app.id}" is also a key of app "${owner}": keys must be unique.`);
      keys.set(key, app.id);
    }
    compileOrigins(app.origins, `App "${app.id}"`);
    apps.set(app.id, app);
  };
  for (const app of merged.apps ?? []) add({ ...app, retentionDays: app.retentionDays ?? retentionDays });
  if ((merged.demo ?? !hasFile) && !apps.has('demo')) add(demoApp(retentionDays));
  // With the demo comes the dashboard's own app, so `npm start` shows the dashboard measuring itself.
  if (apps.has('demo') && !apps.has(DASHBOARD_APP)) add(dashboardApp(retentionDays));
  return apps;
};
