/** One column of a text table. */
export interface Column<R> {
  title: string;
  value: (row: R) => string;
  /** Numbers right-aligned; text left-aligned and the first to be shortened. */
  align?: 'left' | 'right';
}

/** Terminal width the tables fit: 80 columns, the width a report must read in. */
export const WIDTH = 80;
const GAP = '  ';

/**
 * Rows as an aligned text table no wider than `width`: when it would be
 * wider, left-aligned (text) columns are shortened with an ellipsis, widest first.
 */
export const textTable = <R>(columns: readonly Column<R>[], rows: readonly R[], width = WIDTH): string => {
  const cells = rows.map((row) => columns.map((column) => column.value(row)));
  const widths = columns.map((column, i) => Math.max(column.title.length, ...cells.map((line) => line[i]!.length)));
  const total = () => widths.reduce((sum, w) => sum + w, 0) + GAP.length * (columns.length - 1);
  while (total() > width) {
    const shrinkable = widths.map((w, i) => (columns[i]!.align === 'right' ? -1 : w));
    const widest = shrinkable.indexOf(Math.max(...shrinkable));
    if (widest < 0 || widths[widest]! <= Math.max(6, columns[widest]!.title.length)) break;
    widths[widest]! -= 1;
  }
  const fit = (text: string, w: number) => (text.length > w ? `${text.slice(0, w - 1)}…` : text);
  const line = (values: readonly string[]) =>
    values
      .map((value, i) => {
        const text = fit(value, widths[i]!);
        return columns[i]!.align === 'right' ? text.padStart(widths[i]!) : text.padEnd(widths[i]!);
      })
      .join(GAP)
      .trimEnd();
  return [line(columns.map((column) => column.title)), ...cells.map(line)].join('\n');
};

/** Milliseconds for people: `812 ms`, `2.41 s`; CLS as a plain number; `–` for none. */
export const ms = (value: number | null | undefined, metric?: string): string => {
  if (value === null || value === undefined) return '–';
  if (metric === 'CLS') return value.toFixed(3);
  return value >= 1000 ? `${(value / 1000).toFixed(2)} s` : `${Math.round(value)} ms`;
};

export const percent = (value: number | null | undefined): string => (value === null || value === undefined ? '–' : `${(value * 100).toFixed(1)} %`);

export const count = (value: number | null | undefined): string => (value === null || value === undefined ? '–' : Math.round(value).toLocaleString('en-US'));
