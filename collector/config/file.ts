import { readFile } from 'node:fs/promises';
import { z } from 'zod';
import { APP_PATTERN, formatPath } from '../../schema/index.js';
import { MAX_RETENTION_DAYS } from './defaults.js';
import { alertsFileSchema } from '../alerts/rules.js';

const positiveInt = z.number().int().positive();

/** One app in the config file. */
export const appFileSchema = z.strictObject({
  id: z.string().regex(APP_PATTERN, 'lower-case letters, digits, _ and -, starting with a letter or digit'),
  keys: z.array(z.string().min(8).max(128)).min(1),
  origins: z.array(z.string().min(1).max(512)).min(1),
  sampleRate: z.number().min(0).max(1).default(1),
  retentionDays: positiveInt.max(MAX_RETENTION_DAYS).optional(),
});

const appOrAll = z.union([z.literal('*'), z.string().regex(APP_PATTERN, 'an app id, or "*" for every app')]);

/** One reader of the query API: a name (written to the audit log), its token or the token's SHA-256, and the apps it may read. */
export const readerFileSchema = z
  .strictObject({
    name: z.string().regex(/^[A-Za-z0-9][A-Za-z0-9_.@-]{0,63}$/, 'letters, digits, _ . @ and -, up to 64'),
    token: z.string().min(16, 'at least 16 characters: a read token is a secret').max(256).optional(),
    tokenSha256: z
      .string()
      .regex(/^[0-9a-f]{64}$/, 'the SHA-256 of the token as 64 lower-case hex digits')
      .optional(),
    apps: z.array(appOrAll).min(1),
  })
  .refine((reader) => (reader.token === undefined) !== (reader.tokenSha256 === undefined), { message: 'give exactly one of "token" and "tokenSha256"' });

/** The config file (PERCEPT_CONFIG or --config): JSON, every field optional. */
export const configFileSchema = z.strictObject({
  host: z.string().min(1).optional(),
  port: z.number().int().min(0).max(65535).optional(),
  dataDir: z.string().min(1).optional(),
  spoolDir: z.string().min(1).optional(),
  spoolMaxBytes: positiveInt.optional(),
  bodyLimit: positiveInt.max(64 * 1024 * 1024).optional(),
  logLevel: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).optional(),
  /** true, false, or the proxies' addresses / CIDR ranges (`["10.0.0.0/8"]`). */
  trustProxy: z.union([z.boolean(), z.array(z.string().min(1).max(64)).min(1)]).optional(),
  /** Country lookup at intake: `lookup: false` turns it off; `database` points at another MMDB file. */
  country: z.strictObject({ lookup: z.boolean().optional(), database: z.string().min(1).optional() }).optional(),
  retentionDays: positiveInt.max(MAX_RETENTION_DAYS).optional(),
  clickhouse: z
    .strictObject({
      url: z.url().optional(),
      user: z.string().optional(),
      password: z.string().optional(),
      database: z.string().optional(),
      cluster: z.string().optional(),
    })
    .optional(),
  rateLimit: z.strictObject({ perKeyPerMinute: positiveInt.optional(), perAddressPerMinute: positiveInt.optional() }).optional(),
  /** Keep the built-in `demo` app (public key `demo-public-key`) next to the configured ones. */
  demo: z.boolean().optional(),
  apps: z.array(appFileSchema).optional(),
  readers: z.array(readerFileSchema).optional(),
  api: z
    .strictObject({
      maxConcurrent: positiveInt.max(256).optional(),
      queryTimeoutMs: positiveInt.max(600_000).optional(),
      maxResultRows: positiveInt.optional(),
      cacheTtlMs: z.number().int().min(0).optional(),
      cacheMaxEntries: z.number().int().min(0).optional(),
      cacheMaxBytes: z.number().int().min(0).optional(),
    })
    .optional(),
  /** Alert rules and their webhook (docs/alerts.md). */
  alerts: alertsFileSchema.optional(),
  /** The day summaries builder; everySeconds 0 turns it off (answers then read raw rows only). */
  summaries: z.strictObject({ everySeconds: z.number().int().min(0).max(86_400).optional() }).optional(),
});

export type ConfigFile = z.infer<typeof configFileSchema>;
export type AppFile = z.infer<typeof appFileSchema>;
export type ReaderFile = z.infer<typeof readerFileSchema>;

/** Reads and checks a config file; errors name the file and every bad field. */
export const readConfigFile = async (path: string): Promise<ConfigFile> => {
  let text: string;
  try {
    text = await readFile(path, 'utf8');
  } catch (error) {
    throw new Error(`Cannot read the config file ${path}: ${(error as Error).message}`, { cause: error });
  }
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (error) {
    throw new Error(`The config file ${path} is not valid JSON: ${(error as Error).message}`, { cause: error });
  }
  return parseConfigFile(json, path);
};

/** Checks a config object (already parsed JSON); `where` names it in errors. */
export const parseConfigFile = (json: unknown, where: string): ConfigFile => {
  const result = configFileSchema.safeParse(json);
  if (result.success) return result.data;
  const lines = result.error.issues.map((issue) => `  ${formatPath(issue.path)}: ${issue.message}`);
  throw new Error(`The config ${where} has problems:\n${lines.join('\n')}`);
};
