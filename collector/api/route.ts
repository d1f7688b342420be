import type { z } from 'zod';
import type { FilterField } from '../analysis/filter-sql.js';
import type { Filters } from '../analysis/filters.js';
import type { Config } from '../config/types.js';
import type { Database } from '../db/types.js';
import type { Reader } from './tokens.js';

/** What a query module returns: the `data` of the answer, how many rows it holds, and the method behind the numbers. */
export interface ApiResult<D = unknown> {
  data: D;
  rows: number;
  /** One sentence naming the method, e.g. "exact weighted percentiles of the last report per metric instance". */
  method: string;
}

/** What a route's `run` is given. `db` is the limited reader connection (limits.ts). */
export interface QueryContext<P> {
  db: Database;
  /** The checked filters; an empty app for routes with `filters: 'none'`. */
  filters: Filters;
  params: P;
  reader: Reader;
  /** Apps configured on this collector. */
  configuredApps: readonly string[];
  /** The collector's configuration, for routes that answer from it (alert rules). */
  config: Config;
}

/**
 * One read-API endpoint. Routes are data: the same entry registers the
 * Fastify route, writes its OpenAPI operation, and is iterated by the
 * token-scope and audit tests, so a route added to the registry
 * (collector/routes/api/registry.ts) is covered by all three.
 */
export interface ApiRoute<P = Record<string, unknown>, D = unknown> {
  /** Below /api/v1/, Fastify syntax: `vitals/summary`, `workflows/:name`. */
  path: string;
  summary: string;
  description: string;
  /** Filters the endpoint applies (others are refused with 400), or 'none' when it is not about one app. */
  filters: readonly FilterField[] | 'none';
  /** Route-specific parameters (query and path): a zod object of strings, optional or defaulted. */
  params?: z.ZodObject;
  /** Tables read: rows stored in them invalidate cached results. */
  reads: readonly string[];
  /**
   * False for answers that change without the flusher storing rows (alert
   * states are written by the alert schedule, possibly by another collector),
   * which the cache could not tell apart from current ones.
   */
  cacheable?: boolean;
  /** Values of the route's own parameters for docs and tests (path parameters included). */
  example: Readonly<Record<string, string>>;
  run(context: QueryContext<P>): Promise<ApiResult<D>>;
  /** The answer as table rows for `?format=csv`; without it the endpoint answers JSON only. */
  table?(data: D): readonly object[];
}

/** Keeps a route's parameter and data types while it is written, and erases them for the registry. */
export const defineRoute = <S extends z.ZodObject, D>(route: Omit<ApiRoute<z.infer<S>, D>, 'params'> & { params?: S }): ApiRoute =>
  route as unknown as ApiRoute;
