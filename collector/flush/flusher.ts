import { randomBytes } from 'node:crypto';
import { readFile, unlink } from 'node:fs/promises';
import { setImmediate } from 'node:timers/promises';
import type { FastifyBaseLogger } from 'fastify';
import type { Database } from '../db/types.js';
import type { SpoolMetrics } from '../spool/spool-metrics.js';
import { eachRecord } from '../rows/record-codec.js';
import { FLUSH_ORDER, INGESTED_BATCHES } from '../rows/tables.js';
import type { SealedSegment } from '../spool/segment-files.js';
import type { StoredRows } from '../spool/types.js';
import { missingRows, type BatchChunk } from './missing-rows.js';
import { rebuildRollups, RollupRebuildRaceError, touchedDays, type TouchedDay } from './rebuild-rollups.js';
import { rollupViews, type RollupView } from './rollup-views.js';
import { batchKey, claimsOf, yieldedTo } from './stored-batches.js';

export interface FlusherOptions {
  db: Database;
  /** Tables are addressed as `${database}.${table}`. */
  database: string;
  logger: FastifyBaseLogger;
  metrics: SpoolMetrics;
  clock: () => number;
  /** Runs before each attempt; a throw counts as a failed attempt (used to load ClickHouse's batch-id history first). */
  prepare: () => Promise<void>;
  /** True for a batch that must not be inserted: a copy accepted while the history was unknown. */
  skip: (app: string, batchId: string) => boolean;
  backoffMinMs?: number;
  backoffMaxMs?: number;
  /**
   * Order claims on a batch by commit (block numbers; default true). False
   * through a cluster's Distributed tables, which do not expose them: then the
   * smaller segment name wins.
   */
  claimOrder?: boolean;
  /**
   * Rebuild the rollup days a recovered segment touched (default true). Off
   * only in the test that shows what recovery leaves without it.
   */
  rebuildRollups?: boolean;
  /** Told what each flushed segment stored, once every table took its rows. */
  onStored?: (stored: StoredRows[]) => void;
}

/**
 * Drains sealed segments into ClickHouse, oldest first, one insert per table
 * per segment with the token `${segment}:${table}`. A segment never changes
 * once sealed, so a retry after an error sends the same block with the same
 * token and ClickHouse drops the copy. A segment left by a previous run is
 * verified against each table first (missing-rows.ts): a crash can leave its token
 * in the dedup log without the rows; then the rollup days it touched are
 * rebuilt from the raw rows (rebuild-rollups.ts), since a crash can also fall
 * between a raw insert and its views' inserts. A fresh segment first drops the
 * batches another collector on the same database already claimed in
 * `ingested_batches` (a retry that landed elsewhere), then claims its own by
 * inserting their `ingested_batches` rows before the data. The file is deleted
 * only after every table took its rows.
 */
export class Flusher {
  private readonly queue: SealedSegment[] = [];
  private stopped = false;
  private up = true;
  private attempt = 0;
  private wake: (() => void) | undefined;
  /** True while the loop waits for work (not while it backs off, so new segments do not cut a backoff short). */
  private waiting = false;
  private idle: (() => void)[] = [];
  private loop: Promise<void> | undefined;
  /** Makes this process's verified-insert tokens differ from any a crashed run left behind. */
  private readonly runId = randomBytes(8).toString('hex');
  /** The rollup views, read once from the catalogue when a recovered segment first needs them. */
  private views: RollupView[] | undefined;

  constructor(private readonly options: FlusherOptions) {}

  get clickhouseUp(): boolean {
    return this.up;
  }

  get segments(): number {
    return this.queue.length;
  }

  get bytes(): number {
    return this.queue.reduce((n, s) => n + s.bytes, 0);
  }

  get oldestAt(): number | undefined {
    return this.queue[0]?.oldestAt;
  }

  /** Suggested wait before a client retries: long while ClickHouse is down, short while it only lags. */
  get retryAfterSeconds(): number {
    return this.up ? 5 : 30;
  }

  enqueue(segment: SealedSegment): void {
    this.queue.push(segment);
    if (this.waiting) this.wake?.();
  }

  start(): void {
    this.loop ??= this.run();
  }

  /** Resolves true once the queue is empty, or false after `timeoutMs`. */
  drained(timeoutMs: number): Promise<boolean> {
    if (this.queue.length === 0) return Promise.resolve(true);
    return new Promise((resolve) => {
      const timer = setTimeout(() => resolve(false), timeoutMs);
      this.idle.push(() => {
        clearTimeout(timer);
        resolve(true);
      });
    });
  }

