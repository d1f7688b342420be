import { LIMITS } from '../../schema/index.js';
import type { StoredRows } from '../spool/types.js';
import { isoDay } from './params.js';

/** What a cached result depends on: the app and days it read, and from which tables. */
export interface CacheScope {
  /** Undefined for results that read no app's rows (the app list). */
  app: string | undefined;
  from?: string;
  to?: string;
  /** Tables the query read; rows stored in any of them for the app and days make the entry stale. */
  reads: readonly string[];
}

interface Entry<T> extends CacheScope {
  value: T;
  expiresAt: number;
  /** What the entry counts against the byte budget. */
  bytes: number;
}

export interface CacheOptions<T> {
  maxEntries: number;
  /** Budget of the entries' sizes together, bytes. */
  maxBytes: number;
  ttlMs: number;
  clock?: () => number;
  /** An entry's size; default the UTF-8 length of its JSON, what the answer's data takes on the wire. */
  sizeOf?: (value: T) => number;
}

const jsonBytes = (value: unknown): number => Buffer.byteLength(JSON.stringify(value) ?? '', 'utf8');

/**
 * Query results in memory. The caller builds the key with the reader's scope
 * in it, so a reader is only ever served results computed for its own scope.
 * An entry goes when the flusher stores rows for its app, tables and days
 * (event-driven), when its TTL ends (a backstop should an invalidation be
 * missed, e.g. rows written by another collector of the same database), or
 * when the least recently used entries make room: the budget is in bytes (a
 * breakdown of 5 000 routes weighs what a thousand summaries do), with a cap
 * on the number of entries besides.
 */
export class ResultCache<T> {
  private readonly entries = new Map<string, Entry<T>>();
  /** Invalidations per app and table (app '' for records of every app): a result computed across one is not stored. */
  private readonly generations = new Map<string, number>();
  private hitCount = 0;
  private missCount = 0;
  private readonly clock: () => number;

  private byteCount = 0;
  private readonly sizeOf: (value: T) => number;

  constructor(private readonly options: CacheOptions<T>) {
    this.clock = options.clock ?? Date.now;
    this.sizeOf = options.sizeOf ?? jsonBytes;
  }

  get size(): number {
    return this.entries.size;
  }

  /** Sizes of the entries held, together. */
  get bytes(): number {
    return this.byteCount;
  }

  get hits(): number {
    return this.hitCount;
  }

  get misses(): number {
    return this.missCount;
  }

  get(key: string): T | undefined {
    const entry = this.entries.get(key);
    if (entry && entry.expiresAt > this.clock()) {
      this.hitCount += 1;
      // Re-inserting keeps the Map in least-recently-used order.
      this.entries.delete(key);
      this.entries.set(key, entry);
      return entry.value;
    }
    if (entry) this.remove(key);
    this.missCount += 1;
    return undefined;
  }

  /** A token to hand to {@link set}: taken before the query runs, so rows stored meanwhile keep its result out. */
  generation(scope: Pick<CacheScope, 'app' | 'reads'>): string {
    if (scope.app === undefined) return '';
    return scope.reads.map((table) => `${this.generations.get(`\u0000${table}`) ?? 0}.${this.generations.get(`${scope.app}\u0000${table}`) ?? 0}`).join(':');
  }

  /**
   * Stores a result, then drops the least recently used entries until both
   * the entry count and the byte budget hold. A result larger than the whole
   * budget is not stored: it would only push every other entry out.
   */
  set(key: string, scope: CacheScope, value: T, generation: string): void {
    if (this.options.maxEntries === 0 || this.options.maxBytes === 0 || this.options.ttlMs === 0) return;
    if (generation !== this.generation(scope)) return;
    this.remove(key);
    const bytes = this.sizeOf(value);
    if (bytes > this.options.maxBytes) return;
    this.entries.set(key, { ...scope, value, bytes, expiresAt: this.clock() + this.options.ttlMs });
    this.byteCount += bytes;
    while (this.entries.size > this.options.maxEntries || this.byteCount > this.options.maxBytes) this.remove(this.entries.keys().next().value!);
  }

  private remove(key: string): void {
    const entry = this.entries.get(key);
    if (!entry) return;
    this.entries.delete(key);
    this.byteCount -= entry.bytes;
  }

  /**
   * Drops entries made stale by a flush. A batch received at t holds events
   * from t − 48 h (older ones are refused as stale) to t, so those are the
   * days it can change.
   */
  invalidate(stored: readonly StoredRows[]): void {
    for (const rows of stored) {
      const generation = `${rows.app}\u0000${rows.table}`;
      this.generations.set(generation, (this.generations.get(generation) ?? 0) + 1);
      const first = isoDay(rows.firstReceivedAt - LIMITS.maxAgeMs);
      const last = isoDay(rows.lastReceivedAt);
      for (const [key, entry] of this.entries) {
        if (entry.app === undefined || (rows.app !== '' && rows.app !== entry.app)) continue;
        if (!entry.reads.includes(rows.table)) continue;
        if (entry.from !== undefined && entry.to !== undefined && (entry.to < first || entry.from > last)) continue;
        this.remove(key);
      }
    }
  }
}
