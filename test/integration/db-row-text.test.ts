import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Databases } from '../../collector/db/types.js';
import type { ProcessedEvent } from '../../collector/pipeline/types.js';
import { rowsText } from '../../collector/rows/row-text.js';
import { ndjson, rowObjects } from '../support/rows.js';
import { RAW_TABLES } from '../../collector/rows/tables.js';
import { rate } from '../../schema/index.js';
import { exampleBatch } from '../support/batches.js';
import { openMigrated, processed } from '../support/db-fixtures.js';

const NOW = Date.UTC(2026, 10, 1, 12, 0, 0, 0);
const sparse: ProcessedEvent[] = [
  { type: 'page', ts: NOW - 10, kind: 'route', nav: 'navigate', url: '/x', timing: { dns: 0, ttfb: 0 } },
  { type: 'vital', ts: NOW - 5, name: 'CLS', value: 0, delta: 0, id: 'v5-cls-1', nav: 'navigate', rating: rate('CLS', 0) },
  { type: 'workflow', ts: NOW - 3, name: 'w', run_id: 'run-1', outcome: 'error', duration: 0, attrs: {}, steps: [{ name: 's', start: 0, duration: 0 }] },
];
const batches = [
  processed(exampleBatch({}, NOW), { user_hash: 'a1b2c3', retention_days: 400, sample_rate: 0.25 }),
  processed(exampleBatch({ release: '', env: '', client: {} }, NOW), {
    events: sparse,
    ua: { browser: '', browser_major: 0, os: '', device_class: 'unknown' },
  }),
];

let dbs: Databases;
beforeAll(async () => {
  dbs = await openMigrated();
  for (const batch of batches) {
    // The same batch twice: with every column spelled out (rowObjects), and as rowsText (what the spool stores) under its own batch id.
    const rows = rowObjects(batch);
    for (const table of RAW_TABLES) await dbs.writer.insertNdjson(table, ndjson(rows[table] ?? []), `objects-${batch.batch_id}-${table}`);
    const copy = { ...batch, batch_id: crypto.randomUUID() };
    for (const { table, text } of rowsText(copy)) await dbs.writer.insertNdjson(table, text, `text-${batch.batch_id}-${table}`);
  }
});
afterAll(() => dbs.close());

describe('rows written as text with default-valued columns left out', () => {
  it('are stored exactly as the rows with every column spelled out are', async () => {
    for (const table of RAW_TABLES) {
      const stored = await dbs.reader.query<Record<string, unknown>>(
        `SELECT * EXCEPT (batch_id), batch_id IN ({ids:Array(UUID)}) AS objects FROM ${table} ORDER BY objects, session_id, time, toString(tuple(*))`,
        { ids: batches.map((b) => b.batch_id) },
      );
      const fromObjects = stored.filter((row) => row.objects).map(({ objects: _, ...row }) => row);
      const fromText = stored.filter((row) => !row.objects).map(({ objects: _, ...row }) => row);
      expect(fromObjects.length).toBeGreaterThan(0);
      expect(fromText).toEqual(fromObjects);
    }
  });
});
