import { z } from 'zod';
import { APP_PATTERN, LIMITS } from '../../schema/index.js';
import { type FilterField } from '../analysis/filter-sql.js';
import type { Filters } from '../analysis/filters.js';
import { perceptError } from '../errors.js';

/** A problem with one query parameter: `field` names it (`path` is the same, as in ingest errors). */
export interface ParamProblem {
  field: string;
  path: string;
  message: string;
}

/** Longest date range one call may ask for, days. */
export const MAX_RANGE_DAYS = 400;
/** Default range: the last 7 UTC days, today included. */
export const DEFAULT_RANGE_DAYS = 7;
const MAX_VALUE = 256;
const DAY_MS = 86_400_000;
const DATE = /^\d{4}-\d{2}-\d{2}$/;
const ATTR_KEY = /^[A-Za-z0-9_.:-]+$/;

export type Format = 'json' | 'csv';

/** What a route accepts besides the common filters. */
export interface ParamSpec {
  /** `'none'`: the route is not about one app (e.g. `/apps`): no app, no range. Otherwise the filters it supports. */
  filters: readonly FilterField[] | 'none';
  /** Route-specific parameters (query and path), as a zod object of optional or defaulted strings. */
  params?: z.ZodObject;
}

export interface ParsedQuery {
  filters: Filters | undefined;
  params: Record<string, unknown>;
  format: Format;
}

const FILTER_KEYS: Readonly<Record<Exclude<FilterField, 'attrs'>, keyof Filters>> = {
  env: 'env',
  release: 'release',
  route: 'route',
  device_class: 'deviceClass',
  browser: 'browser',
  os: 'os',
  connection: 'connection',
  country: 'country',
};

export const isoDay = (ms: number): string => new Date(ms).toISOString().slice(0, 10);

const validDay = (value: string): boolean => {
  const ms = Date.parse(`${value}T00:00:00Z`);
  return DATE.test(value) && Number.isFinite(ms) && isoDay(ms) === value;
};

const problem = (field: string, message: string): ParamProblem => ({ field, path: field, message });

/**
 * The query string (and path parameters) of an API call → Filters, the
 * route's own parameters and the output format. Every problem is collected
 * and thrown as one 400 `bad_filter` naming each parameter: unknown
 * parameters, repeated ones, filters this endpoint cannot apply, bad dates.
 */
export const parseQuery = (
  query: Readonly<Record<string, unknown>>,
  pathParams: Readonly<Record<string, string>>,
  spec: ParamSpec,
  now: number,
): ParsedQuery => {
  const problems: ParamProblem[] = [];
  const own = spec.params ? Object.keys(spec.params.shape) : [];
  const extras: Record<string, unknown> = { ...pathParams };
  const values = new Map<string, string>();
  for (const [name, raw] of Object.entries(query)) {
    if (typeof raw !== 'string') {
      problems.push(problem(name, 'give this parameter once'));
      continue;
    }
    if (raw.length > MAX_VALUE) {
      problems.push(problem(name, `longer than ${MAX_VALUE} characters`));
      continue;
    }
    values.set(name, raw);
  }

  let format: Format = 'json';
  const filters: Partial<Filters> = {};
  const supported = spec.filters === 'none' ? [] : spec.filters;
  for (const [name, value] of values) {
    if (name === 'format') {
      if (value === 'json' || value === 'csv') format = value;
      else problems.push(problem(name, 'must be json or csv'));
    } else if (own.includes(name)) {
      extras[name] = value;
    } else if (spec.filters !== 'none' && (name === 'app' || name === 'from' || name === 'to')) {
      filters[name] = value;
    } else if (name.startsWith('attrs.') || name in FILTER_KEYS) {
      const field: FilterField = name.startsWith('attrs.') ? 'attrs' : (name as FilterField);
      if (!supported.includes(field)) {
        problems.push(
          problem(
            name,
            spec.filters === 'none'
              ? 'this endpoint takes no filters'
              : `this endpoint cannot be filtered by ${field}; it can be filtered by ${['app', 'from', 'to', ...supported].join(', ')}`,
          ),
        );
      } else if (field === 'attrs') {
        const key = name.slice('attrs.'.length);
        if (key.length === 0 || key.length > LIMITS.maxKeyLength || !ATTR_KEY.test(key))
          problems.push(problem(name, `the attribute name must be 1–${LIMITS.maxKeyLength} letters, digits, _ . : or -`));
        else filters.attrs = { ...filters.attrs, [key]: value };
      } else if (value === '') {
        problems.push(problem(name, 'is empty: leave the parameter out to mean any value'));
      } else {
        (filters as Record<string, string>)[FILTER_KEYS[field]] = value;
      }
    } else {
      const known = [
        ...(spec.filters === 'none' ? [] : ['app', 'from', 'to', ...supported.map((f) => (f === 'attrs' ? 'attrs.<name>' : f))]),
        ...own,
        'format',
      ];
      problems.push(problem(name, `unknown parameter; this endpoint takes ${known.join(', ')}`));
    }
  }

  if (spec.filters !== 'none') checkRange(filters, now, problems);

  let params: Record<string, unknown> = extras;
  if (spec.params) {
    const result = spec.params.safeParse(extras);
    if (result.success) params = result.data;
    else for (const issue of result.error.issues) problems.push(problem(String(issue.path[0] ?? '(query)'), issue.message));
  }
  if (problems.length > 0) {
    throw perceptError('bad_filter', { message: `Invalid query: ${problems.map((p) => `${p.field} ${p.message}`).join('; ')}.`, problems });
  }
  return { filters: spec.filters === 'none' ? undefined : (filters as Filters), params, format };
};

/** app is required; from/to are UTC days, inclusive, defaulting to the last 7 days. */
const checkRange = (filters: Partial<Filters>, now: number, problems: ParamProblem[]): void => {
  if (filters.app === undefined) problems.push(problem('app', 'is required: name the app to read (GET /api/v1/apps lists yours)'));
  else if (!APP_PATTERN.test(filters.app)) problems.push(problem('app', 'is not an app id (lower-case letters, digits, _ and -)'));
  for (const field of ['from', 'to'] as const) {
    const value = filters[field];
    if (value !== undefined && !validDay(value)) problems.push(problem(field, 'must be a UTC day as YYYY-MM-DD'));
  }
  if (problems.some((p) => p.field === 'from' || p.field === 'to')) return;
  const to = filters.to ?? isoDay(now);
  const from = filters.from ?? isoDay(Date.parse(to) - (DEFAULT_RANGE_DAYS - 1) * DAY_MS);
  filters.from = from;
  filters.to = to;
  const days = (Date.parse(to) - Date.parse(from)) / DAY_MS + 1;
  if (days < 1) problems.push(problem('from', `is after to (${to}): from and to are inclusive UTC days, from first`));
  else if (days > MAX_RANGE_DAYS) problems.push(problem('from', `the range is ${days} days; ask for at most ${MAX_RANGE_DAYS}`));
};

/** Days in a checked range, both ends included. */
export const rangeDays = (filters: Filters): number => (Date.parse(filters.to) - Date.parse(filters.from)) / DAY_MS + 1;
