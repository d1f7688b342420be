import type { Filters } from './filters.js';

/** A filter a query string may carry, by its query-string name. */
export type FilterField = 'env' | 'release' | 'route' | 'device_class' | 'browser' | 'os' | 'connection' | 'country' | 'attrs';

/** Every filter of the contract, in query-string order. */
export const FILTER_FIELDS: readonly FilterField[] = ['env', 'release', 'route', 'device_class', 'browser', 'os', 'connection', 'country', 'attrs'];

/** Filters of the envelope columns every raw table carries (country since migration 006: an ISO code, '' when unknown). */
export const ENVELOPE_FILTERS: readonly FilterField[] = ['env', 'release', 'route', 'device_class', 'browser', 'os', 'connection', 'country'];
/** Envelope filters plus workflow attributes: what workflow_runs can be sliced by. */
export const WORKFLOW_FILTERS: readonly FilterField[] = [...ENVELOPE_FILTERS, 'attrs'];

/** Filters key → column. Column names come from here only, never from input. */
const COLUMNS: ReadonlyArray<[keyof Filters, string]> = [
  ['env', 'env'],
  ['release', 'release'],
  ['route', 'route'],
  ['deviceClass', 'device_class'],
  ['browser', 'browser'],
  ['os', 'os'],
  ['connection', 'connection'],
  ['country', 'country'],
];

export interface FilterSqlOptions {
  /** The event-time column the date range applies to. Default `time`. */
  timeColumn?: string;
  /** Prefix of the parameter names, so two filtered subqueries can share one statement. Default `f_`. */
  prefix?: string;
  /**
   * Leave out rows of self-named bots (`device_class = 'bot'`, pipeline/ua.ts)
   * unless the filters ask for a device class. Default true: crawlers' page
   * views and vitals are not people's experience. Off for tables without the
   * column (ingest_counters).
   */
  excludeBots?: boolean;
}

/** A WHERE clause with `{name:Type}` placeholders, and the values to bind to them. */
export interface FilterSql {
  where: string;
  params: Record<string, string>;
}

/**
 * Filters → a parameterised WHERE clause (without the word WHERE). Values are
 * bound as query parameters, never spliced into the SQL; column names are
 * fixed above. The date range compares `toDate(time)`, which is in every raw
 * table's sort key, so only the days asked for are read. Bots are left out
 * unless `device_class` is asked for (`device_class=bot` shows them). Which filters a
 * table supports is the route's business (it refuses the others with 400);
 * this turns whatever it is given into SQL.
 */
export const filterSql = (filters: Filters, options: FilterSqlOptions = {}): FilterSql => {
  const time = options.timeColumn ?? 'time';
  const p = options.prefix ?? 'f_';
  const params: Record<string, string> = { [`${p}app`]: filters.app, [`${p}from`]: filters.from, [`${p}to`]: filters.to };
  const clauses = [`app = {${p}app:String}`, `toDate(${time}) >= {${p}from:Date}`, `toDate(${time}) <= {${p}to:Date}`];
  for (const [key, column] of COLUMNS) {
    const value = filters[key];
    if (typeof value !== 'string') continue;
    params[`${p}${column}`] = value;
    clauses.push(`${column} = {${p}${column}:String}`);
  }
  if ((options.excludeBots ?? true) && filters.deviceClass === undefined) clauses.push(`device_class != 'bot'`);
  const attrs = attrsSql(filters.attrs, { prefix: p });
  if (attrs.where) clauses.push(attrs.where);
  return { where: clauses.join(' AND '), params: { ...params, ...attrs.params } };
};

/**
 * The workflow-attribute filters alone, on `column` (default `attrs`): for a
 * query that applies them to a run's last record, after its deduplication.
 * Empty `where` without attribute filters. Parameters are named as in
 * {@link filterSql} with the same prefix.
 */
export const attrsSql = (attrs: Filters['attrs'], options: { prefix?: string; column?: string } = {}): FilterSql => {
  const p = options.prefix ?? 'f_';
  const column = options.column ?? 'attrs';
  const params: Record<string, string> = {};
  const clauses = Object.entries(attrs ?? {})
    .sort(([a], [b]) => a.localeCompare(b))
    .map(([key, value], i) => {
      params[`${p}attr_k${i}`] = key;
      params[`${p}attr_v${i}`] = value;
      return `${column}[{${p}attr_k${i}:String}] = {${p}attr_v${i}:String}`;
    });
  return { where: clauses.join(' AND '), params };
};
