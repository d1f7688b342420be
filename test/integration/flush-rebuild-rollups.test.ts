import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Database, Databases } from '../../collector/db/types.js';
import { rebuildRollups, touchedDays } from '../../collector/flush/rebuild-rollups.js';
import { rollupViews } from '../../collector/flush/rollup-views.js';
import { rowsText } from '../../collector/rows/row-text.js';
import { exampleBatch } from '../support/batches.js';
import { rollupMismatches } from '../support/rollup-check.js';
import { DATABASE, openMigrated, processed } from '../support/db-fixtures.js';

/**
 * A crash between a raw insert and its views' inserts leaves raw rows the
 * rollups never counted. Here the rollups are damaged by hand the way such a
 * crash leaves them, and the rebuild of the touched days must make every
 * rollup agree with the raw rows again, however often it runs.
 */
const DAY1 = Date.UTC(2026, 10, 2, 10, 0, 0);
const DAY2 = Date.UTC(2026, 10, 3, 10, 0, 0);
let dbs: Databases;
const ndjsonOf = new Map<string, string>();

beforeAll(async () => {
  dbs = await openMigrated();
  for (const [i, at] of [DAY1, DAY2].entries()) {
    for (const { table, text } of rowsText(processed(exampleBatch({ app: 'crash' }, at)))) {
      if (i === 0) ndjsonOf.set(table, text);
      await dbs.writer.insertNdjson(`${DATABASE}.${table}`, text, `seed-${i}:${table}`);
    }
  }
});
afterAll(() => dbs.close());

describe('rebuilding rollups from raw rows', () => {
  it('finds the views of every raw table that has rollups', async () => {
    const views = await rollupViews(dbs.reader, DATABASE);
    expect(new Set(views.map((v) => v.source))).toEqual(new Set(['page_views', 'vitals', 'workflow_runs', 'workflow_steps']));
    expect(views.every((v) => v.columns.includes('app') && v.columns.includes('day'))).toBe(true);
  });

  it('lists the (table, app, day)s a segment touched', () => {
    const days = touchedDays('vitals', ndjsonOf.get('vitals')!);
    expect([...days.values()]).toEqual([{ table: 'vitals', app: 'crash', day: '2026-11-02' }]);
  });

  it('makes damaged rollups agree with the raw rows, and stays right when run again', async () => {
    expect(await rollupMismatches(dbs.reader, DATABASE)).toEqual([]);
    // What a kill between the raw insert and the view inserts leaves: raw rows the rollups lack.
    await dbs.writer.command(`DELETE FROM ${DATABASE}.workflow_steps_daily_state WHERE day = '2026-11-02'`, { lightweight_deletes_sync: 2 });
    // …or, after a recovery that inserted them again, rows the rollups hold twice.
    await dbs.writer.command(`INSERT INTO ${DATABASE}.vitals_daily_state SELECT * FROM ${DATABASE}.vitals_daily_state WHERE day = '2026-11-02'`, {
      insert_deduplicate: 0,
    });
    const damaged = await rollupMismatches(dbs.reader, DATABASE);
    expect(new Set(damaged.map((m) => m.target))).toEqual(new Set(['workflow_steps_daily_state', 'vitals_daily_state']));

    const views = await rollupViews(dbs.reader, DATABASE);
    const days = new Map();
    for (const [table, ndjson] of ndjsonOf) touchedDays(table, ndjson, days);
    for (let run = 0; run < 2; run++) {
      // Per touched day: the three daily rollups and the summary marks of each raw table (which send the day back to raw reads).
      expect(await rebuildRollups(dbs.writer, DATABASE, views, days.values())).toEqual({ rebuilt: 7, retried: 0 });
      expect(await rollupMismatches(dbs.reader, DATABASE)).toEqual([]);
    }
    const [day2] = await dbs.reader.query<{ n: number }>(`SELECT sum(samples) AS n FROM ${DATABASE}.vitals_daily_state WHERE day = '2026-11-03'`);
    expect(day2!.n).toBeGreaterThan(0);
  });

  it('rebuilds by part block ranges where a raw table does not keep block numbers', async () => {
    const views = (await rollupViews(dbs.reader, DATABASE)).map((view) => ({ ...view, blockNumbers: false }));
    await dbs.writer.command(`DELETE FROM ${DATABASE}.vitals_daily_state WHERE day = '2026-11-02'`, { lightweight_deletes_sync: 2 });
    expect((await rollupMismatches(dbs.reader, DATABASE)).length).toBeGreaterThan(0);
    expect(await rebuildRollups(dbs.writer, DATABASE, views, [{ table: 'vitals', app: 'crash', day: '2026-11-02' }])).toEqual({ rebuilt: 2, retried: 0 });
    expect(await rollupMismatches(dbs.reader, DATABASE)).toEqual([]);
  });

  it('ends right when two collectors rebuild the same day at the same moment', async () => {
    // The daily rollup alone: its counts are what a race would get wrong (summary marks carry none).
    const views = (await rollupViews(dbs.reader, DATABASE)).filter((view) => view.target === 'vitals_daily_state');
    const day = [{ table: 'vitals', app: 'crash', day: '2026-11-02' }];
    /** `db` with `after` run once after its first statement that starts with `verb`. */
    const pausing = (db: Database, steps: Record<string, () => Promise<void>>): Database => ({
      ...db,
      command: async (sql, settings) => {
        await db.command(sql, settings);
        const verb = Object.keys(steps).find((v) => sql.startsWith(v));
        const step = verb === undefined ? undefined : steps[verb];
        if (verb !== undefined) delete steps[verb];
        await step?.();
      },
    });
    // The worst order: both DELETEs before both INSERTs, so each INSERT lands after the other's DELETE.
    let secondDeleted!: () => void;
    let firstInserted!: () => void;
    const afterSecondDelete = new Promise<void>((resolve) => (secondDeleted = resolve));
    const afterFirstInsert = new Promise<void>((resolve) => (firstInserted = resolve));
    const secondDb = pausing(dbs.reader, {
      DELETE: async () => {
        secondDeleted();
        await afterFirstInsert;
      },
    });
    let second: Promise<{ rebuilt: number; retried: number }> | undefined;
    const firstDb = pausing(dbs.writer, {
      DELETE: async () => {
        second = rebuildRollups(secondDb, DATABASE, views, day);
        await afterSecondDelete;
      },
      INSERT: async () => firstInserted(),
    });
    const first = await rebuildRollups(firstDb, DATABASE, views, day);
    const other = await second!;
    expect(first.retried + other.retried).toBeGreaterThan(0);
    expect(await rollupMismatches(dbs.reader, DATABASE)).toEqual([]);
  });
});
