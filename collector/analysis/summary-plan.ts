import { isoDay } from '../api/params.js';
import type { Database } from '../db/types.js';
import type { Filters } from './filters.js';

/**
 * How an answer over a date range is read: the days a finished summary build
 * covers, from their summaries; every other day from the raw rows.
 */
export interface SummaryPlan {
  /** The summary rows to read: one dimension (`''`: the whole app) and its value. */
  dim: string;
  /** null: every value of `dim` (a breakdown by it). */
  value: string | null;
  /** Days (YYYY-MM-DD) read from summaries, each under its latest build. */
  sealed: { day: string; build: number }[];
  /** Days read from raw rows. */
  open: string[];
}

/** Filter key → the summary dimension it selects. */
const DIMENSION_OF: ReadonlyArray<[keyof Filters, string]> = [
  ['env', 'env'],
  ['release', 'release'],
  ['route', 'route'],
  ['deviceClass', 'device_class'],
  ['browser', 'browser'],
  ['os', 'os'],
  ['connection', 'connection'],
  ['country', 'country'],
];

/** The days from `from` to `to`, inclusive, as YYYY-MM-DD. */
export const daysOf = (from: string, to: string): string[] => {
  const days: string[] = [];
  for (let t = Date.parse(`${from}T00:00:00Z`); t <= Date.parse(`${to}T00:00:00Z`); t += 86_400_000) days.push(isoDay(t));
  return days;
};

/**
 * The summary rows that answer `filters`, or null when summaries cannot: they
 * hold the whole app and one dimension at a time, so at most one envelope
 * filter may be set, and never bots (summaries leave them out, as answers do
 * unless a device class is asked for). `by` is a breakdown's dimension, which
 * then must be the only one. A day is sealed when its latest build covers its
 * latest mark, so rows stored after a build send the day back to raw rows
 * until the builder catches up.
 */
export const summaryPlan = async (db: Database, filters: Filters, source: string, by?: string): Promise<SummaryPlan | null> => {
  const dimension = planDimension(filters, by);
  return dimension === null ? null : { ...dimension, ...(await sealedDays(db, filters, source)) };
};

/** The summary rows {@link summaryPlan} would read, without looking up sealed days: null when summaries cannot answer. */
export const planDimension = (filters: Filters, by?: string): Pick<SummaryPlan, 'dim' | 'value'> | null => {
  if (filters.attrs && Object.keys(filters.attrs).length > 0) return null;
  const set = DIMENSION_OF.filter(([key]) => typeof filters[key] === 'string');
  if (set.length > (by === undefined ? 1 : 0) || filters.deviceClass === 'bot') return null;
  const [key, dim] = set[0] ?? [undefined, by ?? ''];
  const value = key !== undefined ? String(filters[key]) : by === undefined ? '' : null;
  return { dim, value };
};

/** The days of the range whose latest build of `source` covers their latest mark (sealed), and the others (open). */
export const sealedDays = async (db: Database, filters: Filters, source: string): Promise<Pick<SummaryPlan, 'sealed' | 'open'>> =>
  (await sealedDaysOf(db, filters, [source]))[source]!;

/**
 * {@link sealedDays} of several sources in one statement: an answer that
 * reads two sources pays for one lookup (each statement on the reader
 * connection costs a few milliseconds however little it reads).
 */
export const sealedDaysOf = async <S extends string>(
  db: Database,
  filters: Filters,
  sources: readonly S[],
): Promise<Record<S, Pick<SummaryPlan, 'sealed' | 'open'>>> => {
  const params = { p_app: filters.app, p_sources: [...sources], p_from: filters.from, p_to: filters.to };
  const rows = await db.query<{ source: string; day: string; build: string }>(
    `SELECT source, toString(m.day) AS day, b.last_build AS build
    FROM (SELECT source, day, max(marked_at) AS marked FROM summary_marks
      WHERE app = {p_app:String} AND source IN {p_sources:Array(String)} AND day BETWEEN {p_from:Date} AND {p_to:Date} GROUP BY source, day) AS m
    INNER JOIN (SELECT source, day, argMax(build, covered) AS last_build, max(covered) AS last_covered FROM summary_builds
      WHERE app = {p_app:String} AND source IN {p_sources:Array(String)} AND day BETWEEN {p_from:Date} AND {p_to:Date} GROUP BY source, day) AS b
    USING (source, day)
    WHERE b.last_covered >= m.marked`,
    params,
  );
  const days = daysOf(filters.from, filters.to);
  const plans = {} as Record<S, Pick<SummaryPlan, 'sealed' | 'open'>>;
  for (const source of sources) {
    const sealed = rows
      .filter((row) => row.source === source)
      .map((row) => ({ day: row.day, build: Number(row.build) }))
      .sort((a, b) => a.day.localeCompare(b.day));
    const closed = new Set(sealed.map((s) => s.day));
    plans[source] = { sealed, open: days.filter((day) => !closed.has(day)) };
  }
  return plans;
};

/** WHERE clause (without WHERE) of the summary rows of a plan, for tables keyed (app, dim, day, build, …); bind {@link planParams}. */
export const planWhere = (plan: SummaryPlan): string =>
  `app = {p_app:String} AND dim = {p_dim:String} AND day IN {p_days:Array(Date)} AND build IN {p_builds:Array(UInt64)}${plan.value === null ? '' : ' AND value = {p_value:String}'}`;

export const planParams = (filters: Filters, plan: SummaryPlan): Record<string, unknown> => ({
  p_app: filters.app,
  p_dim: plan.dim,
  p_days: plan.sealed.map((s) => s.day),
  p_builds: plan.sealed.map((s) => s.build),
  ...(plan.value === null ? {} : { p_value: plan.value }),
});
