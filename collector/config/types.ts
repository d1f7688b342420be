import type { DatabaseOptions } from '../db/types.js';

/** One tenant: who may send, from where, and how much is kept. */
export interface AppConfig {
  id: string;
  /** Public ingest keys; more than one so keys can be rotated without downtime. */
  keys: string[];
  /** Allowed browser origins (`https://shop.example`), or `*` when configured. */
  origins: string[];
  /** Fraction of sessions the SDK should keep, 0–1. */
  sampleRate: number;
  retentionDays: number;
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
  rateLimit: { perKeyPerMinute: number; perAddressPerMinute: number };
  logLevel: string;
}
