import { toCsv } from '../api/csv.js';
import type { Format } from './args.js';
import { withProgress } from './progress.js';
import type { ReadSource } from './source.js';
import { textTable } from './table.js';

const cell = (value: unknown): string => (value === null || value === undefined ? 'NULL' : typeof value === 'object' ? JSON.stringify(value) : String(value));

/** `percept query`: one read-only statement, its rows as a table, JSON (one array) or CSV. */
export const runQuery = async (source: ReadSource, sql: string, format: Format): Promise<string> => {
  const rows = await withProgress('running the query', () => source.sql(sql));
  if (format === 'json') return `${JSON.stringify(rows, null, 2)}\n`;
  if (format === 'csv') return toCsv(rows);
  if (rows.length === 0) return '(no rows)\n';
  const names = Object.keys(rows[0]!);
  const numeric = names.map((name) => rows.every((row) => typeof row[name] === 'number' || row[name] === null));
  const table = textTable(
    names.map((name, i) => ({
      title: name,
      value: (row: Record<string, unknown>) => cell(row[name]),
      align: numeric[i] ? ('right' as const) : ('left' as const),
    })),
    rows,
  );
  return `${table}\n(${rows.length} ${rows.length === 1 ? 'row' : 'rows'})\n`;
};
