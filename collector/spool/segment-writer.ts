import { open, rename, unlink, type FileHandle } from 'node:fs/promises';
import { join } from 'node:path';
import { newSegmentName, OPEN_EXT, SEALED_EXT, syncDir, type SealedSegment } from './segment-files.js';

export interface SegmentWriterOptions {
  dir: string;
  /** A segment is sealed before it would grow past this. */
  segmentMaxBytes: number;
  /** Called once per sealed segment, in order. */
  onSealed: (segment: SealedSegment) => void;
  clock: () => number;
  /**
   * false makes every record pay its own write + fdatasync; only the
   * benchmark turns group commit off, to measure what it buys.
   */
  groupCommit?: boolean;
}

interface Pending {
  buf: Buffer;
  receivedAt: number;
  resolve: () => void;
  reject: (error: unknown) => void;
}

interface OpenSegment {
  name: string;
  fh: FileHandle;
  bytes: number;
  oldestAt: number;
}

/**
 * The single writer of the spool. Appends queue up while an fdatasync is in
 * flight and the next commit writes and syncs all of them at once: N
 * concurrent requests share one fsync (group commit). A promise from
 * {@link SegmentWriter.append} resolves only after its bytes are synced.
 */
export class SegmentWriter {
  /** Operations on the file run one after another on this chain. */
  private chain: Promise<void> = Promise.resolve();
  private pending: Pending[] = [];
  private commitQueued = false;
  private current: OpenSegment | undefined;
  private closed = false;
  private pendingBytes = 0;
  /** Taken off `pending` by the running commit and not yet synced. */
  private inflightBytes = 0;
  /**
   * The segment between leaving `current` and reaching `onSealed` (close,
   * rename, directory fsync): still on disk and unflushed, so still counted.
   */
  private sealing: OpenSegment | undefined;
  /** Segments a failed seal left on disk: flushed only after a restart, counted until then. */
  private strandedBytes = 0;
  readonly stats = { fsyncs: 0, commits: 0, records: 0 };

  constructor(private readonly options: SegmentWriterOptions) {}

  /**
   * Bytes appended but not yet handed to `onSealed`. Together with what
   * `onSealed` received this counts every byte exactly once, also while a
   * segment is being sealed.
   */
  get unsealedBytes(): number {
    return this.pendingBytes + this.inflightBytes + (this.current?.bytes ?? 0) + (this.sealing?.bytes ?? 0) + this.strandedBytes;
  }

  /** Receive time of the oldest record not yet handed to `onSealed`, if any. */
  get oldestUnsealedAt(): number | undefined {
    return this.sealing?.oldestAt ?? this.current?.oldestAt ?? this.pending[0]?.receivedAt;
  }

  /** Resolves once `buf` is on disk (written and fdatasync'd). */
  append(buf: Buffer, receivedAt: number): Promise<void> {
    if (this.closed) return Promise.reject(new Error('The spool writer is closed.'));
    return new Promise<void>((resolve, reject) => {
      this.pending.push({ buf, receivedAt, resolve, reject });
      this.pendingBytes += buf.length;
      if (!this.commitQueued) {
        this.commitQueued = true;
        void this.enqueue(() => this.commit());
      }
    });
  }

  /** Seals the open segment when its oldest record is at least `ageMs` old, so the flusher sees it. */
  sealIfOlderThan(ageMs: number): Promise<void> {
    return this.enqueue(async () => {
      if (this.current && this.options.clock() - this.current.oldestAt >= ageMs) await this.seal();
    });
  }

  /** Commits what is pending, seals the open segment and refuses further appends. */
  close(): Promise<void> {
    this.closed = true;
    return this.enqueue(() => this.seal());
  }

  private enqueue(op: () => Promise<void>): Promise<void> {
    const run = this.chain.then(op);
    this.chain = run.catch(() => undefined);
    return run;
  }

