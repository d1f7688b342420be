import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Readable } from 'node:stream';
import { monitorEventLoopDelay } from 'node:perf_hooks';
import { openEmbeddedClients } from '../collector/db/embedded.js';
import { migrate } from '../collector/db/migrate.js';
import { openDatabases } from '../collector/db/open.js';
import { rowsText } from '../collector/rows/row-text.js';
import { processedBatch } from '../test/support/spool-fixtures.js';

/**
 * Why embedded inserts bypass @clickhouse/client (docs/architecture.md,
 * "Decisions"): the same NDJSON body into chDB's vitals table, once through
 * the client's `exec` over chdb/connection (the baseline: the one-client
 * path) and once through that connection's own `rawInsert`. Prints the time
 * of each and the longest event-loop stall during it.
 *
 *   node --import tsx bench/chdb-insert.ts [rows=50000]
 */
const rows = Number(process.argv[2] ?? 50_000);
const dir = await mkdtemp(join(tmpdir(), 'percept-bench-insert-'));
const database = 'percept';
const dbs = await openDatabases({ database, dataDir: dir, retentionDays: 30 });
await migrate(dbs.writer, { database, retentionDays: 30 });

const lines: string[] = [];
while (lines.length < rows) {
  const vitals = rowsText(processedBatch()).find((t) => t.table === 'vitals');
  if (!vitals) throw new Error('the fixture batch has no vitals');
  lines.push(...vitals.text.trimEnd().split('\n'));
}
const body = Buffer.from(lines.slice(0, rows).join('\n') + '\n');
const [embedded] = await openEmbeddedClients(dir, database, 1);
if (!embedded) throw new Error('no embedded client');

const measure = async (name: string, insert: () => Promise<void>): Promise<{ name: string; ms: number; stallMs: number }> => {
  const delay = monitorEventLoopDelay({ resolution: 1 });
  delay.enable();
  const started = performance.now();
  await insert();
  const ms = performance.now() - started;
  delay.disable();
  return { name, ms, stallMs: delay.max / 1e6 };
};

const exec = await measure('@clickhouse/client exec (baseline)', async () => {
  const result = await embedded.client.exec({ query: `INSERT INTO ${database}.vitals FORMAT JSONEachRow`, values: Readable.from([body]) });
  result.stream.destroy();
});
const raw = await measure('chdb/connection rawInsert', () => embedded.insert(`${database}.vitals`, body, {}));

process.stdout.write(`${rows} vitals rows, ${(body.length / 1e6).toFixed(1)} MB of NDJSON into chDB\n\n`);
process.stdout.write('| path | ms | rows/s | longest event-loop stall ms |\n| --- | ---: | ---: | ---: |\n');
for (const r of [exec, raw]) {
  process.stdout.write(`| ${r.name} | ${r.ms.toFixed(0)} | ${Math.round(rows / (r.ms / 1000))} | ${r.stallMs.toFixed(1)} |\n`);
}
process.stdout.write(`\nrawInsert / exec: time ${(raw.ms / exec.ms).toFixed(2)}×, stall ${(raw.stallMs / exec.stallMs).toFixed(3)}×\n`);

await embedded.client.close();
await dbs.close();
await rm(dir, { recursive: true, force: true });
