import http from 'node:http';
import { benchBody } from './payload.js';
import { postBatch, sleep } from './system-helpers.js';

/** What a load generator saw, batch by batch. */
export interface Load {
  /** Every batch sent at least once: id → body. */
  readonly sent: Map<string, string>;
  /** Batches answered 202 (stored or duplicate): id → body. The promise under test. */
  readonly acked: Map<string, string>;
  /** Answers other than 202, by status; 0 counts network errors. */
  readonly refused: Map<number, number>;
  /** Stops sending new batches and waits for requests in flight. */
  stop(): Promise<void>;
}

export interface LoadOptions {
  /** Base URL of the collector, read before every attempt (it may move). */
  target: () => string;
  senders: number;
  /** Pause before retrying a batch that was not answered 202, as the SDK backs off. */
  retryDelayMs?: number;
}

/**
 * Concurrent senders posting fresh 20-event batches. Like the SDK, a batch
 * that gets a network error or a 5xx is retried with the same body (and so
 * the same batch id) until it is answered 202 or the load stops.
 */
export const startLoad = (options: LoadOptions): Load => {
  const sent = new Map<string, string>();
  const acked = new Map<string, string>();
  const refused = new Map<number, number>();
  const agent = new http.Agent({ keepAlive: true, maxSockets: options.senders });
  let stopping = false;

  const sender = async (): Promise<void> => {
    while (!stopping) {
      const body = benchBody();
      const id = (JSON.parse(body) as { batch_id: string }).batch_id;
      sent.set(id, body);
      while (!stopping) {
        const status = await postBatch(options.target(), body, { agent, timeoutMs: 20_000 }).then(
          (answer) => answer.status,
          () => 0,
        );
        if (status === 202) {
          acked.set(id, body);
          break;
        }
        refused.set(status, (refused.get(status) ?? 0) + 1);
        if (status >= 400 && status < 500) break;
        await sleep(options.retryDelayMs ?? 100);
      }
    }
  };
  const running = Promise.all(Array.from({ length: options.senders }, sender));
  return {
    sent,
    acked,
    refused,
    stop: async () => {
      stopping = true;
      await running;
      agent.destroy();
    },
  };
};

/** Waits until `load` has `more` acknowledgements beyond what it had when called. */
export const ackedMore = async (load: Load, more: number, limitMs = 30_000): Promise<void> => {
  const target = load.acked.size + more;
  const end = Date.now() + limitMs;
  while (load.acked.size < target) {
    if (Date.now() > end) throw new Error(`Load stalled: ${load.acked.size} of ${target} batches acknowledged.`);
    await sleep(20);
  }
};
