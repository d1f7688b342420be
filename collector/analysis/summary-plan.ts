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
  /** Days not sealed: read from raw rows, unless an answer takes them from {@link incremental}. */
  open: string[];
  /**
   * The open days whose latest build knows the insert point it covered: such a
   * day can be answered from that build plus only the raw rows stored after
   * it (open-day-delta.ts). A subset of `open`, so an answer that cannot
   * still reads them raw.
   */
  incremental: { day: string; build: number; block: number }[];
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

/**
 * The days of the range whose latest build of `source` covers their latest
 * mark (sealed), the others (open), and the open days whose latest build
 * recorded its insert point (incremental).
 */
export const sealedDays = async (db: Database, filters: Filters, source: string): Promise<Pick<SummaryPlan, 'sealed' | 'open' | 'incremental'>> =>
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
): Promise<Record<S, Pick<SummaryPlan, 'sealed' | 'open' | 'incremental'>>> => {
  const params = { p_app: filters.app, p_sources: [...sources], p_from: filters.from, p_to: filters.to };
  const rows = await db.query<{ source: string; day: string; build: string; block: string; sealed: number }>(
    `SELECT source, toString(m.day) AS day, b.last_build AS build, b.last_block AS block, b.last_covered >= m.marked AS sealed
    FROM (SELECT source, day, max(marked_at) AS marked FROM summary_marks
      WHERE app = {p_app:String} AND source IN {p_sources:Array(String)} AND day BETWEEN {p_from:Date} AND {p_to:Date} GROUP BY source, day) AS m
    INNER JOIN (SELECT source, day, argMax(build, covered) AS last_build, argMax(covered_block, covered) AS last_block, max(covered) AS last_covered
      FROM summary_builds
      WHERE app = {p_app:String} AND source IN {p_sources:Array(String)} AND day BETWEEN {p_from:Date} AND {p_to:Date} GROUP BY source, day) AS b
    USING (source, day)`,
    params,
  );
  const days = daysOf(filters.from, filters.to);
  const plans = {} as Record<S, Pick<SummaryPlan, 'sealed' | 'open' | 'incremental'>>;
  for (const source of sources) {
    const byDay = rows.filter((row) => row.source === source).sort((a, b) => a.day.localeCompare(b.day));
    const sealed = byDay.filter((row) => Number(row.sealed) === 1).map((row) => ({ day: row.day, build: Number(row.build) }));
    const incremental = byDay
      .filter((row) => Number(row.sealed) !== 1 && Number(row.block) > 0)
      .map((row) => ({ day: row.day, build: Number(row.build), block: Number(row.block) }));
    const closed = new Set(sealed.map((s) => s.day));
    plans[source] = { sealed, open: days.filter((day) => !closed.has(day)), incremental };
  }
  return plans;
};

/**
 * The plan as an answer that reads incremental days sees it: their latest
 * builds' summary rows read beside the sealed days' (`sealed`), and only the
 * other open days raw (`open`). The rows stored after those builds are the
 * answer's to add (open-day-delta.ts).
 */
export const withIncremental = (plan: SummaryPlan): SummaryPlan => {
  const incremental = new Set(plan.incremental.map((i) => i.day));
  return {
    ...plan,
    sealed: [...plan.sealed, ...plan.incremental.map(({ day, build }) => ({ day, build }))].sort((a, b) => a.day.localeCompare(b.day)),
    open: plan.open.filter((day) => !incremental.has(day)),
  };
};

/** How many days of a plan came from summaries, for `meta.method`: "(6 of 7 days from summaries, 1 of them with the rows stored after its build)". */
export const summaryNote = (plan: SummaryPlan): string => {
  const days = plan.sealed.length + plan.open.length;
  const from = plan.sealed.length + plan.incremental.length;
  const after = plan.incremental.length === 0 ? '' : `, ${plan.incremental.length} of them with the raw rows stored after its latest build`;
  return `(${from} of ${days} days from summaries${after})`;
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
