/** The raw tables a batch is written to, in insert order. */
export const RAW_TABLES = ['page_views', 'vitals', 'workflow_runs', 'workflow_steps'] as const;
export type RawTable = (typeof RAW_TABLES)[number];

/** One row as JSONEachRow sees it: column name → value. */
export type Row = Record<string, string | number | boolean | Record<string, string> | null>;

/** The rows of one batch, grouped by table; an absent table has no rows. */
export type TableRows = Partial<Record<RawTable, Row[]>>;
