import { createServer, type IncomingHttpHeaders, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';

export interface ReceivedCall {
  headers: IncomingHttpHeaders;
  body: string;
}

/** A webhook receiver on 127.0.0.1: records every call; answers `failures` calls with 503 first. */
export interface Receiver {
  url: string;
  calls: ReceivedCall[];
  /** Calls still to be refused with 503 before the receiver accepts again. */
  failures: number;
  close(): Promise<void>;
}

export const startReceiver = async (): Promise<Receiver> => {
  const receiver = { calls: [] as ReceivedCall[], failures: 0 } as Receiver;
  const server: Server = createServer((request, response) => {
    const chunks: Buffer[] = [];
    request.on('data', (chunk: Buffer) => chunks.push(chunk));
    request.on('end', () => {
      receiver.calls.push({ headers: request.headers, body: Buffer.concat(chunks).toString('utf8') });
      if (receiver.failures > 0) {
        receiver.failures -= 1;
        response.writeHead(503).end('busy');
        return;
      }
      response.writeHead(204).end();
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  receiver.url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/hooks/percept`;
  receiver.close = () => new Promise((resolve) => server.close(() => resolve()));
  return receiver;
};
