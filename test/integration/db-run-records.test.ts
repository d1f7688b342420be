import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Databases } from '../../collector/db/types.js';
import { rowsText } from '../../collector/rows/row-text.js';
import type { WorkflowEvent } from '../../schema/index.js';
import { exampleBatch } from '../support/batches.js';
import { openMigrated, processed } from '../support/db-fixtures.js';

const NOW = Date.UTC(2026, 10, 2, 12, 0, 0, 0);
const run = (run_id: string, outcome: WorkflowEvent['outcome'], duration: number): WorkflowEvent => ({
  type: 'workflow',
  ts: NOW - 60_000,
  name: 'report',
  run_id,
  outcome,
  duration,
});

/**
 * Three runs of `report`, each batch received a second after the previous:
 * run 1 switched tabs (provisional abandoned, then ok after 9 s), run 2 was
 * really left (abandoned only), run 3 ended before any hide (ok only).
 */
const batches = [
  [run('run-records-0001', 'abandoned', 1200), run('run-records-0002', 'abandoned', 800)],
  [run('run-records-0003', 'ok', 400)],
  [run('run-records-0001', 'ok', 9000)],
];

let dbs: Databases;
beforeAll(async () => {
  dbs = await openMigrated();
  for (const [i, events] of batches.entries()) {
    const batch = processed(exampleBatch({ events, sent_at: NOW + i * 1000 }, NOW));
    for (const { table, text } of rowsText(batch)) await dbs.writer.insertNdjson(table, text, `${batch.batch_id}:${table}`);
  }
});
afterAll(() => dbs.close());

describe('the last record per run_id, on ClickHouse', () => {
  it('stores every record, and the last one per run is its truth', async () => {
    const all = await dbs.reader.query<{ n: number }>(`SELECT toUInt32(count()) AS n FROM workflow_runs WHERE run_id LIKE 'run-records-%'`);
    expect(all).toEqual([{ n: 4 }]);
    const last = await dbs.reader.query<{ run_id: string; outcome: string; duration: number }>(
      `SELECT run_id, argMax(outcome, received_at) AS outcome, argMax(duration, received_at) AS duration
       FROM workflow_runs WHERE run_id LIKE 'run-records-%' GROUP BY run_id ORDER BY run_id`,
    );
    expect(last).toEqual([
      { run_id: 'run-records-0001', outcome: 'ok', duration: 9000 },
      { run_id: 'run-records-0002', outcome: 'abandoned', duration: 800 },
      { run_id: 'run-records-0003', outcome: 'ok', duration: 400 },
    ]);
  });
});
