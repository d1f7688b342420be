import { RAW_TABLE_COLUMNS, type ColumnKind } from '../../collector/rows/columns.js';
import type { PageRef } from '../../collector/rows/row-place.js';
import { rowsText } from '../../collector/rows/row-text.js';
import type { RawTable } from '../../collector/rows/tables.js';
import type { ProcessedBatch } from '../../collector/pipeline/types.js';

/** One row as JSONEachRow sees it: column name → value. */
export type Row = Record<string, string | number | boolean | Record<string, string> | null>;

/** The rows of one batch, grouped by table; an absent table has no rows. */
export type TableRows = Partial<Record<RawTable, Row[]>>;

/** What ClickHouse fills in for a column left out of a JSONEachRow line, by kind (`always` and `time` columns are never left out). */
const FILL_IN: Partial<Record<ColumnKind, () => Row[string]>> = { text: () => '', number: () => 0, nullable: () => null, map: () => ({}) };

/**
 * The rows the row writer (rowsText) makes of a batch, parsed, with every
 * column it left out filled in as ClickHouse fills it: the full rows as they
 * are stored, for tests to read or to insert with every column spelled out.
 */
export const rowObjects = (batch: ProcessedBatch, pages?: ReadonlyMap<string, PageRef>): TableRows => {
  const out: TableRows = {};
  for (const { table, text } of rowsText(batch, pages)) {
    out[table] = text
      .split('\n')
      .filter((line) => line !== '')
      .map((line) => {
        const written = JSON.parse(line) as Row;
        const row: Row = {};
        for (const { name, kind } of RAW_TABLE_COLUMNS[table]) {
          if (Object.hasOwn(written, name)) row[name] = written[name]!;
          else if (FILL_IN[kind]) row[name] = FILL_IN[kind]();
          else throw new Error(`rowsText left out ${table}.${name}, a ${kind} column that must always be written`);
        }
        return row;
      });
  }
  return out;
};

/** Objects as JSONEachRow: one JSON object per line, each ending in `\n`. */
export const ndjson = (rows: readonly Readonly<Record<string, unknown>>[]): string => rows.map((row) => `${JSON.stringify(row)}\n`).join('');
