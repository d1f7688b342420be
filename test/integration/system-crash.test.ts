import { rm } from 'node:fs/promises';
import { afterAll, describe, expect, it } from 'vitest';
import { rollupMismatches } from '../support/rollup-check.js';
import {
  DATABASE,
  eventually,
  freshDir,
  isOneCopy,
  metric,
  openStored,
  postBatch,
  rowsByBatch,
  sleep,
  startCli,
  type CliCollector,
} from '../support/system-helpers.js';
import { ackedMore, startLoad, type Load } from '../support/system-load.js';

/**
 * The real CLI under continuous load, killed with SIGKILL at random moments
 * and restarted on the same data folder: every batch answered 202 must be in
 * ClickHouse exactly once, and no batch, acknowledged or not, twice; and
 * every rollup agrees with its raw table, key by key (a kill can fall between
 * a raw insert and its views' inserts). That check fails when recovery skips
 * the rollup rebuild: test/integration/spool-rollup-recovery.test.ts makes the
 * state such a kill leaves on purpose and runs recovery with and without it.
 */
const KILLS = 3;
const SENDERS = 4;

let dataDir = '';
let collector: CliCollector | undefined;
let running: Load | undefined;

afterAll(async () => {
  await running?.stop();
  await collector?.stop('SIGKILL');
  if (dataDir) await rm(dataDir, { recursive: true, force: true });
});

describe('collector killed with SIGKILL under load', () => {
  it('stores every acknowledged batch exactly once across kills and replays', { timeout: 120_000 }, async () => {
    dataDir = await freshDir('system-crash');
    collector = await startCli({ dataDir });
    const port = collector.port;
    let base = collector.url;
    const load = startLoad({ target: () => base, senders: SENDERS });
    running = load;
    const replays: { id: string; body: string; duplicate: unknown }[] = [];
    const logs: string[] = [];

    for (let kill = 0; kill < KILLS; kill++) {
      await ackedMore(load, 20);
      await sleep(1000 + Math.random() * 1000);
      const exit = await collector.stop('SIGKILL');
      expect(exit.signal).toBe('SIGKILL');
      logs.push(collector.output().toString('utf8'));
      const before = [...load.acked];
      // The newest were most likely still in the spool, the oldest already in
      // ClickHouse: the restarted collector must know both.
      const chosen = [...before.slice(0, 3), ...before.slice(-3)];
      // At info level the log says when recovery rebuilt rollup days.
      collector = await startCli({ dataDir, port, env: { PERCEPT_LOG_LEVEL: 'info' } });
      base = collector.url;
      for (const [id, body] of chosen) {
        const answer = await postBatch(base, body);
        expect(answer.status, answer.body).toBe(202);
        replays.push({ id, body, duplicate: (JSON.parse(answer.body) as { duplicate: unknown }).duplicate });
      }
    }
    await ackedMore(load, 20);
    await load.stop();
    // The graceful stop flushes whatever is left; draining first keeps it well inside its close budget.
    await eventually(async () => (await metric(base, 'percept_spool_bytes')) === 0, 'the spool to drain after the last restart');
    const exit = await collector.stop('SIGTERM');
    logs.push(collector.output().toString('utf8'));
    expect(exit.code, logs.at(-1)).toBe(0);
    collector = undefined;

    const db = await openStored(dataDir);
    const [stored, mismatches] = await Promise.all([rowsByBatch(db), rollupMismatches(db.reader, DATABASE)]).finally(() => db.close());

    const missing = [...load.acked.keys()].filter((id) => !stored.has(id));
    expect(missing, 'acknowledged batches missing from ClickHouse').toEqual([]);
    const wrong = [...stored].filter(([, rows]) => !isOneCopy(rows));
    expect(wrong, `batches stored more than once or in part; the collector's output, run by run:\n${logs.join('\n---\n')}`).toEqual([]);
    expect(mismatches, 'rollup keys whose counts differ from the raw rows').toEqual([]);
    // The check above covered the rebuild: a restart found segments a kill left and rebuilt their rollup days.
    expect(logs.join('\n')).toMatch(/Rebuilt the rollup days a recovered spool segment touched/);
    const strangers = [...stored.keys()].filter((id) => !load.sent.has(id));
    expect(strangers).toEqual([]);
    expect(replays.map((r) => r.duplicate)).toEqual(replays.map(() => true));
    expect(load.acked.size).toBeGreaterThan(20 * (KILLS + 1));
    // Kills interrupt requests: some batches were retried with the same id. None was refused as bad input.
    expect(load.refused.get(0) ?? 0).toBeGreaterThan(0);
    expect([...load.refused.keys()].filter((status) => status >= 400 && status < 500)).toEqual([]);
  });
});
