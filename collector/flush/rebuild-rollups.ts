import type { Database } from '../db/types.js';
import { blockMarks, committedBetween, committedBy, literal, rowBlocks, type BlockMarks } from './block-marks.js';
import type { RollupView } from './rollup-views.js';

/** One rollup partition worth rebuilding: the rows of one app's day of one raw table. */
export interface TouchedDay {
  table: string;
  app: string;
  /** YYYY-MM-DD (UTC), the rollups' `day`. */
  day: string;
}

const DAY = /^\d{4}-\d{2}-\d{2}$/;

/** Rebuilds of one rollup day that another collector's inserts made ambiguous before the rebuild gives up for now. */
const ATTEMPTS = 5;
/** Scale of the random wait before a redo, doubled each time (up to ~320 ms before the fifth attempt). */
const REDO_WAIT_MS = 20;

/** The (table, app, day)s of JSONEachRow raw rows, from their `app` and `time` columns. */
export const touchedDays = (table: string, ndjson: Buffer | string, into: Map<string, TouchedDay> = new Map()): Map<string, TouchedDay> => {
  for (const line of ndjson.toString('utf8').split('\n')) {
    if (line === '') continue;
    const row = JSON.parse(line) as { app?: unknown; time?: unknown };
    const day = String(row.time ?? '').slice(0, 10);
    if (typeof row.app !== 'string' || !DAY.test(day)) continue;
    into.set(`${table}\0${row.app}\0${day}`, { table, app: row.app, day });
  }
  return into;
};

/** Thrown when other inserts kept landing in the rebuild's window; the segment stays on disk and the rebuild runs again later. */
export class RollupRebuildRaceError extends Error {
  constructor(target: string, app: string, day: string) {
    super(
      `Could not rebuild ${target} for app ${app} on ${day}: other collectors kept inserting into or rebuilding that day at the same moment, ${ATTEMPTS} times. ` +
        'The recovered segment stays in the spool and the rebuild is tried again after a backoff.',
    );
    this.name = 'RollupRebuildRaceError';
  }
}

/**
 * Rebuilds the rollup rows of the given days from the raw rows. An insert into
 * a raw table and the inserts its materialized views make are not one atomic
 * step: a crash between them leaves raw rows that the rollups never counted,
 * and recovery, which finds those raw rows stored, does not insert them again.
 * So after recovering a segment, every rollup day it touched is deleted and
 * computed again with the view's own SELECT over the raw rows of that app and
 * day. Idempotent: a crash during the rebuild leaves the segment on disk, and
 * the next start rebuilds the same days again. Returns the rollup days rebuilt
 * and the attempts a concurrent insert made ambiguous.
 */
export const rebuildRollups = async (
  db: Database,
  database: string,
  views: readonly RollupView[],
  days: Iterable<TouchedDay>,
): Promise<{ rebuilt: number; retried: number }> => {
  let rebuilt = 0;
  let retried = 0;
  for (const { table, app, day } of days) {
    if (!DAY.test(day)) throw new Error(`Cannot rebuild rollups of day ${JSON.stringify(day)}: not YYYY-MM-DD.`);
    for (const view of views.filter((v) => v.source === table)) {
      retried += await rebuildDay(db, database, view, app, day);
      rebuilt += 1;
    }
  }
  return { rebuilt, retried };
};

/**
 * One rollup day, right even while other collectors insert into it: the
 * DELETE removes what the views wrote before it was issued, and the rebuild
 * counts only the raw rows committed before it (block numbers read just
 * before and just after the DELETE; block-marks.ts). A raw row committed after
 * is counted by its view's own insert, which the DELETE does not touch. A row
 * committed between the two reads cannot be placed; if the app's day has one,
 * the attempt is done again (the next DELETE takes this attempt's rows too).
 * Last, the day's counts must agree with the raw rows (another rebuild of the
 * same day at the same moment would show here). Returns the attempts made
 * again.
 *
 * The DELETE only queues its mutation (lightweight_deletes_sync = 0), so the
 * two reads are one round trip apart rather than a mutation's run apart; the
 * wait for the mutation comes after the rebuilt rows are in. The insert runs
 * with insert_deduplicate = 0: a rebuild that yields the same block as an
 * earlier one must still be stored after the delete. What is left of the race
 * is in docs/durability.md ("Rollups after a crash").
 */
