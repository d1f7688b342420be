import { rm } from 'node:fs/promises';
import { loadavg } from 'node:os';
import { API_ROUTES } from '../collector/routes/api/registry.js';
import { openBenchCollector } from './support/synthetic-collector.js';
import { generateSynthetic, RELEASES } from '../collector/seed/synthetic.js';

/**
 * Read-API speed on synthetic traffic (collector/seed/synthetic.ts) generated
 * inside chDB: every endpoint of the registry, uncached (its query module on
 * the reader connection) p50 / p95 of RUNS runs, over the last 7 and 30 days,
 * and the cache-hit path through HTTP with a read token. The same-run
 * baseline is a plain count() of the app's vitals over the range: every
 * endpoint's figure is also printed as a multiple of it.
 *
 *   node --import tsx bench/query.ts [rows=10000000] [runs=10]
 */
const rows = Number(process.argv[2] ?? 10_000_000);
const runs = Number(process.argv[3] ?? 10);
const END = '2026-11-30';
const DAYS = 30;
const TOKEN = 'bench-reader-token-0000000001';

const { dir, config, app } = await openBenchCollector('query', TOKEN);
const db = app.db.reader;

const generateStarted = performance.now();
const written = await generateSynthetic(app.db.writer, {
  app: 'shop',
  rows,
  days: DAYS,
  end: END,
  progress: (table, n) => process.stderr.write(`generating ${n.toLocaleString('en')} rows of ${table} …\n`),
});
const generateSeconds = (performance.now() - generateStarted) / 1000;
process.stderr.write('building the day summaries …\n');
const buildStarted = performance.now();
const built = await app.summaries.round();
const buildSeconds = (performance.now() - buildStarted) / 1000;

const percentile = (sorted: number[], q: number) => sorted[Math.min(sorted.length - 1, Math.ceil(q * sorted.length) - 1)]!;
const time = async (fn: () => Promise<unknown>): Promise<{ p50: number; p95: number }> => {
  const ms: number[] = [];
  for (let i = 0; i < runs; i++) {
    const started = performance.now();
    await fn();
    ms.push(performance.now() - started);
  }
  ms.sort((a, b) => a - b);
  return { p50: percentile(ms, 0.5), p95: percentile(ms, 0.95) };
};

const fromOf = (days: number) => new Date(Date.parse(END) - (days - 1) * 86_400_000).toISOString().slice(0, 10);
/** Parameters the bench asks each endpoint (its docs example, with a workflow and releases the generator makes). */
const EXAMPLES: Record<string, Record<string, string>> = {
  'workflows/:name': { name: 'checkout' },
  'releases/compare': { a: `v1.${RELEASES - 1}`, b: `v1.${RELEASES - 2}` },
};

