import { randomBytes } from 'node:crypto';
import { constants } from 'node:fs';
import { mkdir, open, readdir, readFile, rename, stat } from 'node:fs/promises';
import { join } from 'node:path';
import { decodeRecords, type RecordHeader } from '../rows/record-codec.js';

/** A segment that will never change again: the flusher's unit of work. */
export interface SealedSegment {
  /** File name without extension; also the prefix of its dedup tokens. */
  name: string;
  path: string;
  bytes: number;
  /** Server receive time of its oldest record, epoch ms. */
  oldestAt: number;
  /**
   * Found on disk at start: a crash may have cut its flush short, so the
   * flusher checks what each table holds instead of trusting the token.
   */
  recovered?: boolean;
}

/** The segment being appended to has this extension; sealing renames it. */
export const OPEN_EXT = '.open';
export const SEALED_EXT = '.seg';

/**
 * Segment names sort by creation time, and carry random bits because they
 * become ClickHouse dedup tokens: two collectors sharing a database must never
 * produce the same token for different rows.
 */
export const newSegmentName = (now: number): string => `${String(now).padStart(13, '0')}-${randomBytes(6).toString('hex')}`;

/**
 * Makes a create, rename or delete in `dir` durable: without it a crash can
 * forget a segment file whose records were already fsync'd and acknowledged.
 */
export const syncDir = async (dir: string): Promise<void> => {
  const fh = await open(dir, constants.O_RDONLY | constants.O_DIRECTORY);
  try {
    await fh.sync();
  } finally {
    await fh.close();
  }
};

export interface RecoveredSpool {
  segments: SealedSegment[];
  /** Headers of every leftover record, for rebuilding the batch-id index. */
  headers: RecordHeader[];
  /** Bytes cut from torn tails (never acknowledged: their fsync had not returned). */
  tornBytes: number;
}

/**
 * Opens a spool directory after a start or a crash: a segment that was still
 * open loses its torn tail and is sealed, so every leftover record gets
 * flushed, oldest segment first.
 */
export const recoverSpool = async (dir: string): Promise<RecoveredSpool> => {
  await mkdir(dir, { recursive: true });
  const names = (await readdir(dir)).filter((f) => f.endsWith(OPEN_EXT) || f.endsWith(SEALED_EXT)).sort();
  const out: RecoveredSpool = { segments: [], headers: [], tornBytes: 0 };
  for (const file of names) {
    const path = join(dir, file);
    const buf = await readFile(path);
    const { records, validBytes } = decodeRecords(buf);
    out.tornBytes += buf.length - validBytes;
    const name = file.slice(0, file.lastIndexOf('.'));
    const sealedPath = join(dir, name + SEALED_EXT);
    if (file.endsWith(OPEN_EXT) || validBytes < buf.length) {
      await truncateFile(path, validBytes);
      if (path !== sealedPath) await rename(path, sealedPath);
      await syncDir(dir);
    }
    let oldestAt = records.length > 0 ? Infinity : (await stat(sealedPath)).mtimeMs;
    for (const { app, batchId, receivedAt } of records) {
      out.headers.push({ app, batchId, receivedAt });
      oldestAt = Math.min(oldestAt, receivedAt);
    }
    out.segments.push({ name, path: sealedPath, bytes: validBytes, oldestAt, recovered: true });
  }
  return out;
};

const truncateFile = async (path: string, length: number): Promise<void> => {
  const fh = await open(path, 'r+');
  try {
    await fh.truncate(length);
    await fh.datasync();
  } finally {
    await fh.close();
  }
};