const rebuildDay = async (db: Database, database: string, view: RollupView, app: string, day: string): Promise<number> => {
  const where = `app = ${literal(app)} AND day = toDate(${literal(day)})`;
  const source = `${database}.${view.source}`;
  const target = `${database}.${view.target}`;
  const columns = view.columns.map((c) => `\`${c}\``).join(', ');
  const blocks = rowBlocks(view.blockNumbers);
  const filtered = (filter: string) => `SETTINGS additional_table_filters = {${literal(source)}: ${literal(filter)}}`;
  for (let attempt = 0; attempt < ATTEMPTS; attempt++) {
    // Two collectors redoing the same day in step would collide again and again: a random wait takes them out of step.
    if (attempt > 0) await new Promise((resolve) => setTimeout(resolve, Math.random() * REDO_WAIT_MS * 2 ** attempt));
    const before: BlockMarks = await blockMarks(db, database, view.source);
    await db.command(`DELETE FROM ${target} WHERE ${where}`, { lightweight_deletes_sync: 0 });
    const after: BlockMarks = await blockMarks(db, database, view.source);
    await db.command(
      `INSERT INTO ${target} (${columns}) SELECT ${columns} FROM (${view.select}) WHERE ${where} ${filtered(committedBy(before, blocks))}, insert_deduplicate = 0`,
    );
    const [unplaced] = await db.query<{ n: string | number }>(
      `SELECT count() AS n FROM (${view.select}) WHERE ${where} ${filtered(committedBetween(before, after, blocks))}`,
    );
    if (Number(unplaced?.n ?? 0) !== 0) continue;
    await mutationsDone(db, database, view.target);
    if (await agrees(db, target, view, where)) return attempt;
  }
  throw new RollupRebuildRaceError(view.target, app, day);
};

/**
 * The rebuilt day's counts against the raw rows', read in one query. Another
 * collector rebuilding the same day at the same moment can put its rows in
 * after this one's DELETE; then the day is counted twice and this attempt is
 * done again. An insert landing between the query's two reads makes it
 * disagree once for nothing: the day is only rebuilt again.
 */
const agrees = async (db: Database, target: string, view: RollupView, where: string): Promise<boolean> => {
  if (view.counts.length === 0) return true;
  const sums = view.counts.map((c) => `toInt64(sum(\`${c}\`))`).join(', ');
  const [row] = await db.query<{ rollup: string; raw: string }>(
    `SELECT (SELECT toJSONString(tuple(${sums})) FROM ${target} WHERE ${where}) AS rollup,
            (SELECT toJSONString(tuple(${sums})) FROM (${view.select}) WHERE ${where}) AS raw`,
  );
  return row !== undefined && row.rollup === row.raw;
};

/** How long the rebuild waits for its DELETE to run before it treats the mutation as stuck. */
const MUTATION_WAIT_MS = 60_000;

/** Waits until the target's queued deletes have run, so readers do not see a rebuilt day next to the rows it replaces. */
const mutationsDone = async (db: Database, database: string, table: string): Promise<void> => {
  const end = Date.now() + MUTATION_WAIT_MS;
  for (;;) {
    const pending = await db.query<{ id: string; reason: string }>(
      `SELECT mutation_id AS id, latest_fail_reason AS reason FROM system.mutations
       WHERE database = {database:String} AND table = {table:String} AND NOT is_done AND NOT is_killed`,
      { database, table },
    );
    if (pending.length === 0) return;
    if (Date.now() > end) {
      const stuck = pending.find((m) => m.reason !== '') ?? pending[0]!;
      throw new Error(
        `A mutation of ${database}.${table} (${stuck.id}) has not finished after ${MUTATION_WAIT_MS / 1000} s${stuck.reason ? `: ${stuck.reason}` : ''}. ` +
          'See system.mutations; the rebuild of the rollup day is tried again after a backoff.',
      );
    }
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
};
