/** Cells starting like a formula are prefixed with ', so a spreadsheet shows the text instead of running it. */
const FORMULA = /^[=+\-@\t\r]/;

const cell = (value: unknown): string => {
  if (value === null || value === undefined) return '';
  if (typeof value === 'number' || typeof value === 'boolean') return String(value);
  let text = typeof value === 'string' ? value : JSON.stringify(value);
  if (FORMULA.test(text)) text = `'${text}`;
  return /[",\n\r]/.test(text) ? `"${text.replaceAll('"', '""')}"` : text;
};

/**
 * Rows as RFC 4180 CSV with a header line: the union of the rows' keys, in
 * first-seen order. Objects inside a cell are written as JSON.
 */
export const toCsv = (rows: readonly object[]): string => {
  const columns: string[] = [];
  for (const row of rows) for (const key of Object.keys(row)) if (!columns.includes(key)) columns.push(key);
  const lines = [columns.map(cell).join(',')];
  for (const row of rows) lines.push(columns.map((column) => cell((row as Record<string, unknown>)[column])).join(','));
  return `${lines.join('\r\n')}\r\n`;
};
