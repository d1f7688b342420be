import type { AlertsConfig } from '../alerts/rules.js';
import type { DatabaseOptions } from '../db/types.js';

/** One tenant: who may send, from where, and how much is kept. */
export interface AppConfig {
  id: string;
  /** Public ingest keys; more than one so keys can be rotated without downtime. */
  keys: string[];
  /**
   * Allowed browser origins: `https://shop.example`, `http://localhost:*` (any
   * port), `self` (the collector's own origin) or `*` (any; only when configured).
   */
  origins: string[];
  /**
   * Fraction of sessions the collector keeps, 0–1, decided by a hash of (app,
   * session id); stored on every row as `sample_rate`.
   */
  sampleRate: number;
  /** Days this app's raw rows are kept; stored on every row as `retention_days`, which the TTL reads. */
  retentionDays: number;
}

/** The country lookup: on or off, and which MMDB file it reads. */
export interface CountryConfig {
  lookup: boolean;
  /** Absolute path of an MMDB country database; undefined: the bundled one. */
  database?: string;
}

/** A reader of the query API: a named token and the apps it may read. Only the token's hash is kept. */
export interface ReaderConfig {
  name: string;
  /** SHA-256 of the token, 32 bytes. */
  tokenSha256: Buffer;
  /** App ids, or `'*'` for every app. */
  apps: readonly string[] | '*';
}

/** Guards of the query API (docs/api.md). */
export interface ApiLimits {
  /** Queries running at once; more get 429 with Retry-After. */
  maxConcurrent: number;
  /** Per-query time limit, ms (ClickHouse max_execution_time). */
  queryTimeoutMs: number;
  /** Rows one query may return before the call fails with `query_limit`. */
  maxResultRows: number;
  /** Longest life of a cached result, ms, should an invalidation be missed. */
  cacheTtlMs: number;
  /** Cached results kept at most; the least recently used go first. */
  cacheMaxEntries: number;
  /** Bytes the cached results may take together (UTF-8 length of their JSON); the least recently used go first. */
  cacheMaxBytes: number;
}

export interface Config {
  host: string;
  port: number;
  /** Root of local state: chDB data and, unless overridden, the spool. */
  dataDir: string;
  spoolDir: string;
  spoolMaxBytes: number;
  /** Decompressed body limit of /v1/batch. */
  bodyLimit: number;
  database: DatabaseOptions;
  /** HMAC key for user ids; rotate per docs/configuration.md. */
  userKey: string;
  apps: ReadonlyMap<string, AppConfig>;
  /** Read tokens of the query API (config file `readers` and PERCEPT_READ_TOKENS). */
  readers: readonly ReaderConfig[];
  /** The read token of the demo reader, made while the demo app is on; printed at startup. */
  demoReadToken?: string;
  api: ApiLimits;
  /** Alert rules evaluated on a schedule, and the webhook their crossings go to. */
  alerts: AlertsConfig;
  /** Day summaries (docs/architecture.md): how often changed days are rebuilt; 0 = never. */
  summaries: { everySeconds: number };
  rateLimit: { perKeyPerMinute: number; perAddressPerMinute: number };
  logLevel: string;
  /**
   * Trust X-Forwarded-For from reverse proxies for the client address (used
   * for rate limiting and the country lookup, never stored). Default false:
   * the socket address is used. A list of proxy addresses or CIDR ranges
   * trusts only hops from those; `true` trusts every hop, which is safe only
   * when the proxy overwrites the header.
   */
  trustProxy?: boolean | string[];
  /** Country from the client address at intake; see docs/configuration.md. Default: on, bundled database. */
  country?: CountryConfig;
  /** The built SDK served at /percept.js. Default `dist/percept.js` of the project. */
  sdkFile?: string;
}
