import { filterSql } from './filter-sql.js';
import type { Filters } from './filters.js';
import { planParams, type SummaryPlan } from './summary-plan.js';

/** The page view columns the usage lists count by, besides route and release. */
export const MIX_COLUMNS = ['device_class', 'browser', 'connection'] as const;
export type MixColumn = (typeof MIX_COLUMNS)[number];

/**
 * One row per page view: the last report of each page_id, `weight` =
 * 1 / sample_rate, `first_time` / `last_time` its first and last report.
 * `days` limits it to those UTC days (the ones no summary covers).
 */
export const latestPageViews = (filters: Filters, days?: readonly string[]): { sql: string; params: Record<string, unknown> } => {
  const { where, params } = filterSql(filters);
  const names = ['session_id', 'route', 'release', ...MIX_COLUMNS];
  const dayFilter = days ? ' AND toDate(time) IN {days:Array(Date)}' : '';
  const sql = `SELECT page_id, ${names.map((c) => `argMax(${c}, (received_at, time)) AS ${c}_last`).join(', ')},
      1 / argMax(sample_rate, (received_at, time)) AS weight, min(time) AS first_time, max(time) AS last_time
    FROM page_views WHERE ${where}${dayFilter} GROUP BY page_id`;
  return { sql, params: days ? { ...params, days: [...days] } : params };
};

/**
 * (set, key, key2, hour, w, first, last) over page views: per route, device
 * class, browser, connection and release, and per (ISO weekday, hour).
 */
export const viewSetsSql = (views: string): string => `SELECT
    multiIf(grouping(route_last) = 0, 'route', grouping(device_class_last) = 0, 'device_class', grouping(browser_last) = 0, 'browser',
      grouping(connection_last) = 0, 'connection', grouping(release_last) = 0, 'release', 'heatmap') AS set,
    multiIf(set = 'route', route_last, set = 'device_class', device_class_last, set = 'browser', browser_last,
      set = 'connection', connection_last, set = 'release', release_last, toString(toDayOfWeek(first_time))) AS key,
    '' AS key2, toUInt8(if(set = 'heatmap', toHour(first_time), 0)) AS hour, sum(weight) AS w, min(first_time) AS first, max(last_time) AS last
  FROM (${views})
  GROUP BY GROUPING SETS ((route_last), (device_class_last), (browser_last), (connection_last), (release_last), (toDayOfWeek(first_time), toHour(first_time)))`;

/**
 * (set, key, key2, hour, w, first, last) over the sessions of page views: a
 * session weighs 1 / sample_rate (sampling keeps or drops whole sessions);
 * sets sessions, views (key = its page views), entry, exit (key = route) and
 * transition (key → key2), its routes taken in time order (page_id breaks ties).
 */
export const sessionSetsSql = (views: string): string => `SELECT item.1 AS set, item.2 AS key, item.3 AS key2, toUInt8(0) AS hour, sum(weight) AS w,
    min(start) AS first, max(start) AS last
  FROM (
    SELECT session_id_last AS session, max(weight) AS weight, count() AS views, min(first_time) AS start,
      arrayMap(x -> x.3, arraySort(groupArray((first_time, page_id, route_last)))) AS path
    FROM (${views}) GROUP BY session
  )
  ARRAY JOIN arrayConcat([('sessions', '', ''), ('views', toString(views), ''), ('entry', path[1], ''), ('exit', path[-1], '')],
    arrayMap(pair -> ('transition', pair.1, pair.2), arrayZip(arrayPopBack(path), arrayPopFront(path)))) AS item
  GROUP BY set, key, key2`;

/**
 * The rows of `sets` (viewSetsSql / sessionSetsSql shape): from the usage
 * summaries of the plan's sealed days and the raw truth of the others, or
 * from raw rows alone without a plan.
 */
export const usageRows = (
  filters: Filters,
  plan: SummaryPlan | null,
  sets: (views: string) => string,
  names: readonly string[],
): { sql: string; params: Record<string, unknown> } => {
  if (plan === null || plan.sealed.length === 0) {
    const views = latestPageViews(filters);
    return { sql: sets(views.sql), params: views.params };
  }
  const parts = [
    `SELECT set, key, key2, hour, weight AS w, first, last FROM usage_days
    WHERE app = {p_app:String} AND day IN {p_days:Array(Date)} AND build IN {p_builds:Array(UInt64)} AND set IN {u_sets:Array(String)}`,
  ];
  let params: Record<string, unknown> = { ...planParams(filters, plan), u_sets: [...names] };
  if (plan.open.length > 0) {
    const views = latestPageViews(filters, plan.open);
    parts.push(`SELECT set, key, key2, hour, w, first, last FROM (${sets(views.sql)})`);
    params = { ...params, ...views.params };
  }
  return { sql: parts.join('\nUNION ALL\n'), params };
};

export const VIEW_SETS = ['route', 'device_class', 'browser', 'connection', 'release', 'heatmap'] as const;
export const SESSION_SETS = ['sessions', 'views', 'entry', 'exit', 'transition'] as const;
