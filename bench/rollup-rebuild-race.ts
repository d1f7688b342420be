import { randomUUID } from 'node:crypto';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { migrate } from '../collector/db/migrate.js';
import { openDatabases } from '../collector/db/open.js';
import type { Database } from '../collector/db/types.js';
import { rebuildRollups, RollupRebuildRaceError } from '../collector/flush/rebuild-rollups.js';
import { rollupViews, type RollupView } from '../collector/flush/rollup-views.js';
import { rowsText } from '../collector/rows/row-text.js';
import { exampleBatch, processedFrom } from '../test/support/batches.js';
import { rollupMismatches } from '../test/support/rollup-check.js';

/**
 * The rollup rebuild of one app's day while a second connection keeps
 * inserting batches into that same app and day (a second collector on the
 * same database), trial by trial: the rebuild as it was before (DELETE, then
 * INSERT … SELECT of every raw row of the day) against the rebuild by block
 * marks (collector/flush/rebuild-rollups.ts). After each trial the inserts
 * stop and every rollup key is compared with the raw rows; a wrong day is
 * repaired before the next trial. Prints, per strategy, the trials that ended
 * wrong, the attempts made again, the rebuilds given up after five attempts
 * (the flusher then retries the segment after a backoff) and the median time
 * of one rebuild.
 *
 *   node --import tsx bench/rollup-rebuild-race.ts [trials=20] [pause-ms=2]
 */
const trials = Number(process.argv[2] ?? 20);
const pauseMs = Number(process.argv[3] ?? 2);
const DATABASE = 'bench';
const APP = 'race';
const NOW = Date.now();
const DAY = new Date(NOW).toISOString().slice(0, 10);
const dir = await mkdtemp(join(tmpdir(), 'percept-bench-rebuild-'));
const dbs = await openDatabases({ dataDir: dir, database: DATABASE, retentionDays: 3650 });

const insertBatch = async (db: Database): Promise<void> => {
  const batch = processedFrom(exampleBatch({ app: APP, batch_id: randomUUID() }, NOW), { received_at: NOW, retention_days: 3650 });
  for (const { table, text } of rowsText(batch)) await db.insertNdjson(`${DATABASE}.${table}`, text, `bench-${batch.batch_id}:${table}`);
};

/** The rebuild before block marks: delete the day, then aggregate every raw row of it. */
const deleteThenInsert = async (db: Database, views: readonly RollupView[]): Promise<number> => {
  const where = `app = '${APP}' AND day = toDate('${DAY}')`;
  for (const view of views.filter((v) => v.source === 'vitals')) {
    const columns = view.columns.map((c) => `\`${c}\``).join(', ');
    await db.command(`DELETE FROM ${DATABASE}.${view.target} WHERE ${where}`, { lightweight_deletes_sync: 2 });
    await db.command(`INSERT INTO ${DATABASE}.${view.target} (${columns}) SELECT ${columns} FROM (${view.select}) WHERE ${where}`, { insert_deduplicate: 0 });
  }
  return 0;
};

const byMarks = async (db: Database, views: readonly RollupView[]): Promise<number> =>
  (await rebuildRollups(db, DATABASE, views, [{ table: 'vitals', app: APP, day: DAY }])).retried;

const median = (values: number[]): number => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)] ?? 0;

try {
  await migrate(dbs.writer, { database: DATABASE, retentionDays: 3650, rollupRetentionDays: 3650 });
  for (let i = 0; i < 200; i++) await insertBatch(dbs.writer);
  const views = await rollupViews(dbs.reader, DATABASE);
  const strategies = { 'delete then insert (before)': deleteThenInsert, 'block marks (now)': byMarks };
  const results = new Map(Object.keys(strategies).map((name) => [name, { wrong: 0, retried: 0, gaveUp: 0, ms: [] as number[], inserts: 0 }]));
  for (let trial = 0; trial < trials; trial++) {
    for (const [name, rebuild] of Object.entries(strategies)) {
      const result = results.get(name)!;
      let running = true;
      const inserting = (async () => {
        while (running) {
          await insertBatch(dbs.reader);
          result.inserts += 1;
          await new Promise((resolve) => setTimeout(resolve, pauseMs));
        }
      })();
      await new Promise((resolve) => setTimeout(resolve, 5 + Math.random() * 20));
      const started = performance.now();
      try {
        result.retried += await rebuild(dbs.writer, views);
        result.ms.push(performance.now() - started);
      } catch (error) {
        // The flusher keeps the segment and tries again after a backoff; here it counts as a trial given up.
        if (!(error instanceof RollupRebuildRaceError)) throw error;
        result.gaveUp += 1;
      } finally {
        running = false;
        await inserting;
      }
      const wrong = (await rollupMismatches(dbs.reader, DATABASE)).filter((m) => m.target === 'vitals_daily_state');
      if (wrong.length > 0) {
        result.wrong += 1;
        await rebuildRollups(dbs.writer, DATABASE, views, [{ table: 'vitals', app: APP, day: DAY }]);
      }
    }
  }
  console.log(`${trials} trials per strategy; a second connection inserts a batch into the same app and day every ~${pauseMs} ms during each rebuild`);
  for (const [name, r] of results) {
    console.log(
      `${name.padEnd(28)} wrong after ${String(r.wrong).padStart(3)}/${trials} trials, attempts redone ${String(r.retried).padStart(3)}, given up ${r.gaveUp}, median rebuild ${median(r.ms).toFixed(1)} ms, concurrent batches ${r.inserts}`,
    );
  }
} finally {
  await dbs.close();
  await rm(dir, { recursive: true, force: true });
}