  /** Stops after the insert in flight, if any; unflushed segments stay on disk for the next start. */
  async stop(): Promise<void> {
    this.stopped = true;
    this.wake?.();
    await this.loop;
  }

  private async run(): Promise<void> {
    while (!this.stopped) {
      const segment = this.queue[0];
      if (!segment) {
        for (const done of this.idle.splice(0)) done();
        this.waiting = true;
        await this.sleep(Infinity);
        this.waiting = false;
        continue;
      }
      try {
        await this.options.prepare();
        await this.flush(segment);
        this.queue.shift();
        this.recovered();
      } catch (error) {
        if (error instanceof RollupRebuildRaceError) this.raced(error, segment);
        else this.failed(error);
        await this.sleep(this.backoff());
      }
    }
  }

  private async flush(segment: SealedSegment): Promise<void> {
    const started = this.options.clock();
    const bytes = await readFile(segment.path).catch((error: NodeJS.ErrnoException) => {
      if (error.code !== 'ENOENT') throw error;
      this.options.logger.error({ segment: segment.path }, 'A spool segment vanished before it was flushed (removed by hand?); its batches are lost.');
      return undefined;
    });
    if (!bytes) return;
    const parts = new Map<string, BatchChunk[]>();
    const stored = new Map<string, StoredRows>();
    let checked = 0;
    for (const record of eachRecord(bytes)) {
      // Checksumming 8 MiB takes ~10 ms: give requests a turn every MiB so the loop stays free.
      if (record.end - checked > YIELD_BYTES) {
        checked = record.end;
        await setImmediate();
      }
      if (record.batchId && this.options.skip(record.app, record.batchId)) continue;
      for (const { table, ndjson, rows } of record.tables) {
        if (!parts.has(table)) parts.set(table, []);
        parts.get(table)!.push({ app: record.app, batchId: record.batchId, rows, ndjson });
        noteStored(stored, record.app, table, record.receivedAt);
      }
    }
    if (!segment.recovered) await this.leaveClaimedElsewhere(segment, parts, false);
    const claims = parts.get(INGESTED_BATCHES);
    if (claims)
      parts.set(
        INGESTED_BATCHES,
        claims.map((c) => ({ ...c, ndjson: withClaim(c.ndjson, segment.name) })),
      );
    const tables = [...parts.keys()].sort((a, b) => rank(a) - rank(b) || a.localeCompare(b));
    const inserted = new Map<string, number>();
    const touched = new Map<string, TouchedDay>();
    for (const table of tables) {
      const chunks = parts.get(table);
      if (!chunks) continue;
      const target = `${this.options.database}.${table}`;
      const token = `${segment.name}:${table}`;
      // Counter records carry no batch id to check by; a lost counter flush is telemetry, not data.
      const verify = segment.recovered === true && chunks.every((c) => c.batchId !== '');
      if (verify) for (const chunk of chunks) touchedDays(table, chunk.ndjson, touched);
      const insert = verify
        ? await missingRows(this.options.db, target, chunks, token, this.runId)
        : { parts: chunks.map((c) => c.ndjson), rows: chunks.reduce((n, c) => n + c.rows, 0), token };
      if (!insert) continue;
      await this.options.db.insertNdjson(target, await join(insert.parts), insert.token);
      inserted.set(table, insert.rows);
      // Read the claims back: another collector may have claimed the same batch between the check and this insert.
      if (table === INGESTED_BATCHES && !segment.recovered) await this.leaveClaimedElsewhere(segment, parts, true);
    }
    if (touched.size > 0 && this.options.rebuildRollups !== false) {
      this.views ??= await rollupViews(this.options.db, this.options.database);
      const { rebuilt, retried } = await rebuildRollups(this.options.db, this.options.database, this.views, touched.values());
      this.options.logger.info({ segment: segment.name, rebuilt, retried }, 'Rebuilt the rollup days a recovered spool segment touched from the raw rows.');
    }
    this.options.onStored?.([...stored.values()]);
    await unlink(segment.path).catch((error: unknown) => {
      this.options.logger.warn(
        { err: error, segment: segment.name },
        'Could not delete a flushed spool segment; on the next start it is checked against ClickHouse and nothing is stored twice.',
      );
    });
    this.options.metrics.flushSeconds.observe((this.options.clock() - started) / 1000);
    for (const [table, n] of inserted) this.options.metrics.flushRows.inc({ table }, n);
  }

