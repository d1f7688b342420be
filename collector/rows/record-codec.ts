import { crc32 } from 'node:zlib';

/**
 * One spool record on disk:
 *
 *   magic "PSP1" | header bytes u32le | body bytes u32le | crc32 u32le | header JSON | body
 *
 * The crc covers the two lengths, the header and the body, so a record torn by
 * a crash (or a length field that is itself garbage) fails the check and
 * everything from it on is discarded: only bytes after the last fsync can be
 * torn, and those were never acknowledged.
 */
const MAGIC = 0x31505350; // "PSP1" read as u32le
const PREFIX = 16;

/** The NDJSON lines of one table inside a record, serialised once at accept time. */
export interface TableChunk {
  table: string;
  rows: number;
  ndjson: Buffer;
}

/** What a record says about itself. Counter records have an empty `batchId`. */
export interface RecordHeader {
  app: string;
  batchId: string;
  receivedAt: number;
}

export interface DecodedRecord extends RecordHeader {
  /** Slices of the segment buffer: no copy, no parse of the rows. */
  tables: TableChunk[];
}

interface WireHeader {
  app: string;
  batch_id: string;
  received_at: number;
  /** [table, rows, bytes] in body order. */
  tables: [string, number, number][];
}

/** Serialises a record; the only allocation is the returned buffer. */
export const encodeRecord = (header: RecordHeader, tables: TableChunk[]): Buffer => {
  const wire: WireHeader = {
    app: header.app,
    batch_id: header.batchId,
    received_at: header.receivedAt,
    tables: tables.map((t) => [t.table, t.rows, t.ndjson.length]),
  };
  const head = Buffer.from(JSON.stringify(wire));
  const bodyLength = tables.reduce((n, t) => n + t.ndjson.length, 0);
  const out = Buffer.allocUnsafe(PREFIX + head.length + bodyLength);
  out.writeUInt32LE(MAGIC, 0);
  out.writeUInt32LE(head.length, 4);
  out.writeUInt32LE(bodyLength, 8);
  let at = PREFIX + head.copy(out, PREFIX);
  for (const t of tables) at += t.ndjson.copy(out, at);
  out.writeUInt32LE(crc32(out.subarray(PREFIX), crc32(out.subarray(4, 12))), 12);
  return out;
};

/**
 * Reads records from the start of a segment until the end or the first record
 * that is incomplete or fails its checksum. `validBytes` is where the intact
 * prefix ends; bytes past it are a torn tail.
 */
export const decodeRecords = (buf: Buffer): { records: DecodedRecord[]; validBytes: number } => {
  const records: DecodedRecord[] = [];
  let validBytes = 0;
  for (const record of eachRecord(buf)) {
    records.push(record);
    validBytes = record.end;
  }
  return { records, validBytes };
};

/** The intact records of a segment one at a time, each with the offset where it ends. */
export function* eachRecord(buf: Buffer): Generator<DecodedRecord & { end: number }> {
  let at = 0;
  while (at + PREFIX <= buf.length) {
    if (buf.readUInt32LE(at) !== MAGIC) return;
    const headLength = buf.readUInt32LE(at + 4);
    const bodyLength = buf.readUInt32LE(at + 8);
    const end = at + PREFIX + headLength + bodyLength;
    if (end > buf.length) return;
    const sum = crc32(buf.subarray(at + PREFIX, end), crc32(buf.subarray(at + 4, at + 12)));
    if (sum !== buf.readUInt32LE(at + 12)) return;
    const record = parseRecord(buf, at + PREFIX, headLength, end);
    if (!record) return;
    yield { ...record, end };
    at = end;
  }
}

const parseRecord = (buf: Buffer, start: number, headLength: number, end: number): DecodedRecord | undefined => {
  let wire: WireHeader;
  try {
    wire = JSON.parse(buf.toString('utf8', start, start + headLength)) as WireHeader;
  } catch {
    return undefined;
  }
  const tables: TableChunk[] = [];
  let at = start + headLength;
  for (const [table, rows, bytes] of wire.tables) {
    tables.push({ table, rows, ndjson: buf.subarray(at, at + bytes) });
    at += bytes;
  }
  if (at !== end) return undefined;
  return { app: wire.app, batchId: wire.batch_id, receivedAt: wire.received_at, tables };
};
