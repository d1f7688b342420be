import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DatabaseError } from '../../collector/db/database-error.js';
import { openDatabases } from '../../collector/db/open.js';
import type { Databases } from '../../collector/db/types.js';
import { DATABASE, openMigrated } from '../support/db-fixtures.js';

let dbs: Databases;
beforeAll(async () => {
  dbs = await openMigrated('embedded');
});
afterAll(() => dbs.close());

const auditRow = (actor: string) =>
  `{"time":"2026-11-02 10:00:00.000","actor":"${actor}","apps":[],"query":"","params":"","rows":0,"duration_ms":0,"status":"ok","error":""}\n`;

describe('openDatabases, embedded', () => {
  it('opens two chDB connections in the configured database', async () => {
    expect(dbs.writer.kind).toBe('embedded');
    expect(await dbs.writer.ping()).toBe(true);
    expect(await dbs.reader.ping()).toBe(true);
    expect(await dbs.reader.query('SELECT currentDatabase() AS db')).toEqual([{ db: DATABASE }]);
    expect(await dbs.writer.query('SELECT currentDatabase() AS db')).toEqual([{ db: DATABASE }]);
  });

  it('shows the reader what the writer inserted, with 64-bit counts as numbers', async () => {
    await dbs.writer.insertNdjson('audit_log', auditRow('shared'), 'open-1');
    expect(await dbs.reader.query("SELECT count() AS n FROM audit_log WHERE actor = 'shared'")).toEqual([{ n: 1 }]);
  });

  it('binds {name:Type} parameters', async () => {
    expect(await dbs.reader.query('SELECT {s:String} AS s, {n:UInt32} + 1 AS n', { s: "it's", n: 41 })).toEqual([{ s: "it's", n: 42 }]);
  });

  it('skips an empty insert', async () => {
    await expect(dbs.writer.insertNdjson('audit_log', '', 'open-empty')).resolves.toBeUndefined();
  });

  it('keeps one insert token from deduplicating the next insert', async () => {
    await dbs.writer.insertNdjson('audit_log', auditRow('token-a'), 'open-2');
    // A time in range: a row at the 1970 default would be past its TTL and dropped.
    await dbs.writer.command("INSERT INTO audit_log (actor, time) VALUES ('plain', now64(3))");
    await dbs.writer.command("INSERT INTO audit_log (actor, time) VALUES ('plain', now64(3))");
    expect(await dbs.reader.query("SELECT count() AS n FROM audit_log WHERE actor = 'plain'")).toEqual([{ n: 2 }]);
  });

  it('applies command settings to that command only', async () => {
    await dbs.writer.command('SELECT 1', { max_threads: 1 });
    const [row] = await dbs.writer.query<{ t: number }>("SELECT toUInt64(getSetting('max_threads')) AS t");
    expect(row!.t).not.toBe(1);
  });

  it('names the ClickHouse error and what to do about it', async () => {
    const error = await dbs.reader.query('SELECT * FROM no_such_table').catch((e: unknown) => e);
    expect(error).toBeInstanceOf(DatabaseError);
    expect(error).toMatchObject({ code: '60', type: 'UNKNOWN_TABLE' });
    expect((error as Error).message).toMatch(/^ClickHouse failed while running SELECT \* FROM no_such_table: .*\(60 UNKNOWN_TABLE\) .*run `percept migrate`/s);
  });

  it('rejects rows that do not match the table instead of dropping the unknown column', async () => {
    const error = await dbs.writer.insertNdjson('audit_log', '{"actor":"x","no_such_column":1}\n', 'open-3').catch((e: unknown) => e);
    expect(error).toBeInstanceOf(DatabaseError);
    expect((error as Error).message).toMatch(/inserting into audit_log: .*no_such_column/s);
  });

  it('refuses a token or table name that could inject SQL', async () => {
    await expect(dbs.writer.insertNdjson('audit_log', auditRow('x'), "x', insert_deduplicate = 0, a='")).rejects.toThrow(/deduplication token must match/);
    await expect(dbs.writer.insertNdjson('audit_log; DROP TABLE vitals', auditRow('x'), 'ok')).rejects.toThrow(/is not a table name/);
  });

  it('refuses a database name that is not an identifier', async () => {
    const dataDir = mkdtempSync(join(tmpdir(), 'percept-db-'));
    await expect(openDatabases({ database: 'a-b; DROP', dataDir, retentionDays: 1 })).rejects.toThrow(/plain identifier/);
    rmSync(dataDir, { recursive: true });
  });
});

describe('close', () => {
  it('closes both connections; ping then answers false instead of throwing', async () => {
    await dbs.close();
    expect(await dbs.writer.ping()).toBe(false);
    expect(await dbs.reader.ping()).toBe(false);
  });
});
