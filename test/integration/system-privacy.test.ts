import { readdir, readFile, rm } from 'node:fs/promises';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DATABASE, eventually, freshDir, metric, openStored, request, startCli, type Answer, type CliCollector } from '../support/system-helpers.js';
import {
  BENIGN_WORKFLOW,
  NEEDLES,
  partlyInvalidBatch,
  refusedBodies,
  SEED_HEADERS,
  seededBatch,
  seededPaths,
  SOURCE_ADDRESS,
} from '../support/system-privacy-seeds.js';

/**
 * Personal data sent over a real socket from a distinct loopback address, in
 * every free-text place and header, through valid, partly valid, refused and
 * gzip'd batches at the most verbose log level: none of it may reach the
 * log, the spool files or any ClickHouse table.
 */
let dataDir = '';
let collector: CliCollector | undefined;

beforeAll(async () => {
  dataDir = await freshDir('system-privacy');
  collector = await startCli({ dataDir, env: { PERCEPT_LOG_LEVEL: 'trace' } });
});

afterAll(async () => {
  await collector?.stop('SIGKILL');
  if (dataDir) await rm(dataDir, { recursive: true, force: true });
});

const PROBE_EMAIL = 'bob.probe@example.com';

/** Raw bytes of every file under `dir`, as latin1 text so any byte sequence can be searched. */
const filesUnder = async (dir: string): Promise<Map<string, string>> => {
  const out = new Map<string, string>();
  for (const entry of await readdir(dir, { recursive: true, withFileTypes: true })) {
    if (!entry.isFile()) continue;
    const path = join(entry.parentPath, entry.name);
    out.set(
      path,
      await readFile(path).then(
        (b) => b.toString('latin1'),
        () => '',
      ),
    );
  }
  return out;
};

const leaks = (where: string, text: string): string[] => NEEDLES.filter((needle) => text.includes(needle)).map((needle) => `${where}: ${needle}`);

describe('personal data over the wire', () => {
  it('logs no personal data from the path of an unknown route', async () => {
    const base = collector!.url;
    const probe = `/account/${PROBE_EMAIL}/orders?token=probe-token-5e5e`;
    expect((await request(`${base}${probe}`, '{}', { localAddress: SOURCE_ADDRESS })).status).toBe(404);
    // A later request's log line shows the probe's lines are out too.
    expect((await request(`${base}/healthz?after-probe`)).status).toBe(200);
    await eventually(() => collector!.output().toString('utf8').includes('/healthz'), 'the log line of the request after the probe');
    const log = collector!.output().toString('utf8');
    expect(log.includes(PROBE_EMAIL) || log.includes('probe-token-5e5e'), 'the probe path is in the log').toBe(false);
  });

  it('reaches neither the log, nor the spool, nor ClickHouse', { timeout: 90_000 }, async () => {
    if (!collector) throw new Error('The collector did not start.');
    const base = collector.url;
    const spoolSeen: string[] = [];
    const send = async (path: string, body: string | Buffer, headers: Record<string, string> = {}): Promise<Answer> => {
      const answer = await request(`${base}${path}`, body, { localAddress: SOURCE_ADDRESS, headers: { ...SEED_HEADERS, ...headers } });
      // Records stay in the spool only until flushed: look right after each answer.
      spoolSeen.push(...(await filesUnder(join(dataDir, 'spool'))).values());
      return answer;
    };
    const stored: string[] = [];
    const expectStored = (answer: Answer, batch: Record<string, unknown>) => {
      expect(answer.status, answer.body).toBe(202);
      stored.push(batch.batch_id as string);
    };

    const plain = seededBatch();
    expectStored(await send('/v1/batch', JSON.stringify(plain), { origin: 'http://localhost:3000' }), plain);
    const zipped = seededBatch();
    expectStored(await send('/v1/batch', gzipSync(JSON.stringify(zipped)), { 'content-type': 'text/plain', 'content-encoding': 'gzip' }), zipped);
    const partly = partlyInvalidBatch();
    const partlyAnswer = await send('/v1/batch', JSON.stringify(partly));
    expectStored(partlyAnswer, partly);
    expect((JSON.parse(partlyAnswer.body) as { rejected: unknown[] }).rejected).toHaveLength(1);
    const viaQuery = seededBatch();
    const { key: _key, ...keyless } = viaQuery;
    expectStored(await send(seededPaths[1]!, JSON.stringify(keyless)), viaQuery);

    for (const body of refusedBodies()) expect(String((await send('/v1/batch', body)).status)).toMatch(/^4[0-9][0-9]$/);
    expect((await send(seededPaths[0]!, JSON.stringify(keyless))).status).toBe(401);
    expect((await send('/v1/batch', gzipSync(JSON.stringify(seededBatch())).subarray(0, 200), { 'content-encoding': 'gzip' })).status).toBe(400);

    await eventually(
      async () => (await metric(base, 'percept_flush_rows_total', 'table="ingested_batches"')) >= stored.length,
      'the seeded batches to reach ClickHouse',
    );
    const exit = await collector.stop('SIGTERM');
    expect(exit.code).toBe(0);
    const log = collector.output().toString('utf8');
    collector = undefined;

    const spoolText = spoolSeen.join('\n');
    expect(spoolText, 'the spool held the benign data (else looking in it proves nothing)').toContain(BENIGN_WORKFLOW);
    expect(log).toMatch(/request refused/);

    const db = await openStored(dataDir);
    const found: string[] = [...leaks('log', log), ...leaks('spool', spoolText)];
    try {
      for (const [path, text] of await filesUnder(dataDir)) found.push(...leaks(path, text));
      const tables = await db.reader.query<{ name: string }>(`SELECT name FROM system.tables WHERE database = {db:String} ORDER BY name`, { db: DATABASE });
      expect(tables.map((t) => t.name)).toEqual(expect.arrayContaining(['page_views', 'vitals', 'workflow_runs', 'workflow_steps', 'ingest_counters']));
      for (const { name } of tables) {
        const rows = await db.reader.query(`SELECT * FROM ${DATABASE}.${name}`);
        found.push(...leaks(`table ${name}`, JSON.stringify(rows)));
      }
      const runs = await db.reader.query<{ batch_id: string; workflow: string; error: string; user_hash: string }>(
        `SELECT toString(batch_id) AS batch_id, workflow, error, user_hash FROM ${DATABASE}.workflow_runs`,
      );
      expect(runs.map((r) => r.batch_id).sort()).toEqual([...stored].sort());
      for (const run of runs) {
        expect(run.workflow).toBe(BENIGN_WORKFLOW);
        expect(run.error).toMatch(/^Payment failed for /);
        expect(run.user_hash).not.toBe('');
      }
    } finally {
      await db.close();
    }
    expect(found).toEqual([]);
  });
});
