/**
 * The raw chDB baseline of the ingest benchmark, as its own process because
 * chDB opens one data folder per process:
 *
 *   node --import tsx bench/ingest/chdb-rows.ts export <collector data dir> <ndjson dir>
 *     writes the raw tables' rows as JSONEachRow files, one per table;
 *   node --import tsx bench/ingest/chdb-rows.ts insert <fresh data dir> <ndjson dir>
 *     migrates a fresh database, inserts those rows in 10,000-row inserts
 *     through the collector's own insert call, and prints {"rows","ms"}.
 */
import { readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { migrate } from '../../collector/db/migrate.js';
import { openDatabases } from '../../collector/db/open.js';
import { RAW_TABLES } from '../../collector/rows/tables.js';

const DATABASE = 'percept';
const ROWS_PER_INSERT = 10_000;
const [mode, dataDir, ndjsonDir] = process.argv.slice(2);
if ((mode !== 'export' && mode !== 'insert') || !dataDir || !ndjsonDir) {
  process.stderr.write('usage: chdb-rows.ts export|insert <data dir> <ndjson dir>\n');
  process.exit(2);
}

const options = { dataDir, database: DATABASE, retentionDays: 90 };
const db = await openDatabases(options);
try {
  if (mode === 'export') {
    for (const table of RAW_TABLES) {
      const rows = await db.reader.query(`SELECT * FROM ${DATABASE}.${table}`);
      await writeFile(join(ndjsonDir, `${table}.ndjson`), rows.map((row) => `${JSON.stringify(row)}\n`).join(''));
    }
  } else {
    await migrate(db.writer, options);
    const chunks: { table: string; ndjson: string; rows: number }[] = [];
    for (const table of RAW_TABLES) {
      const lines = (await readFile(join(ndjsonDir, `${table}.ndjson`), 'utf8')).split('\n').filter(Boolean);
      for (let i = 0; i < lines.length; i += ROWS_PER_INSERT) {
        const part = lines.slice(i, i + ROWS_PER_INSERT);
        chunks.push({ table, ndjson: `${part.join('\n')}\n`, rows: part.length });
      }
    }
    const started = performance.now();
    for (const [i, chunk] of chunks.entries()) await db.writer.insertNdjson(chunk.table, chunk.ndjson, `bench:${i}`);
    const ms = performance.now() - started;
    process.stdout.write(`${JSON.stringify({ rows: chunks.reduce((n, c) => n + c.rows, 0), ms })}\n`);
  }
} finally {
  await db.close();
}
