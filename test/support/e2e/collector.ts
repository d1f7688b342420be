import { createServer, type IncomingHttpHeaders, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo, Socket } from 'node:net';
import type { Batch } from '../../../schema/index.js';

/** One POST to /v1/batch as the recording collector saw it. */
export interface Beacon {
  /** The parsed body; `undefined` when it was not JSON. */
  batch: Batch | undefined;
  raw: string;
  bytes: number;
  headers: IncomingHttpHeaders;
  query: URLSearchParams;
  /** Epoch ms when the body was fully read. */
  at: number;
  /** What the collector answered; 0 when it dropped the connection instead. */
  status: number;
}

/** How the collector treats the next batches. */
export type Behaviour = { mode: 'accept' } | { mode: 'unavailable'; times: number; retryAfterS: number } | { mode: 'drop' };

/** A local stand-in for the collector that records every beacon. */
export interface RecordingCollector {
  /** Origin to put in `data-endpoint`, e.g. `http://127.0.0.1:41234`. */
  readonly url: string;
  /** Every request to /v1/batch, whatever was answered. */
  readonly attempts: Beacon[];
  /** The requests answered 202: what a real collector would have kept. */
  accepted(): Beacon[];
  /** Answer 202 to everything (the default). */
  accept(): void;
  /** Answer 503 with `Retry-After` to the next `times` batches, then accept. */
  unavailable(times: number, retryAfterS: number): void;
  /** Read each body, then destroy the socket: the endpoint looks down. */
  drop(): void;
  /** Forget what was recorded. */
  clear(): void;
  close(): Promise<void>;
}

const corsHeaders = (req: IncomingMessage): Record<string, string> => ({
  'access-control-allow-origin': req.headers.origin ?? '*',
  'access-control-allow-methods': 'POST, OPTIONS',
  'access-control-allow-headers': 'content-type',
  'access-control-max-age': '600',
  // Not a CORS-safelisted response header: without this a cross-origin fetch cannot read it.
  'access-control-expose-headers': 'Retry-After',
  vary: 'Origin',
});

const parse = (raw: string): Batch | undefined => {
  try {
    return JSON.parse(raw) as Batch;
  } catch {
    return undefined;
  }
};

/**
 * Starts a recording collector on 127.0.0.1 and a random port. It answers
 * CORS for any page origin, since the scenario pages come from another port.
 */
export async function startCollector(): Promise<RecordingCollector> {
  const attempts: Beacon[] = [];
  const sockets = new Set<Socket>();
  let behaviour: Behaviour = { mode: 'accept' };

  const answer = (req: IncomingMessage, res: ServerResponse, beacon: Beacon): void => {
    if (behaviour.mode === 'drop') {
      req.socket.destroy();
      return;
    }
    if (behaviour.mode === 'unavailable' && behaviour.times > 0) {
      behaviour.times -= 1;
      beacon.status = 503;
      res.writeHead(503, { ...corsHeaders(req), 'retry-after': String(behaviour.retryAfterS) });
      res.end('{"error":"spool_full"}');
      return;
    }
    beacon.status = 202;
    res.writeHead(202, { ...corsHeaders(req), 'content-type': 'application/json' });
    res.end('{"ok":true}');
  };

  const server = createServer((req, res) => {
    const url = new URL(req.url ?? '/', 'http://collector');
    if (req.method === 'OPTIONS') {
      res.writeHead(204, corsHeaders(req));
      res.end();
      return;
    }
    if (req.method !== 'POST' || url.pathname !== '/v1/batch') {
      res.writeHead(404, corsHeaders(req));
      res.end();
      return;
    }
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.on('end', () => {
      const body = Buffer.concat(chunks);
      const raw = body.toString('utf8');
      const beacon: Beacon = {
        batch: parse(raw),
        raw,
        bytes: body.length,
        headers: req.headers,
        query: url.searchParams,
        at: Date.now(),
        status: 0,
      };
      attempts.push(beacon);
      answer(req, res, beacon);
    });
  });
  server.on('connection', (socket) => {
    sockets.add(socket);
    socket.on('close', () => sockets.delete(socket));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;

  return {
    url: `http://127.0.0.1:${port}`,
    attempts,
    accepted: () => attempts.filter((b) => b.status === 202),
    accept: () => {
      behaviour = { mode: 'accept' };
    },
    unavailable: (times, retryAfterS) => {
      behaviour = { mode: 'unavailable', times, retryAfterS };
    },
    drop: () => {
      behaviour = { mode: 'drop' };
      // Kept-alive connections would otherwise outlive the switch.
      for (const socket of sockets) socket.destroy();
    },
    clear: () => {
      attempts.length = 0;
    },
    close: () =>
      new Promise<void>((resolve) => {
        for (const socket of sockets) socket.destroy();
        server.close(() => resolve());
      }),
  };
}
