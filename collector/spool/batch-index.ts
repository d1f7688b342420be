/** How long a batch id is remembered: the same window as the wire contract's timestamp check. */
export const BATCH_ID_TTL_MS = 48 * 60 * 60 * 1000;

interface Entry {
  expiresAt: number;
  /** The spool write of the first copy, while it is in flight. */
  pending?: Promise<void>;
  /** Reserved before ClickHouse's history was loaded, so a copy may already be stored. */
  blind?: boolean;
}

/** `app` + NUL + `batch_id`: NUL cannot occur in either (ids are [A-Za-z0-9_-], apps are config ids). */
export const batchKey = (app: string, batchId: string): string => `${app}\u0000${batchId}`;

/**
 * Which (app, batch id) pairs were accepted in the last 48 h. Lookup and
 * reservation are synchronous, so two concurrent copies of a batch cannot
 * both pass: that is the atomic insert-if-absent the wire contract asks for.
 */
export class BatchIndex {
  private readonly entries = new Map<string, Entry>();
  /** False until the batch ids already stored in ClickHouse were loaded. */
  historyLoaded = false;

  private readonly ttlMs = BATCH_ID_TTL_MS;

  constructor(private readonly clock: () => number) {}

  get size(): number {
    return this.entries.size;
  }

  /**
   * The entry of a batch accepted within the window, or undefined. When the
   * first copy is still being written, `pending` settles with its write.
   */
  lookup(key: string): { pending?: Promise<void> } | undefined {
    const entry = this.entries.get(key);
    if (!entry) return undefined;
    if (entry.expiresAt > this.clock()) return entry;
    this.entries.delete(key);
    return undefined;
  }

  /**
   * Claims `key` for a batch whose spool write is `write`. If the write fails
   * the claim is withdrawn: the batch was not accepted, and its retry must be
   * stored.
   */
  reserve(key: string, write: Promise<void>): void {
    const entry: Entry = { expiresAt: this.clock() + this.ttlMs, pending: write };
    if (!this.historyLoaded) entry.blind = true;
    this.entries.set(key, entry);
    write.then(
      () => {
        delete entry.pending;
      },
      () => {
        if (this.entries.get(key) === entry) this.entries.delete(key);
      },
    );
  }

  /**
   * Records a batch known to be stored or spooled, received at `receivedAt`.
   * Returns true when it had been reserved blind, i.e. accepted a second time
   * while ClickHouse's history was not yet known.
   */
  remember(key: string, receivedAt: number): boolean {
    const expiresAt = receivedAt + this.ttlMs;
    if (expiresAt <= this.clock()) return false;
    const entry = this.entries.get(key);
    if (!entry) {
      this.entries.set(key, { expiresAt });
      return false;
    }
    return entry.blind === true;
  }

  /**
   * Forgets expired entries. Insertion order is roughly time order, so the
   * sweep stops at the first live entry and costs O(expired).
   */
  prune(): void {
    const now = this.clock();
    for (const [key, entry] of this.entries) {
      if (entry.expiresAt > now) break;
      this.entries.delete(key);
    }
  }
}
