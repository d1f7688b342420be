import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Session } from 'chdb';

/**
 * What the batch_id bloom filter of migration 005 saves recovery's
 * `batch_id IN (…)` check (collector/flush/missing-rows.ts): two copies of a
 * table shaped like `vitals` (same ORDER BY, same batch_id UUID column), one
 * with the skip index and one without (the baseline), filled with the same
 * rows; then the check for 500 batch ids on each: the 250 newest batches (a
 * segment left by a crash holds the last seconds of traffic) and 250 that
 * were never stored. Prints
 * the rows each read and the ratio. Rows are generated inside the engine.
 *
 *   node --import tsx bench/batch-id-lookup.ts [rows=2000000]
 */
const rows = Number(process.argv[2] ?? 2_000_000);
const dir = await mkdtemp(join(tmpdir(), 'percept-bench-lookup-'));
const session = new Session(dir);
try {
  const columns = `app LowCardinality(String), time DateTime64(3, 'UTC'), metric LowCardinality(String), route LowCardinality(String), batch_id UUID, value Float64`;
  const order = 'ORDER BY (app, toDate(time), metric, route, time)';
  session.query(`CREATE TABLE plain (${columns}) ENGINE = MergeTree ${order}`);
  session.query(`CREATE TABLE indexed (${columns}, INDEX batch_id_bloom batch_id TYPE bloom_filter(0.01) GRANULARITY 4) ENGINE = MergeTree ${order}`);
  // Ten rows per batch, batches in arrival order over 30 days, one app: the shape of real traffic.
  const fill = `SELECT 'shop', toDateTime64('2026-11-01', 3, 'UTC') + toIntervalMillisecond(intDiv(number, 10) * 1000), ['LCP','INP','CLS','FCP','TTFB'][number % 5 + 1],
    ['/', '/cart', '/orders/:id'][number % 3 + 1], generateUUIDv4(intDiv(number, 10)), number % 1000 FROM numbers(${rows})`;
  session.query(`INSERT INTO plain ${fill}`);
  session.query('INSERT INTO indexed SELECT * FROM plain');
  session.query('OPTIMIZE TABLE plain FINAL');
  session.query('OPTIMIZE TABLE indexed FINAL');
  const stored = session
    .query('SELECT groupArray(toString(batch_id)) FROM (SELECT batch_id FROM plain GROUP BY batch_id ORDER BY max(time) DESC LIMIT 250)', 'TSVRaw')
    .trim();
  const ids = [...(JSON.parse(stored.replace(/'/g, '"')) as string[]), ...Array.from({ length: 250 }, () => crypto.randomUUID())];
  const days = session
    .query(
      `SELECT groupUniqArray(toString(toDate(time))) FROM plain WHERE batch_id IN (SELECT batch_id FROM plain GROUP BY batch_id ORDER BY max(time) DESC LIMIT 250)`,
      'TSVRaw',
    )
    .trim()
    .replace(/'/g, "'");
  const sql = (table: string, byDay = false) =>
    `SELECT toString(batch_id) AS id, count() AS n FROM ${table} WHERE app IN ['shop'] AND batch_id IN [${ids.map((id) => `'${id}'`).join(',')}]` +
    (byDay ? ` AND toDate(time) IN ${days}` : '') +
    ' GROUP BY id';
  /** Granules the query reads after every index (EXPLAIN indexes = 1), and of how many: rows read ≈ granules × 8192. */
  const granules = (table: string, byDay = false): [number, number] => {
    const plan = session.query(`EXPLAIN indexes = 1 ${sql(table, byDay)}`, 'TSVRaw');
    const last = [...plan.matchAll(/Granules: (\d+)\/(\d+)/g)].at(-1)!;
    return [Number(last[1]), Number(last[2])];
  };
  const found = (table: string, byDay = false) => session.query(sql(table, byDay), 'JSONEachRow').split('\n').filter(Boolean).length;
  const [baseline, total] = granules('plain');
  const [indexed] = granules('indexed');
  console.log(`rows in table: ${rows.toLocaleString('en')} (${total} granules); ids checked: 500 (the 250 newest batches, 250 unknown)`);
  console.log(`no skip index (baseline): reads ${baseline} granules, finds ${found('plain')} batches`);
  console.log(`batch_id_bloom:           reads ${indexed} granules, finds ${found('indexed')} batches`);
  const [dayOnly] = granules('plain', true);
  console.log(`days of the segment's rows:  reads ${dayOnly} granules, finds ${found('plain', true)} batches`);
  console.log(`granules read / baseline: bloom ${(indexed / baseline).toFixed(3)}, days ${(dayOnly / baseline).toFixed(3)}`);
} finally {
  session.close();
  await rm(dir, { recursive: true, force: true });
}
