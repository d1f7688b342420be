import type { Database } from '../db/types.js';
import type { Filters } from './filters.js';
import { MIX_COLUMNS, SESSION_SETS, sessionSetsSql, usageRows, viewSetsSql, type MixColumn } from './page-view-truth.js';
import { planDimension, sealedDaysOf } from './summary-plan.js';
import { instancesNote } from './vitals-truth.js';
import { latestRuns } from './workflow-truth.js';

/** How many routes the top / entry / exit lists hold, and how many transitions. */
export const TOP_ROUTES = 20;
export const TOP_TRANSITIONS = 50;
/** The usage summary sets the answer reads (not `release`, which the releases answer reads). */
const USAGE_SETS = [...MIX_COLUMNS, 'route', 'heatmap', ...SESSION_SETS];
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

const round = (value: number, digits = 2): number => Number(value.toFixed(digits));

/** What people do: page views, sessions, where they enter, move and leave, what they use and when. */
export const usage = async (db: Database, filters: Filters): Promise<{ data: Usage; rows: number; method: string }> => {
  const sealed = await sealedDaysOf(db, filters, ['page_views', 'workflow_runs']);
  // Usage summaries hold the whole app only.
  const usable = planDimension(filters)?.dim === '' ? { dim: '', value: '', ...sealed.page_views } : null;
  const rows = usageRows(filters, usable, (views) => `${viewSetsSql(views)}\nUNION ALL\n${sessionSetsSql(views)}`, USAGE_SETS);
  const runs = latestRuns(filters, { prefix: 'r_', sealed: sealed.workflow_runs });
  // One statement (each costs a few ms on the reader connection however little it reads), one row per set. Only the
  // lists' top rows leave the database: 200 routes make up to 40,000 transitions, over the API's row limit. The
  // transitions (most of the rows) take the top 50 by ORDER BY … LIMIT, which keeps 50 rows instead of sorting all.
  const sets = await db.query<{ set: string; items: [string, string, number, number][] }>(
    `SELECT set, groupArray((key, key2, hour, weight)) AS items FROM (
      SELECT set, key, key2, hour, sum(w) AS weight, row_number() OVER (PARTITION BY set ORDER BY weight DESC, key, key2) AS rank
      FROM (${rows.sql}) WHERE set != 'transition' GROUP BY set, key, key2, hour
    ) WHERE set IN ('device_class', 'browser', 'connection', 'heatmap', 'sessions', 'views') OR (set IN ('route', 'entry', 'exit') AND rank <= ${TOP_ROUTES})
    GROUP BY set
    UNION ALL
    SELECT 'transition', groupArray((key, key2, 0, weight)) FROM (
      SELECT key, key2, sum(w) AS weight FROM (${rows.sql}) WHERE set = 'transition'
      GROUP BY key, key2 ORDER BY weight DESC, key, key2 LIMIT ${TOP_TRANSITIONS}
    )
    UNION ALL
    SELECT 'runs', [('', '', 0, sum(weight))] FROM (${runs.sql})`,
    { ...rows.params, ...runs.params },
  );
  const rowsOf = (set: string) =>
    (sets.find((row) => row.set === set)?.items ?? []).map(([key, key2, hour, weight]) => ({ key, key2, hour, weight: Number(weight) }));
  const workflowRuns = rowsOf('runs')[0]?.weight ?? 0;
  const fromSummaries = usable !== null && usable.sealed.length > 0;
  const ranked = <T>(rows: T[], weight: (row: T) => number, name: (row: T) => string, limit: number): T[] =>
    [...rows].sort((a, b) => weight(b) - weight(a) || name(a).localeCompare(name(b))).slice(0, limit);
  // Every page view has one device class (maybe ''), and that list is short: routes come back as their top only.
  const totalViews = rowsOf('device_class').reduce((sum, row) => sum + row.weight, 0);
  const totals = {
    page_views: rowsOf('views').reduce((sum, row) => sum + Number(row.key) * row.weight, 0),
    sessions: rowsOf('sessions').reduce((sum, row) => sum + row.weight, 0),
  };
  const top = ranked(
    rowsOf('route'),
    (row) => row.weight,
    (row) => row.key,
    TOP_ROUTES,
  ).map((row) => ({ route: row.key, page_views: row.weight }));
  const entries = ranked(
    rowsOf('entry'),
    (row) => row.weight,
    (row) => row.key,
    TOP_ROUTES,
  ).map((row) => ({ route: row.key, sessions: row.weight }));
  const exits = ranked(
    rowsOf('exit'),
    (row) => row.weight,
    (row) => row.key,
    TOP_ROUTES,
  ).map((row) => ({ route: row.key, sessions: row.weight }));
  const transitions = ranked(
    rowsOf('transition'),
    (row) => row.weight,
    (row) => `${row.key}\u0000${row.key2}`,
    TOP_TRANSITIONS,
  ).map((row) => ({
    from: row.key,
    to: row.key2,
    count: row.weight,
  }));
  const heatmap = rowsOf('heatmap')
    .map((row) => ({ dow: Number(row.key), hour: Number(row.hour), page_views: row.weight }))
    .sort((a, b) => a.dow - b.dow || a.hour - b.hour);
  const mixes = MIX_COLUMNS.map((column) =>
    ranked(
      rowsOf(column),
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
    workflowsPerSession: sessionCount > 0 ? round(Number(workflowRuns) / sessionCount, 3) : null,
    topRoutes: top.map((row) => ({ route: row.route, pageViews: round(row.page_views) })),
    entryRoutes: entries.map((row) => ({ route: row.route, sessions: round(row.sessions) })),
    exitRoutes: exits.map((row) => ({ route: row.route, sessions: round(row.sessions) })),
    transitions: transitions.map((row) => ({ from: row.from, to: row.to, count: round(row.count) })),
    mix: Object.fromEntries(MIX_COLUMNS.map((column, i) => [column, mixes[i]!.map((row) => ({ key: row.key, share: round(row.share, 4) }))])) as Usage['mix'],
    heatmap: heatmap.map((row) => ({ dow: Number(row.dow), hour: Number(row.hour), pageViews: round(row.page_views) })),
  };
  return {
    data,
    rows: data.topRoutes.length + data.transitions.length + data.heatmap.length,
    method: `${
      fromSummaries
        ? `${USAGE_METHOD}; ${usable.sealed.length} of ${usable.sealed.length + usable.open.length} days from day summaries, where a session counts within each UTC day it has page views on`
        : USAGE_METHOD
    }; workflows per session: runs counted once (last record per run_id), weighted by 1/sample_rate${instancesNote(sealed.workflow_runs)}`,
  };
};
