import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Databases } from '../../collector/db/types.js';
import { RAW_TABLE_COLUMNS, type ColumnKind } from '../../collector/rows/columns.js';
import { RAW_TABLES } from '../../collector/rows/tables.js';
import { DATABASE, openMigrated } from '../support/db-fixtures.js';

interface SystemColumn {
  table: string;
  name: string;
  type: string;
  default_kind: string;
}

/** The ClickHouse types a column kind may describe: the rule that makes leaving a fill-in value out lossless. */
const KIND_OF_TYPE: [RegExp, ColumnKind][] = [
  [/^Nullable\(/, 'nullable'],
  [/^Map\(/, 'map'],
  [/^DateTime64\(/, 'time'],
  [/^(String|UUID|LowCardinality\(String\))$/, 'text'],
  [/^(U?Int\d+|Float\d+)$/, 'number'],
];

let dbs: Databases;
let columns: SystemColumn[];
beforeAll(async () => {
  dbs = await openMigrated();
  columns = await dbs.reader.query<SystemColumn>(
    `SELECT table, name, type, default_kind FROM system.columns WHERE database = {db:String} AND table IN {tables:Array(String)} ORDER BY table, position`,
    { db: DATABASE, tables: [...RAW_TABLES] },
  );
});
afterAll(() => dbs.close());

describe('the column description (collector/rows/columns.ts) matches the migrated raw tables', () => {
  it.each(RAW_TABLES)('%s: the same columns with the same types', (table) => {
    const live = columns.filter((c) => c.table === table).map((c) => `${c.name} ${c.type}`);
    const described = RAW_TABLE_COLUMNS[table].map((c) => `${c.name} ${c.type}`);
    expect(live.length).toBeGreaterThan(0);
    expect([...described].sort()).toEqual([...live].sort());
  });

  it.each(RAW_TABLES)('%s: each column is written by the rule its type and default need', (table) => {
    const live = new Map(columns.filter((c) => c.table === table).map((c) => [c.name, c]));
    for (const { name, kind } of RAW_TABLE_COLUMNS[table]) {
      const column = live.get(name)!;
      // A DEFAULT expression means an omitted field gets the default, not the type's zero: such columns are always written.
      const expected = column.default_kind === 'DEFAULT' ? 'always' : KIND_OF_TYPE.find(([type]) => type.test(column.type))?.[1];
      expect([name, kind]).toEqual([name, expected]);
    }
  });
});
