import { rm } from 'node:fs/promises';
import { Agent } from 'node:http';
import { afterAll, describe, expect, it } from 'vitest';
import { exampleBatch } from '../support/batches.js';
import { freshDir, openStored, postBatch, rowsByBatch, startCli, type CliCollector } from '../support/system-helpers.js';

/**
 * SIGTERM while requests are in flight: every request already being processed
 * finishes with its 202 and is stored; a request that arrives during the
 * drain gets 503 with Retry-After (which the SDK retries) or a refused
 * connection. A connection the kernel took just before the listener closed,
 * on which no request had been read yet, is reset when the idle connections
 * close: the client sees a network error and retries, and nothing of it was
 * stored. Nothing else: no 500, no reset of a request that was stored, no hang.
 */
let dataDir = '';
let collector: CliCollector | undefined;
afterAll(async () => {
  await collector?.stop('SIGKILL');
  if (dataDir) await rm(dataDir, { recursive: true, force: true });
});

type Outcome = { id: string; status: number; retryAfter?: string } | { id: string; error: string };

describe('SIGTERM during in-flight requests', () => {
  it('finishes and stores what it took, refuses the rest cleanly, exits 0', { timeout: 90_000 }, async () => {
    dataDir = await freshDir('drain');
    collector = await startCli({ dataDir });
    const base = collector.url;
    // One connection per request: a request is either on a socket the server accepted, or refused.
    const agent = new Agent({ keepAlive: false });
    const send = async (): Promise<Outcome> => {
      const batch = exampleBatch();
      try {
        const answer = await postBatch(base, JSON.stringify(batch), { agent, timeoutMs: 30_000 });
        return { id: batch.batch_id, status: answer.status, retryAfter: answer.headers['retry-after'] as string | undefined };
      } catch (error) {
        return { id: batch.batch_id, error: (error as NodeJS.ErrnoException).code ?? String(error) };
      }
    };

    const burst = Array.from({ length: 40 }, send);
    const first = await Promise.race(burst);
    expect('status' in first && first.status, JSON.stringify(first)).toBe(202);
    const exit = collector.stop('SIGTERM');
    let exited = false;
    void exit.then(() => (exited = true));
    const during: Promise<Outcome>[] = [];
    while (!exited) {
      during.push(send());
      await new Promise((resolve) => setTimeout(resolve, 25));
    }
    const { code } = await exit;
    const output = collector.output().toString('utf8');
    collector = undefined;
    expect(code, output).toBe(0);

    const outcomes = [...(await Promise.all(burst)), ...(await Promise.all(during))];
    const wrong = outcomes.filter((o) =>
      'status' in o ? !(o.status === 202 || (o.status === 503 && o.retryAfter === '5')) : !['ECONNREFUSED', 'ECONNRESET'].includes(o.error),
    );
    expect(wrong, 'answers other than 202, 503 with Retry-After, or a refused or unread connection').toEqual([]);
    const acked = outcomes.filter((o) => 'status' in o && o.status === 202).map((o) => o.id);
    expect(acked.length).toBeGreaterThan(1);

    const db = await openStored(dataDir);
    const stored = await rowsByBatch(db).finally(() => db.close());
    expect(
      acked.filter((id) => !stored.has(id)),
      'acknowledged batches missing after the drain',
    ).toEqual([]);
    const reset = outcomes.filter((o) => 'error' in o && o.error === 'ECONNRESET').map((o) => o.id);
    expect(
      reset.filter((id) => stored.has(id)),
      'reset requests whose batch was stored anyway',
    ).toEqual([]);
  });
});
