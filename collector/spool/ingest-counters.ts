import type { CounterOutcome } from './types.js';

/** A row of `ingest_counters` (schema/clickhouse/003-ingest-counters-audit.sql). */
export interface CounterRow {
  app: string;
  /** Start of the minute, epoch seconds. */
  minute: number;
  outcome: CounterOutcome;
  reason: string;
  count: number;
}

/**
 * Sums counts per (app, minute, outcome, reason) in memory until they are
 * taken for the spool. The table is a SummingMergeTree, so every take is a
 * set of deltas and rows for the same key simply add up.
 */
export class IngestCounters {
  private rows = new Map<string, CounterRow>();

  constructor(private readonly clock: () => number) {}

  add(app: string, outcome: CounterOutcome, reason: string, n = 1): void {
    if (!(n > 0)) return;
    const minute = Math.floor(this.clock() / 60_000) * 60;
    const key = `${app}\u0000${minute}\u0000${outcome}\u0000${reason}`;
    const row = this.rows.get(key);
    if (row) row.count += n;
    else this.rows.set(key, { app, minute, outcome, reason, count: n });
  }

  /** Everything counted since the last take; the caller puts it back with {@link restore} if it cannot be written. */
  take(): CounterRow[] {
    const rows = [...this.rows.values()];
    this.rows = new Map();
    return rows;
  }

  restore(rows: CounterRow[]): void {
    for (const row of rows) {
      const key = `${row.app}\u0000${row.minute}\u0000${row.outcome}\u0000${row.reason}`;
      const existing = this.rows.get(key);
      if (existing) existing.count += row.count;
      else this.rows.set(key, { ...row });
    }
  }
}