  /**
   * Removes from `parts` the batches another collector claimed (stored-batches.ts):
   * the SDK retried a batch whose 202 was lost, and the retry reached this
   * collector while the first copy was stored (or being stored) by another.
   * Before this segment claims, the claim rows of those batches go too (a claim
   * of a batch it leaves could later win the smallest-claim rule); after, its
   * claim rows are stored already and stay.
   */
  private async leaveClaimedElsewhere(segment: SealedSegment, parts: Map<string, BatchChunk[]>, claimed: boolean): Promise<void> {
    const batches = parts.get(INGESTED_BATCHES) ?? [];
    if (batches.length === 0) return;
    const stored = yieldedTo(await claimsOf(this.options.db, this.options.database, batches, this.options.claimOrder !== false), segment.name);
    if (stored.size === 0) return;
    for (const [table, chunks] of parts) {
      if (claimed && table === INGESTED_BATCHES) continue;
      const kept = chunks.filter((c) => !stored.has(batchKey(c.app, c.batchId)));
      if (kept.length > 0) parts.set(table, kept);
      else parts.delete(table);
    }
    this.options.logger.info(
      { segment: segment.name, batches: stored.size },
      'Skipped batches another collector already stored (retries that reached two collectors).',
    );
  }

  private failed(error: unknown): void {
    this.options.metrics.clickhouseErrors.inc();
    this.attempt += 1;
    if (!this.up) return;
    this.up = false;
    const message = error instanceof Error ? error.message : String(error);
    this.options.logger.error(
      { err: error, segments: this.queue.length, bytes: this.bytes },
      `ClickHouse is not taking inserts (${message}). Batches stay in the spool and are retried with backoff; nothing is lost unless the spool fills up.`,
    );
  }

  /** ClickHouse works: other collectors only kept colliding with a rollup rebuild. Retried after the backoff, without marking ClickHouse down. */
  private raced(error: RollupRebuildRaceError, segment: SealedSegment): void {
    this.attempt += 1;
    this.options.logger.warn({ segment: segment.name }, error.message);
  }

  private recovered(): void {
    this.attempt = 0;
    if (this.up) return;
    this.up = true;
    this.options.logger.info({ segments: this.queue.length, bytes: this.bytes }, 'ClickHouse takes inserts again; draining the spool.');
  }

  /** Full jitter: a random wait up to an exponentially growing cap, so collectors do not retry in step. */
  private backoff(): number {
    const min = this.options.backoffMinMs ?? 200;
    const max = this.options.backoffMaxMs ?? 30_000;
    const cap = Math.min(max, min * 2 ** Math.min(this.attempt, 20));
    return min + Math.random() * (cap - min);
  }

  private sleep(ms: number): Promise<void> {
    return new Promise((resolve) => {
      const timer = Number.isFinite(ms) ? setTimeout(done, ms) : undefined;
      function done(): void {
        clearTimeout(timer);
        resolve();
      }
      this.wake = done;
    });
  }
}

const YIELD_BYTES = 1024 * 1024;

/** The `ingested_batches` lines with the claiming segment's name added (segment names are [0-9a-f-], safe in JSON). */
const withClaim = (ndjson: Buffer, segment: string): Buffer => Buffer.from(ndjson.toString('utf8').replace(/}\n/g, `,"claim":"${segment}"}\n`));

const noteStored = (stored: Map<string, StoredRows>, app: string, table: string, receivedAt: number): void => {
  const key = `${app}\u0000${table}`;
  const seen = stored.get(key);
  if (!seen) stored.set(key, { app, table, firstReceivedAt: receivedAt, lastReceivedAt: receivedAt });
  else {
    seen.firstReceivedAt = Math.min(seen.firstReceivedAt, receivedAt);
    seen.lastReceivedAt = Math.max(seen.lastReceivedAt, receivedAt);
  }
};

/** Buffer.concat, but copying a MiB at a time between turns of the event loop (first-touch page faults make big copies slow). */
const join = async (parts: Buffer[]): Promise<Buffer> => {
  const out = Buffer.allocUnsafe(parts.reduce((n, p) => n + p.length, 0));
  let at = 0;
  let since = 0;
  for (const part of parts) {
    at += part.copy(out, at);
    if (at - since > YIELD_BYTES) {
      since = at;
      await setImmediate();
    }
  }
  return out;
};

const rank = (table: string): number => {
  const at = FLUSH_ORDER.indexOf(table);
  return at === -1 ? FLUSH_ORDER.length : at;
};
