import type { AppConfig } from './types.js';

const KiB = 1024;

/** Defaults of every setting; docs/configuration.md quotes them. */
export const DEFAULTS = {
  host: '127.0.0.1',
  port: 8080,
  dataDir: './data',
  spoolMaxBytes: 1024 * KiB * KiB,
  /** 256 KiB decompressed: a 500-event batch of real data is well under it. */
  bodyLimit: 256 * KiB,
  database: 'percept',
  retentionDays: 90,
  /**
   * 1,000 batches/s per app key: a fifth to a tenth of what one collector
   * takes (docs/benchmarks.md), so one tenant's flood cannot starve the others,
   * and 10,000 members of one app active at once fit (docs/configuration.md).
   */
  perKeyPerMinute: 60_000,
  /**
   * 100 batches/s per address (IPv6: per /64): an office of 1,000 members behind
   * one NAT address at the SDK's usual 2–6 batches a minute each, or 500 at its
   * ceiling of 12 (docs/configuration.md, "Rate limits").
   */
  perAddressPerMinute: 6_000,
  logLevel: 'info',
  /**
   * How often the day summaries are brought up to date, seconds (docs/architecture.md,
   * "Day summaries"): a busy day's newest rows are read raw for at most this long.
   */
  summaryEverySeconds: 60,
  api: {
    /** The reader connection runs one query at a time; a few may wait their turn, more get 429. */
    maxConcurrent: 4,
    queryTimeoutMs: 10_000,
    maxResultRows: 10_000,
    cacheTtlMs: 5 * 60_000,
    cacheMaxEntries: 1000,
    /** 64 MiB: the memory the cache may take, counted as the results' JSON. */
    cacheMaxBytes: 64 * 1024 * 1024,
  },
} as const;

/** Longest retention of raw rows, days: ten years, well inside the UInt16 `retention_days` column. */
export const MAX_RETENTION_DAYS = 3650;

/** The public key of the built-in demo app: it is printed in docs and pages, so it is no secret. */
export const DEMO_KEY = 'demo-public-key';

/**
 * The built-in app for `npm start`: the collector's own pages (`self`) and
 * local development servers on any port may send to it.
 */
export const demoApp = (retentionDays: number): AppConfig => ({
  id: 'demo',
  keys: [DEMO_KEY],
  origins: ['self', 'http://127.0.0.1:*', 'http://localhost:*', 'http://[::1]:*'],
  sampleRate: 1,
  retentionDays,
});

/** The built-in app the dashboard reports its own Web Vitals and workflows to (docs/dashboard.md). */
export const DASHBOARD_APP = 'percept-dashboard';
/** Its public ingest key: the dashboard page carries it, so it is no secret. */
export const DASHBOARD_KEY = 'percept-dashboard-public-key';

/** The dashboard measuring itself: only the collector's own pages send to it. */
export const dashboardApp = (retentionDays: number): AppConfig => ({
  id: DASHBOARD_APP,
  keys: [DASHBOARD_KEY],
  origins: ['self'],
  sampleRate: 1,
  retentionDays,
});
