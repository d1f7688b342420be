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
  /** Read-only SQL: on the database opened read-only here, or through the collector's POST /api/v1/query. */
  sql(text: string): Promise<Record<string, unknown>[]>;
  close(): Promise<void>;
}

/** A refusal the user can act on: printed as it is, exit code 1. */
export class CliError extends Error {}

export interface OpenOptions {
  url?: string;
  token?: string;
  /** `percept query`: said so in the sentence naming the way taken. */
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
    options.say(options.needsSql ? `Sending the query to the collector at ${options.url}.` : `Asking the collector at ${options.url}.`);
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
    const url = apiBase(config);
    options.say(
      options.needsSql
        ? `A collector is running on ${folder}; sending the query to it at ${url} (read-only, under its API limits).`
        : `A collector is running on ${folder}; asking it at ${url}.`,
    );
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
const apiSource = (base: string, token: string | undefined): ReadSource => {
  const call = async <B>(path: string, init: RequestInit): Promise<{ response: Response; body: B & { error?: { code: string; message: string } } }> => {
    if (!token) throw new CliError(`Set PERCEPT_TOKEN to a read token of the collector at ${base} (its config's "readers") and try again.`);
    let response: Response;
    try {
      response = await fetch(`${base}/api/v1/${path}`, { ...init, headers: { ...init.headers, authorization: `Bearer ${token}` } });
    } catch (error) {
      const reason = error instanceof Error && error.cause instanceof Error ? error.cause.message : String(error);
      throw new CliError(`No answer from the collector at ${base} (${reason}). Check --url, or that the collector is listening there.`);
    }
    const body = (await response.json().catch(() => ({}))) as B & { error?: { code: string; message: string } };
    if (response.status === 401) throw new CliError(`The collector at ${base} refused PERCEPT_TOKEN: ${body.error?.message ?? 'HTTP 401'}`);
    return { response, body };
  };
  const refused = (response: Response, message: string | undefined) =>
    new CliError(`The collector at ${base} answered ${response.status}: ${message ?? `HTTP ${response.status}`}`);

  return {
    get: async <D>(path: string, query: Record<string, string>) => {
      const { response, body } = await call<{ data?: D; meta?: Answer<D>['meta'] }>(`${path}?${new URLSearchParams(query)}`, {});
      if (response.ok && body.data !== undefined) return { data: body.data, meta: body.meta! };
      if (response.status === 400) throw new UsageError(body.error?.message ?? 'HTTP 400');
      throw refused(response, body.error?.message);
    },
    sql: async (text) => {
      const { response, body } = await call<{ data?: Record<string, unknown>[] }>('query', {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ sql: text }),
      });
      if (response.ok && Array.isArray(body.data)) return body.data;
      // Statement problems (400) and a token for some apps only (403) are the collector's sentences, as they are.
      if (response.status === 400 || response.status === 403) throw new CliError(body.error?.message ?? `HTTP ${response.status}`);
      throw refused(response, body.error?.message);
    },
    close: async () => undefined,
  };
};