  private async commit(): Promise<void> {
    this.commitQueued = false;
    const group = this.pending;
    this.pending = [];
    this.inflightBytes = this.pendingBytes;
    this.pendingBytes = 0;
    let at = 0;
    while (at < group.length) {
      const take = this.takeFitting(group, at);
      const slice = group.slice(at, at + take);
      at += take;
      try {
        await this.writeAndSync(slice);
      } catch (error) {
        this.inflightBytes = 0;
        for (const p of group.slice(at - take)) p.reject(error);
        await this.abandonCurrent();
        return;
      }
      for (const p of slice) p.resolve();
    }
  }

  /** How many records from `from` go into one write: at least one, then as many as fit the open segment. */
  private takeFitting(group: Pending[], from: number): number {
    if (this.options.groupCommit === false) return 1;
    const room = this.options.segmentMaxBytes - (this.current?.bytes ?? 0);
    let bytes = 0;
    let n = 0;
    while (from + n < group.length && (n === 0 || bytes + group[from + n]!.buf.length <= room)) {
      bytes += group[from + n]!.buf.length;
      n += 1;
    }
    return n;
  }

  private async writeAndSync(slice: Pending[]): Promise<void> {
    const bytes = slice.reduce((n, p) => n + p.buf.length, 0);
    if (this.current && this.current.bytes > 0 && this.current.bytes + bytes > this.options.segmentMaxBytes) {
      await this.seal();
    }
    const segment = this.current ?? (await this.openSegment(slice[0]!.receivedAt));
    await writeAll(
      segment.fh,
      slice.map((p) => p.buf),
      segment.bytes,
    );
    await segment.fh.datasync();
    segment.bytes += bytes;
    this.inflightBytes -= bytes;
    this.stats.fsyncs += 1;
    this.stats.commits += 1;
    this.stats.records += slice.length;
  }

  private async openSegment(oldestAt: number): Promise<OpenSegment> {
    const name = newSegmentName(this.options.clock());
    const fh = await open(join(this.options.dir, name + OPEN_EXT), 'wx');
    try {
      await syncDir(this.options.dir);
    } catch (error) {
      await fh.close();
      throw error;
    }
    this.current = { name, fh, bytes: 0, oldestAt };
    return this.current;
  }

  private async seal(): Promise<void> {
    const segment = this.current;
    if (!segment) return;
    this.current = undefined;
    this.sealing = segment;
    try {
      await segment.fh.close();
      const from = join(this.options.dir, segment.name + OPEN_EXT);
      if (segment.bytes === 0) {
        await unlink(from);
        return;
      }
      const path = join(this.options.dir, segment.name + SEALED_EXT);
      await rename(from, path);
      await syncDir(this.options.dir);
      this.options.onSealed({ name: segment.name, path, bytes: segment.bytes, oldestAt: segment.oldestAt });
    } catch (error) {
      this.strandedBytes += segment.bytes;
      throw error;
    } finally {
      this.sealing = undefined;
    }
  }

  /**
   * After a failed write or sync the file may hold a partial record. Cut it
   * back to the last synced byte and seal, so records appended later never sit
   * behind garbage; if even that fails the `.open` file stays for the next
   * start, whose recovery drops the torn tail.
   */
  private async abandonCurrent(): Promise<void> {
    const segment = this.current;
    if (!segment) return;
    try {
      await segment.fh.truncate(segment.bytes);
      await segment.fh.datasync();
      await this.seal();
    } catch {
      if (this.current === segment) {
        this.current = undefined;
        this.strandedBytes += segment.bytes;
      }
      await segment.fh.close().catch(() => undefined);
    }
  }
}

/** fs writev may write less than asked; loop until every byte is down. */
const writeAll = async (fh: FileHandle, bufs: Buffer[], position: number): Promise<void> => {
  let rest = bufs;
  let at = position;
  while (rest.length > 0) {
    const total = rest.reduce((n, b) => n + b.length, 0);
    const { bytesWritten } = await fh.writev(rest, at);
    if (bytesWritten === total) return;
    at += bytesWritten;
    rest = [Buffer.concat(rest).subarray(bytesWritten)];
  }
};
