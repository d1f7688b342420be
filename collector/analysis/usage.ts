import type { Database } from '../db/types.js';
import { filterSql } from './filter-sql.js';
import type { Filters } from './filters.js';
import { latestRuns } from './workflow-truth.js';

/** How many routes the top / entry / exit lists hold, and how many transitions. */
export const TOP_ROUTES = 20;
export const TOP_TRANSITIONS = 50;
export const MIX_COLUMNS = ['device_class', 'browser', 'connection'] as const;
type MixColumn = (typeof MIX_COLUMNS)[number];

export const USAGE_METHOD =
  'raw page_views table; one page view per page_id (last report wins), weighted by 1/sample_rate; a session weighs 1/sample_rate ' +
  "(sampling keeps or drops whole sessions); entry / exit / transitions from each session's page views in time order; " +
  'heatmap by ISO weekday (1 = Monday) and hour, UTC';

export interface Usage {
  pageViews: number;
  sessions: number;
  pagesPerSession: number | null;
  workflowsPerSession: number | null;
  topRoutes: { route: string; pageViews: number }[];
  entryRoutes: { route: string; sessions: number }[];
  exitRoutes: { route: string; sessions: number }[];
  transitions: { from: string; to: string; count: number }[];
  mix: Record<MixColumn, { key: string; share: number }[]>;
  heatmap: { dow: number; hour: number; pageViews: number }[];
}

/** One row per page view: the last report of each page_id. */
const latestPageViews = (filters: Filters) => {
  const { where, params } = filterSql(filters);
  const names = ['session_id', 'route', ...MIX_COLUMNS];
  const sql = `SELECT page_id, ${names.map((c) => `argMax(${c}, (received_at, time)) AS ${c}_last`).join(', ')},
      1 / argMax(sample_rate, (received_at, time)) AS weight, min(time) AS first_time
    FROM page_views WHERE ${where} GROUP BY page_id`;
  return { sql, params };
};

const round = (value: number, digits = 2): number => Number(value.toFixed(digits));

/** What people do: page views, sessions, where they enter, move and leave, what they use and when. */
export const usage = async (db: Database, filters: Filters): Promise<{ data: Usage; rows: number; method: string }> => {
  const views = latestPageViews(filters);
  // Per session: its weight and its routes in time order (page_id breaks ties so the order is stable).
  const sessions = `SELECT session_id_last AS session, max(weight) AS weight, count() AS views,
      arrayMap(x -> x.3, arraySort(groupArray((first_time, page_id, route_last)))) AS path
    FROM (${views.sql}) GROUP BY session`;
  const runs = latestRuns(filters);
  const mixQuery = (column: MixColumn) =>
    db.query<{ key: string; share: number }>(
      `SELECT ${column}_last AS key, sum(weight) / (SELECT sum(weight) FROM (${views.sql})) AS share
      FROM (${views.sql}) GROUP BY key ORDER BY share DESC, key`,
      views.params,
    );
  const [[totals], [workflowRuns], top, entries, exits, transitions, heatmap, ...mixes] = await Promise.all([
    db.query<{ page_views: number; sessions: number }>(`SELECT sum(weight * views) AS page_views, sum(weight) AS sessions FROM (${sessions})`, views.params),
    db.query<{ runs: number }>(`SELECT sum(weight) AS runs FROM (${runs.sql})`, runs.params),
    db.query<{ route: string; page_views: number }>(
      `SELECT route_last AS route, sum(weight) AS page_views FROM (${views.sql}) GROUP BY route ORDER BY page_views DESC, route LIMIT ${TOP_ROUTES}`,
      views.params,
    ),
    db.query<{ route: string; sessions: number }>(
      `SELECT path[1] AS route, sum(weight) AS sessions FROM (${sessions}) GROUP BY route ORDER BY sessions DESC, route LIMIT ${TOP_ROUTES}`,
      views.params,
    ),
    db.query<{ route: string; sessions: number }>(
      `SELECT path[-1] AS route, sum(weight) AS sessions FROM (${sessions}) GROUP BY route ORDER BY sessions DESC, route LIMIT ${TOP_ROUTES}`,
      views.params,
    ),
    db.query<{ from: string; to: string; count: number }>(
      `SELECT pair.1 AS from, pair.2 AS to, sum(weight) AS count
      FROM (${sessions}) ARRAY JOIN arrayZip(arrayPopBack(path), arrayPopFront(path)) AS pair
      GROUP BY from, to ORDER BY count DESC, from, to LIMIT ${TOP_TRANSITIONS}`,
      views.params,
    ),
    db.query<{ dow: number; hour: number; page_views: number }>(
      `SELECT toDayOfWeek(first_time) AS dow, toHour(first_time) AS hour, sum(weight) AS page_views
      FROM (${views.sql}) GROUP BY dow, hour ORDER BY dow, hour`,
      views.params,
    ),
    ...MIX_COLUMNS.map(mixQuery),
  ]);
  const pageViews = Number(totals?.page_views ?? 0);
  const sessionCount = Number(totals?.sessions ?? 0);
  const data: Usage = {
    pageViews: round(pageViews),
    sessions: round(sessionCount),
    pagesPerSession: sessionCount > 0 ? round(pageViews / sessionCount, 3) : null,
    workflowsPerSession: sessionCount > 0 ? round(Number(workflowRuns?.runs ?? 0) / sessionCount, 3) : null,
    topRoutes: top.map((row) => ({ route: row.route, pageViews: round(row.page_views) })),
    entryRoutes: entries.map((row) => ({ route: row.route, sessions: round(row.sessions) })),
    exitRoutes: exits.map((row) => ({ route: row.route, sessions: round(row.sessions) })),
    transitions: transitions.map((row) => ({ from: row.from, to: row.to, count: round(row.count) })),
    mix: Object.fromEntries(MIX_COLUMNS.map((column, i) => [column, mixes[i]!.map((row) => ({ key: row.key, share: round(row.share, 4) }))])) as Usage['mix'],
    heatmap: heatmap.map((row) => ({ dow: Number(row.dow), hour: Number(row.hour), pageViews: round(row.page_views) })),
  };
  return { data, rows: data.topRoutes.length + data.transitions.length + data.heatmap.length, method: USAGE_METHOD };
};
