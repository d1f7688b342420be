import { createHash } from 'node:crypto';
import { readFileSync, readdirSync } from 'node:fs';
import { packagePath } from '../config/package-root.js';

/** One numbered file of schema/clickhouse/. */
export interface Migration {
  version: number;
  /** File name without `.sql`, e.g. `001-raw-tables`. */
  name: string;
  /** sha256 of the statements (comments and blank lines left out), first 16 hex digits. */
  checksum: string;
  /** Statements with their `{{placeholders}}` still in. */
  statements: string[];
}

/** Values substituted into `{{name}}` placeholders when a migration is applied. */
export type Placeholders = Readonly<Record<string, string | number>>;

const DEFAULT_DIR = packagePath('schema', 'clickhouse');
const FILE_PATTERN = /^(\d{3})-[a-z0-9-]+\.sql$/;

/** Reads the numbered migrations of `dir` (default schema/clickhouse/), in version order. */
export const loadMigrations = (dir = DEFAULT_DIR): Migration[] =>
  readdirSync(dir)
    .filter((file) => FILE_PATTERN.test(file))
    .sort()
    .map((file) => {
      const statements = splitStatements(readFileSync(`${dir}/${file}`, 'utf8'));
      return {
        version: Number(FILE_PATTERN.exec(file)![1]),
        name: file.slice(0, -'.sql'.length),
        checksum: createHash('sha256').update(statements.join(';\n')).digest('hex').slice(0, 16),
        statements,
      };
    });

/**
 * Splits a SQL file into statements on `;` outside quotes and comments, and
 * drops the comments, which the cluster rewriter and the server need not see.
 */
export const splitStatements = (text: string): string[] => {
  const statements: string[] = [];
  let current = '';
  let quote: string | null = null;
  for (let i = 0; i < text.length; i++) {
    const char = text[i]!;
    if (quote) {
      current += char;
      if (char === '\\') current += text[++i] ?? '';
      else if (char === quote) quote = null;
    } else if (char === '-' && text[i + 1] === '-') {
      while (i < text.length && text[i] !== '\n') i++;
      current += '\n';
    } else if (char === "'" || char === '"' || char === '`') {
      quote = char;
      current += char;
    } else if (char === ';') {
      statements.push(current);
      current = '';
    } else {
      current += char;
    }
  }
  statements.push(current);
  return statements.map(tidy).filter((statement) => statement.length > 0);
};

const tidy = (statement: string): string =>
  statement
    .split('\n')
    .map((line) => line.trimEnd())
    .filter((line) => line.trim().length > 0)
    .join('\n');

/** Substitutes `{{name}}` placeholders; an unknown one is a bug in a migration, so it throws. */
export const render = (statement: string, values: Placeholders): string =>
  statement.replace(/\{\{(\w+)\}\}/g, (_, key: string) => {
    const value = values[key];
    if (value === undefined) throw new Error(`Migration placeholder {{${key}}} has no value; known: ${Object.keys(values).join(', ')}.`);
    return String(value);
  });