const fmt = (ms: number) => ms.toFixed(1).padStart(8);
const lines: string[] = [];
const print = (line: string) => {
  lines.push(line);
  process.stdout.write(`${line}\n`);
};
print(
  `bench/query: ${Object.entries(written)
    .map(([t, n]) => `${t} ${n.toLocaleString('en')}`)
    .join(', ')} rows generated in ${generateSeconds.toFixed(0)} s; summaries of ${built} days built in ${buildSeconds.toFixed(1)} s; ${runs} runs each`,
);
for (const days of [7, DAYS]) {
  const filters = { app: 'shop', from: fromOf(days), to: END };
  const baseline = await time(() => db.query(`SELECT count() FROM vitals WHERE app = 'shop' AND toDate(time) BETWEEN {from:Date} AND {to:Date}`, filters));
  print(`\n${days} days (${filters.from} … ${filters.to}); baseline count() of vitals p50 ${baseline.p50.toFixed(1)} ms`);
  print(`${'endpoint'.padEnd(22)} ${'p50 ms'.padStart(8)} ${'p95 ms'.padStart(8)} ${'×base'.padStart(7)} ${'hit ms'.padStart(8)}`);
  for (const route of API_ROUTES) {
    if (route.filters === 'none') continue;
    const example = { ...route.example, ...EXAMPLES[route.path] };
    const params = route.params ? route.params.parse(example) : {};
    const path = route.path.replace(/:(\w+)/g, (_, name: string) => encodeURIComponent(example[name]!));
    const query = new URLSearchParams({
      app: 'shop',
      from: filters.from,
      to: filters.to,
      ...Object.fromEntries(Object.entries(example).filter(([k]) => !route.path.includes(`:${k}`))),
    });
    const url = `/api/v1/${path}?${query}`;
    // An endpoint over the API's time limit is reported as such, and the others are still measured.
    const first = await app.inject({ method: 'GET', url, headers: { authorization: `Bearer ${TOKEN}` } });
    if (first.statusCode !== 200) {
      print(`${route.path.padEnd(22)} answered ${first.statusCode} through HTTP: ${(first.json() as { error: { message: string } }).error.message}`);
      continue;
    }
    const context = { db, filters, params, config, reader: { name: 'bench', apps: '*' }, configuredApps: ['shop'] };
    const uncached = await time(() => route.run(context as never)).catch((error: Error) => error);
    if (uncached instanceof Error) {
      print(`${route.path.padEnd(22)} its query module cannot run on its own: ${uncached.message}`);
      continue;
    }
    const hit = await time(() => app.inject({ method: 'GET', url, headers: { authorization: `Bearer ${TOKEN}` } }));
    print(`${route.path.padEnd(22)} ${fmt(uncached.p50)} ${fmt(uncached.p95)} ${(uncached.p95 / baseline.p50).toFixed(1).padStart(7)} ${fmt(hit.p95)}`);
  }
}
// A day still receiving rows is answered from its last build plus the rows stored after it until its next build: one late row on
// the last day opens it, as today's traffic keeps today open.
{
  const late = JSON.stringify({
    app: 'shop',
    time: `${END} 12:00:00.000`,
    received_at: `${END} 23:59:00.000`,
    metric: 'LCP',
    value: 2000,
    delta: 2000,
    rating: 'good',
    metric_id: 'bench-late-report',
    page_id: 'bench-late-page',
    session_id: 'bench-late-session',
    route: '/r1',
    retention_days: 3650,
  });
  await app.db.writer.insertNdjson('vitals', `${late}\n`, 'bench-late-row');
  for (const path of ['vitals/summary', 'vitals/breakdown', 'vitals/series']) {
    const route = API_ROUTES.find((r) => r.path === path)!;
    for (const days of [7, DAYS]) {
      const filters = { app: 'shop', from: fromOf(days), to: END };
      const params = route.params ? route.params.parse(route.example) : {};
      const context = { db, filters, params, config, reader: { name: 'bench', apps: '*' }, configuredApps: ['shop'] };
      const open = await time(() => route.run(context as never));
      print(`${path} over ${days} days with the last day open (its build + rows after it): p50 ${open.p50.toFixed(1)} ms, p95 ${open.p95.toFixed(1)} ms`);
    }
  }
}
// The spool's recovery check (collector/flush/missing-rows.ts): rows of 20 batches, narrowed to their day through the primary key as the flusher does, and over the whole table.
const sample = await db.query<{ id: string; day: string }>(
  `SELECT toString(batch_id) AS id, toString(toDate(time)) AS day FROM vitals WHERE app = 'shop' AND toDate(time) = {end:Date} ORDER BY cityHash64(batch_id) LIMIT 20`,
  { end: END },
);
const ids = sample.map((row) => row.id);
const lookup = (narrowed: boolean) =>
  db.query(`SELECT count() FROM vitals WHERE app IN ['shop']${narrowed ? ' AND toDate(time) IN {days:Array(Date)}' : ''} AND batch_id IN {ids:Array(String)}`, {
    ids,
    days: [END],
  });
const byDay = await time(() => lookup(true));
const whole = await time(() => lookup(false));
print(
  `\nbatch_id IN (20 ids) on vitals: p50 ${byDay.p50.toFixed(1)} ms narrowed to their day (as the flusher asks), ${whole.p50.toFixed(1)} ms over the whole table (${(whole.p50 / byDay.p50).toFixed(1)}×)`,
);
print(
  `load average at the end: ${loadavg()
    .map((l) => l.toFixed(1))
    .join(' ')}`,
);
await app.close();
await rm(dir, { recursive: true, force: true });
