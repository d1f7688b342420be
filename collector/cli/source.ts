import type { ApiRoute } from '../api/route.js';
import { parseQuery } from '../api/params.js';
import type { Config } from '../config/types.js';
import { chdbPath, folderHolder } from '../db/embedded.js';
import { isFolderLocked } from '../db/database-error.js';
import { openDatabases } from '../db/open.js';
import type { Databases } from '../db/types.js';
import { PerceptError } from '../errors.js';
import { API_ROUTES } from '../routes/api/registry.js';
import { describeDatabase } from '../db/describe.js';
import { UsageError } from './args.js';

/** An answer as the read API gives it. */
export interface Answer<D> {
  data: D;
  meta: { method: string; rows: number };
}

/**
 * Where the read commands get their answers: the read API of a running
 * collector, or the database itself through the same route definitions the
 * API runs, so both give the same numbers.
 */
export interface ReadSource {
  /** One read-API endpoint (`vitals/summary`) with its query parameters. */
  get<D>(path: string, query: Record<string, string>): Promise<Answer<D>>;
  /** Read-only SQL; only when the database is open here. */
  sql(text: string): Promise<Record<string, unknown>[]>;
  close(): Promise<void>;
}

/** A refusal the user can act on: printed as it is, exit code 1. */
export class CliError extends Error {}

export interface OpenOptions {
  url?: string;
  token?: string;
  /** `percept query` needs the database itself: the API runs no SQL. */
  needsSql: boolean;
  /** Tells the user which way was taken. */
  say: (line: string) => void;
}

const apiBase = (config: Config): string => {
  const host = config.host === '0.0.0.0' || config.host === '::' ? '127.0.0.1' : config.host;
  return `http://${host.includes(':') ? `[${host}]` : host}:${config.port}`;
};

/**
 * With `--url`: the collector's API. Else the configured database; when the
 * embedded data folder is held by a running collector, its API at the
 * configured address, with a sentence saying so: never the raw lock error.
 */
export const openSource = async (config: Config, options: OpenOptions): Promise<ReadSource> => {
  if (options.url) {
    if (options.needsSql) throw new UsageError('percept query runs SQL on the database itself and cannot go through --url: leave out --url.');
    options.say(`Asking the collector at ${options.url}.`);
    return apiSource(options.url, options.token);
  }
  const embedded = !config.database.url;
  const held = embedded ? folderHolder(config.dataDir) : null;
  let db: Databases | undefined;
  if (held === null) {
    try {
      db = await openDatabases({ ...config.database, readonly: true });
    } catch (error) {
      // Another process may have taken the folder between the check and the open.
      if (!(embedded && (isFolderLocked(error) || folderHolder(config.dataDir) !== null))) throw error;
    }
  }
  if (!db) {
    const folder = chdbPath(config.dataDir);
    if (options.needsSql) {
      throw new CliError(
        `A collector is running on ${folder} and holds it, so percept query cannot open it. ` +
          'Stop the collector and try again, or use report/compare, which ask the running collector.',
      );
    }
    const url = apiBase(config);
    options.say(`A collector is running on ${folder}; asking it at ${url}.`);
    return apiSource(url, options.token);
  }
  options.say(config.database.url ? `Reading ${describeDatabase(config)}.` : `No collector is running on ${chdbPath(config.dataDir)}; reading it directly.`);
  return directSource(db, config);
};

const routeAt = (path: string): ApiRoute => {
  const route = API_ROUTES.find((candidate) => candidate.path === path);
  if (!route) throw new Error(`No read-API route ${path}.`);
  return route;
};

/** Runs the API's route definitions on an open database: same parameters, same checks, same answers. */
const directSource = (db: Databases, config: Config): ReadSource => ({
  get: async <D>(path: string, query: Record<string, string>) => {
    const route = routeAt(path);
    let parsed;
    try {
      parsed = parseQuery(query, {}, route, Date.now());
    } catch (error) {
      if (error instanceof PerceptError) throw new UsageError(error.message);
      throw error;
    }
    const result = await route.run({
      db: db.reader,
      filters: parsed.filters!,
      params: parsed.params,
      reader: { name: 'cli', apps: '*' },
      configuredApps: [...config.apps.keys()],
      config,
    });
    return { data: result.data as D, meta: { method: result.method, rows: result.rows } };
  },
  sql: (text) => db.reader.query<Record<string, unknown>>(text),
  close: () => db.close(),
});

/** The read API over HTTP with the bearer token; its error sentences are passed on. */
const apiSource = (base: string, token: string | undefined): ReadSource => ({
  get: async <D>(path: string, query: Record<string, string>) => {
    if (!token) throw new CliError(`Set PERCEPT_TOKEN to a read token of the collector at ${base} (its config's "readers") and try again.`);
    const url = `${base}/api/v1/${path}?${new URLSearchParams(query)}`;
    let response: Response;
    try {
      response = await fetch(url, { headers: { authorization: `Bearer ${token}` } });
    } catch (error) {
      const reason = error instanceof Error && error.cause instanceof Error ? error.cause.message : String(error);
      throw new CliError(`No answer from the collector at ${base} (${reason}). Check --url, or that the collector is listening there.`);
    }
    const body = (await response.json().catch(() => ({}))) as { data?: D; meta?: Answer<D>['meta']; error?: { code: string; message: string } };
    if (response.ok && body.data !== undefined) return { data: body.data, meta: body.meta! };
    const message = body.error?.message ?? `HTTP ${response.status}`;
    if (response.status === 400) throw new UsageError(message);
    if (response.status === 401) throw new CliError(`The collector at ${base} refused PERCEPT_TOKEN: ${message}`);
    throw new CliError(`The collector at ${base} answered ${response.status}: ${message}`);
  },
  sql: () => Promise.reject(new CliError('SQL needs the database itself; the read API runs none.')),
  close: async () => undefined,
});
