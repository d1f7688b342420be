import type { Database } from '../../collector/db/types.js';
import { rollupViews } from '../../collector/flush/rollup-views.js';

/** One rollup key whose counts differ from what the raw rows give. */
export interface RollupMismatch {
  target: string;
  key: string;
  rollup: string;
  raw: string;
}

/**
 * Compares every rollup with its raw table, key by key: the integer sums of
 * the rollup table (samples, good, ok, …) against the same sums of the view's
 * own SELECT run over all raw rows now. Empty when they agree. Float sums and
 * digests are left out: their merge order changes the last bits.
 */
export const rollupMismatches = async (db: Database, database: string): Promise<RollupMismatch[]> => {
  const out: RollupMismatch[] = [];
  for (const view of await rollupViews(db, database)) {
    const columns = await db.query<{ name: string; type: string; is_in_sorting_key: number }>(
      'SELECT name, type, is_in_sorting_key FROM system.columns WHERE database = {database:String} AND table = {table:String} ORDER BY position',
      { database, table: view.target },
    );
    const keys = columns.filter((c) => Number(c.is_in_sorting_key) === 1).map((c) => `\`${c.name}\``);
    const counts = columns.filter((c) => /^SimpleAggregateFunction\(sum, U?Int/.test(c.type)).map((c) => `\`${c.name}\``);
    if (keys.length === 0 || counts.length === 0) continue;
    const totals = (from: string) =>
      db.query<{ key: string; counts: string }>(
        `SELECT toJSONString(tuple(${keys.join(', ')})) AS key, toJSONString(tuple(${counts.map((c) => `toUInt64(sum(${c}))`).join(', ')})) AS counts
         FROM ${from} GROUP BY ${keys.join(', ')}`,
      );
    const rollup = new Map((await totals(`${database}.${view.target}`)).map((r) => [r.key, r.counts]));
    const raw = new Map((await totals(`(${view.select})`)).map((r) => [r.key, r.counts]));
    for (const key of new Set([...rollup.keys(), ...raw.keys()])) {
      if (rollup.get(key) !== raw.get(key)) out.push({ target: view.target, key, rollup: rollup.get(key) ?? 'none', raw: raw.get(key) ?? 'none' });
    }
  }
  return out;
};
