import { createServer } from 'node:http';
import type { IncomingMessage, Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DatabaseError } from '../../collector/db/database-error.js';
import { openDatabases } from '../../collector/db/open.js';
import type { Databases } from '../../collector/db/types.js';

/**
 * No ClickHouse server runs here, so this checks what the server mode puts on
 * the wire, against a loopback HTTP endpoint that answers as ClickHouse does:
 * the NDJSON body arrives byte for byte, the insert settings ride in the
 * statement, errors keep ClickHouse's code and type.
 */
interface Seen {
  query: string;
  params: URLSearchParams;
  body: Buffer;
}
const seen: Seen[] = [];
let server: Server;
let dbs: Databases;

const read = async (request: IncomingMessage): Promise<Buffer> => {
  const chunks: Buffer[] = [];
  for await (const chunk of request) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks);
};

beforeAll(async () => {
  server = createServer(async (request, response) => {
    const params = new URL(request.url ?? '/', 'http://localhost').searchParams;
    const body = await read(request);
    const query = params.get('query') ?? body.toString('utf8');
    seen.push({ query, params, body });
    if (/no_such_table/.test(query)) {
      response.writeHead(404, { 'X-ClickHouse-Exception-Code': '60' });
      response.end("Code: 60. DB::Exception: Unknown table expression identifier 'no_such_table'. (UNKNOWN_TABLE) (version 25.8.1.1)\n");
      return;
    }
    response.writeHead(200, { 'Content-Type': 'application/x-ndjson' });
    response.end(/system\.databases/.test(query) ? '{"name":"percept"}\n' : /SELECT 1/.test(query) ? '{"1":1}\n' : '');
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  dbs = await openDatabases({
    url: `http://127.0.0.1:${port}`,
    user: 'percept',
    password: 'secret',
    database: 'percept',
    dataDir: '/nonexistent',
    retentionDays: 30,
  });
});
afterAll(async () => {
  await dbs.close();
  await new Promise((resolve) => server.close(resolve));
});

describe('openDatabases with a server url', () => {
  it('opens HTTP clients without creating a database that exists', () => {
    expect(dbs.writer.kind).toBe('server');
    expect(seen.some((request) => /system\.databases/.test(request.query))).toBe(true);
    expect(seen.some((request) => /CREATE DATABASE/.test(request.query))).toBe(false);
  });

  it('sends the NDJSON bytes unchanged, with the dedup settings in the statement', async () => {
    const ndjson = Buffer.from('{"app":"demo","value":2600.5}\n{"app":"demo","value":0.04}\n');
    await dbs.writer.insertNdjson('vitals', ndjson, 'batch-1:vitals');
    const insert = seen.at(-1)!;
    expect(insert.query).toBe(
      "INSERT INTO vitals SETTINGS insert_deduplicate = 1, insert_deduplication_token = 'batch-1:vitals', " +
        'deduplicate_blocks_in_dependent_materialized_views = 1, input_format_skip_unknown_fields = 0 FORMAT JSONEachRow',
    );
    expect(insert.body.equals(ndjson)).toBe(true);
    expect(insert.params.get('database')).toBe('percept');
    expect(insert.params.get('wait_end_of_query')).toBe('1');
  });

  it('keeps the ClickHouse error code and type and says what to do', async () => {
    const error = await dbs.reader.query('SELECT * FROM no_such_table').catch((e: unknown) => e);
    expect(error).toBeInstanceOf(DatabaseError);
    expect(error).toMatchObject({ code: '60', type: 'UNKNOWN_TABLE' });
    expect((error as Error).message).toMatch(/run `percept migrate`/);
  });

  it('pings with a query (which checks credentials) and answers false when nothing listens', async () => {
    expect(await dbs.reader.ping()).toBe(true);
    const down = await openDatabases({ url: 'http://127.0.0.1:1', database: 'percept', dataDir: '/nonexistent', retentionDays: 30 }).catch((e: unknown) => e);
    expect(down).toBeInstanceOf(DatabaseError);
    expect((down as Error).message).toMatch(/ECONNREFUSED.*Nothing listens at CLICKHOUSE_URL/s);
  });
});
