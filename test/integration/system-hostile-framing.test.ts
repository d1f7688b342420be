import { rm } from 'node:fs/promises';
import { connect } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { exampleBatch } from '../support/batches.js';
import { freshDir, postBatch, startCli, type CliCollector } from '../support/system-helpers.js';

/**
 * Requests Node itself refuses part-way (bad chunked framing): the request
 * has begun, so the hooks run, but the socket is gone and the request has no
 * client address any more. Every hook must survive that; the log gets no
 * error line or stack trace, and valid batches are still taken afterwards.
 */
let dataDir = '';
let collector: CliCollector;
beforeAll(async () => {
  dataDir = await freshDir('framing');
  collector = await startCli({ dataDir });
});
afterAll(async () => {
  await collector?.stop('SIGKILL');
  if (dataDir) await rm(dataDir, { recursive: true, force: true });
});

/** Writes raw bytes on a fresh socket and resolves with whatever comes back before the server closes it. */
const raw = (port: number, bytes: string): Promise<string> =>
  new Promise((resolve) => {
    const socket = connect(port, '127.0.0.1');
    const chunks: Buffer[] = [];
    socket.on('data', (chunk) => chunks.push(chunk));
    socket.on('error', () => undefined);
    socket.on('close', () => resolve(Buffer.concat(chunks).toString('latin1')));
    socket.setTimeout(5000, () => socket.destroy());
    socket.end(bytes);
  });

const head = (port: number) => `POST /v1/batch HTTP/1.1\r\nHost: 127.0.0.1:${port}\r\nContent-Type: application/json\r\nTransfer-Encoding: chunked\r\n\r\n`;

const MALFORMED: [string, string][] = [
  ['a chunk size that is not hex', 'ZZ\r\n{}\r\n0\r\n\r\n'],
  ['a chunk longer than its size', '2\r\n{"v":1}\r\n0\r\n\r\n'],
  ['a size line without CRLF', '5{"v":1}0\r\n\r\n'],
  ['a chunk size overflowing 64 bits', 'FFFFFFFFFFFFFFFFFF\r\n{}\r\n0\r\n\r\n'],
  ['a body cut off mid-chunk', `40\r\n${JSON.stringify(exampleBatch()).slice(0, 20)}`],
];

describe('malformed chunked bodies', () => {
  it.each(MALFORMED)('%s: answered 400 or closed, never 5xx', async (_name, body) => {
    const answer = await raw(collector.port, head(collector.port) + body);
    expect(answer === '' || /^HTTP\/1\.1 4\d\d /.test(answer), answer).toBe(true);
  });

  it('leave a clean log and a collector that still takes batches', async () => {
    const ok = await postBatch(collector.url, JSON.stringify(exampleBatch()));
    expect(ok.status, ok.body).toBe(202);
    const log = collector.output().toString('utf8');
    expect(log).not.toMatch(/TypeError|"stack"|\bat .+\.(ts|js):\d+/);
    expect(log).not.toMatch(/"level":(50|60)/);
  });
});
