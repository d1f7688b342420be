import { cp, mkdir, readdir, rm } from 'node:fs/promises';
import { describe, expect, it } from 'vitest';
import type { Databases } from '../../collector/db/types.js';
import type { ScrubbedBatch } from '../../collector/scrub/index.js';
import { rollupMismatches } from '../support/rollup-check.js';
import { processedBatch } from '../support/spool-fixtures.js';
import { copiesOf, DATABASE, eventually, FAST, ONE_COPY, open, useStore, withOutage } from '../support/spool-setup.js';

/**
 * What a SIGKILL between a raw insert and its views' inserts leaves, made on
 * purpose: a spool segment still on disk whose raw rows are stored but never
 * reached the rollups. Recovery finds the raw rows and inserts nothing; only
 * the rollup rebuild puts the rollups right. With the rebuild switched off the
 * same recovery leaves them short, which the crash test's check
 * (rollupMismatches, test/integration/system-crash.test.ts) reports.
 */
const GIVE_UP = { ...FAST, closeTimeoutMs: 100, sealAfterMs: 60_000 };

describe('rollups after a crash between raw inserts and their views', () => {
  const store = useStore();

  /** A segment on disk whose raw rows are stored without their views having run; returns a copy of the spool to restore it from. */
  const crashedBetweenRawAndViews = async (dir: string, batches: ScrubbedBatch[]): Promise<string> => {
    const first = await open(dir, withOutage(store.db).db, GIVE_UP);
    for (const batch of batches) expect(await first.ingest.accept(batch)).toBe('stored');
    await first.ingest.close();
    const saved = `${dir}-saved`;
    await mkdir(saved);
    await cp(dir, saved, { recursive: true });

    const views = await store.db.reader.query<{ name: string }>(
      "SELECT name FROM system.tables WHERE database = {database:String} AND engine = 'MaterializedView'",
      { database: DATABASE },
    );
    expect(views.length).toBeGreaterThan(0);
    for (const { name } of views) await store.db.writer.command(`DETACH TABLE ${DATABASE}.${name}`);
    try {
      const flushing = await open(dir, store.db);
      await flushing.ingest.close();
    } finally {
      for (const { name } of views) await store.db.writer.command(`ATTACH TABLE ${DATABASE}.${name}`);
    }
    for (const batch of batches) expect(await copiesOf(store.db, batch.batch_id)).toEqual(ONE_COPY);
    return saved;
  };

  const restore = async (saved: string, dir: string): Promise<void> => {
    await rm(dir, { recursive: true, force: true });
    await cp(saved, dir, { recursive: true });
    expect((await readdir(dir)).filter((f) => f.endsWith('.seg'))).toHaveLength(1);
  };

  it('leaves the rollups short without the rebuild and right with it', async () => {
    const dir = store.spoolDir();
    const batches = Array.from({ length: 6 }, () => processedBatch());
    const saved = await crashedBetweenRawAndViews(dir, batches);
    const short = await rollupMismatches(store.db.reader, DATABASE);
    expect(new Set(short.map((m) => m.target))).toEqual(new Set(['vitals_daily_state', 'workflows_daily_state', 'workflow_steps_daily_state']));

    await restore(saved, dir);
    const withoutRebuild = await open(dir, store.db, { ...FAST, rebuildRollups: false });
    await withoutRebuild.ingest.close();
    expect(await readdir(dir)).toEqual([]);
    expect(await rollupMismatches(store.db.reader, DATABASE)).toEqual(short);

    await restore(saved, dir);
    const recovering = await open(dir, store.db);
    await recovering.ingest.close();
    expect(await readdir(dir)).toEqual([]);
    expect(recovering.lines.some((line) => /^Rebuilt the rollup days/.test(line.msg))).toBe(true);
    expect(await rollupMismatches(store.db.reader, DATABASE)).toEqual([]);
    for (const batch of batches) expect(await copiesOf(store.db, batch.batch_id)).toEqual(ONE_COPY);
  });

  it('waits and tries again when every attempt of a rebuild collides, without calling ClickHouse down', async () => {
    const dir = store.spoolDir();
    await restore(await crashedBetweenRawAndViews(dir, [processedBatch()]), dir);
    // The first five checks for rows committed during the DELETE find one: as if another collector kept inserting there.
    let collisions = 5;
    const colliding: Databases = {
      ...store.db,
      writer: {
        ...store.db.writer,
        query: async <T>(sql: string, params?: Record<string, unknown>) => {
          if (/additional_table_filters/.test(sql) && /^SELECT count\(\) AS n/.test(sql) && collisions > 0) {
            collisions -= 1;
            return [{ n: 1 }] as T[];
          }
          return store.db.writer.query<T>(sql, params);
        },
      },
    };
    const recovering = await open(dir, colliding);
    await eventually(async () => (await readdir(dir)).every((f) => !f.endsWith('.seg')), 'the recovered segment to be flushed');
    await recovering.ingest.close();
    expect(collisions).toBe(0);
    expect(recovering.lines.filter((line) => line.level === 'warn').map((line) => line.msg)).toEqual([
      expect.stringMatching(/^Could not rebuild \w+ for app demo on .*5 times\. The recovered segment stays in the spool/),
    ]);
    expect(recovering.lines.filter((line) => line.level === 'error')).toEqual([]);
    expect(await rollupMismatches(store.db.reader, DATABASE)).toEqual([]);
  });
});
