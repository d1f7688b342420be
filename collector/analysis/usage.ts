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
  // Two passes over the page views instead of one per list: one grouping-sets query per page view, one per session.
  const [byView, bySession, [workflowRuns]] = await Promise.all([
    db.query<{ set: string; key: string; hour: number; weight: number }>(
      `SELECT set, key, hour, weight FROM (
        SELECT multiIf(grouping(route_last) = 0, 'route', grouping(device_class_last) = 0, 'device_class', grouping(browser_last) = 0, 'browser',
            grouping(connection_last) = 0, 'connection', 'heatmap') AS set,
          multiIf(set = 'route', route_last, set = 'device_class', device_class_last, set = 'browser', browser_last,
            set = 'connection', connection_last, toString(toDayOfWeek(first_time))) AS key,
          if(set = 'heatmap', toHour(first_time), 0) AS hour, sum(weight) AS weight,
          row_number() OVER (PARTITION BY set ORDER BY weight DESC, key) AS rank
        FROM (${views.sql})
        GROUP BY GROUPING SETS ((route_last), (device_class_last), (browser_last), (connection_last), (toDayOfWeek(first_time), toHour(first_time)))
      ) WHERE set != 'route' OR rank <= ${TOP_ROUTES}`,
      views.params,
    ),
    db.query<{ kind: string; from: string; to: string; weight: number }>(
      // Only the lists' top rows leave the database: 200 routes make up to 40,000 transitions, over the API's row limit.
      `SELECT kind, from, to, weight FROM (
        SELECT item.1 AS kind, item.2 AS from, item.3 AS to, sum(weight) AS weight,
          row_number() OVER (PARTITION BY kind ORDER BY weight DESC, from, to) AS rank
        FROM (${sessions})
        ARRAY JOIN arrayConcat([('sessions', '', ''), ('views', toString(views), ''), ('entry', path[1], ''), ('exit', path[-1], '')],
          arrayMap(pair -> ('transition', pair.1, pair.2), arrayZip(arrayPopBack(path), arrayPopFront(path)))) AS item
        GROUP BY kind, from, to
      ) WHERE kind IN ('sessions', 'views') OR rank <= if(kind = 'transition', ${TOP_TRANSITIONS}, ${TOP_ROUTES})`,
      views.params,
    ),
    db.query<{ runs: number }>(`SELECT sum(weight) AS runs FROM (${runs.sql})`, runs.params),
  ]);
  const ranked = <T>(rows: T[], weight: (row: T) => number, name: (row: T) => string, limit: number): T[] =>
    [...rows].sort((a, b) => weight(b) - weight(a) || name(a).localeCompare(name(b))).slice(0, limit);
  const viewsOf = (set: string) => byView.filter((row) => row.set === set);
  const sessionsOf = (kind: string) => bySession.filter((row) => row.kind === kind);
  // Every page view has one device class (maybe ''), and that list is short: routes come back as their top only.
  const totalViews = viewsOf('device_class').reduce((sum, row) => sum + row.weight, 0);
  const totals = {
    page_views: sessionsOf('views').reduce((sum, row) => sum + Number(row.from) * row.weight, 0),
    sessions: sessionsOf('sessions').reduce((sum, row) => sum + row.weight, 0),
  };
  const top = ranked(
    viewsOf('route'),
    (row) => row.weight,
    (row) => row.key,
    TOP_ROUTES,
  ).map((row) => ({ route: row.key, page_views: row.weight }));
  const entries = ranked(
    sessionsOf('entry'),
    (row) => row.weight,
    (row) => row.from,
    TOP_ROUTES,
  ).map((row) => ({ route: row.from, sessions: row.weight }));
  const exits = ranked(
    sessionsOf('exit'),
    (row) => row.weight,
    (row) => row.from,
    TOP_ROUTES,
  ).map((row) => ({ route: row.from, sessions: row.weight }));
  const transitions = ranked(
    sessionsOf('transition'),
    (row) => row.weight,
    (row) => `${row.from}\u0000${row.to}`,
    TOP_TRANSITIONS,
  ).map((row) => ({
    from: row.from,
    to: row.to,
    count: row.weight,
  }));
  const heatmap = viewsOf('heatmap')
    .map((row) => ({ dow: Number(row.key), hour: Number(row.hour), page_views: row.weight }))
    .sort((a, b) => a.dow - b.dow || a.hour - b.hour);
  const mixes = MIX_COLUMNS.map((column) =>
    ranked(
      viewsOf(column),
      (row) => row.weight,
      (row) => row.key,
      Number.MAX_SAFE_INTEGER,
    ).map((row) => ({ key: row.key, share: totalViews > 0 ? row.weight / totalViews : 0 })),
  );
  const pageViews = totals.page_views;
  const sessionCount = totals.sessions;
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
