import type { ProcessedBatch } from '../pipeline/types.js';
import { ENVELOPE_COLUMNS, PAGE_VIEW_COLUMNS, PLACE_COLUMNS, VITAL_COLUMNS, WORKFLOW_RUN_COLUMNS, WORKFLOW_STEP_COLUMNS, type Column } from './columns.js';
import { placeResolver, type PageRef } from './row-place.js';
import { RAW_TABLES, type RawTable } from './tables.js';
import { toClickHouseTime } from './time.js';

/** One table's rows of a batch as JSONEachRow text: one object per line, each ending in `\n`. */
export interface TableText {
  table: RawTable;
  rows: number;
  text: string;
}

/*
 * Rows are written as text straight from the batch, column by column as
 * columns.ts describes them: the envelope columns are serialised once per
 * batch and shared by every line, and no row object is ever made. Columns
 * whose value equals ClickHouse's fill-in are left out (see ColumnKind).
 */

const num = (n: number): string => (Number.isFinite(n) ? String(n) : 'null');

/** Map(String, String) holds text only: numbers and booleans as their JSON text. */
const mapText = (attrs: Readonly<Record<string, string | number | boolean>>): string => {
  let text = '';
  for (const key of Object.keys(attrs)) text += `${text === '' ? '' : ','}${JSON.stringify(key)}:${JSON.stringify(String(attrs[key]))}`;
  return text === '' ? '' : `{${text}}`;
};

/** `,"name":value` for one column of a source, or '' when the column is left out. */
const columnWriter = <S>(column: Column<S>): ((source: S) => string) => {
  const key = `,${JSON.stringify(column.name)}:`;
  switch (column.kind) {
    case 'text': {
      const value = column.value;
      return (s) => {
        const v = value(s);
        return v ? key + JSON.stringify(v) : '';
      };
    }
    case 'number': {
      const value = column.value;
      return (s) => {
        const v = value(s);
        return v ? key + num(v) : '';
      };
    }
    case 'nullable': {
      const value = column.value;
      return (s) => {
        const v = value(s);
        return v === undefined || v === null ? '' : key + num(v);
      };
    }
    case 'always': {
      const value = column.value;
      return (s) => key + num(value(s));
    }
    case 'time': {
      const value = column.value;
      return (s) => `${key}"${toClickHouseTime(value(s))}"`;
    }
    case 'map': {
      const value = column.value;
      return (s) => {
        const v = value(s);
        const text = v === undefined ? '' : mapText(v);
        return text === '' ? '' : key + text;
      };
    }
  }
};

/** All columns of a list for one source, concatenated. */
const columnsWriter = <S>(columns: readonly Column<S>[]): ((source: S) => string) => {
  const writers = columns.map(columnWriter);
  return (source) => {
    let text = '';
    for (const write of writers) text += write(source);
    return text;
  };
};

const envelopeText = columnsWriter(ENVELOPE_COLUMNS);
const placeText = columnsWriter(PLACE_COLUMNS);
const pageViewText = columnsWriter(PAGE_VIEW_COLUMNS);
const vitalText = columnsWriter(VITAL_COLUMNS);
const workflowRunText = columnsWriter(WORKFLOW_RUN_COLUMNS);
const workflowStepText = columnsWriter(WORKFLOW_STEP_COLUMNS);

/**
 * The raw-table rows of a processed batch as JSONEachRow text, in
 * RAW_TABLES order, tables without rows left out: one row per page view,
 * vital report, workflow run and workflow step, each with the envelope
 * columns. Vitals and workflows are filed under their page view's url and
 * route (placeResolver in row-place.ts); `pages` are page views of earlier
 * batches the caller knows.
 */
export const rowsText = (batch: ProcessedBatch, pages?: ReadonlyMap<string, PageRef>): TableText[] => {
  const envelope = envelopeText(batch);
  const placeOf = placeResolver(batch, pages);
  const text: Record<RawTable, string> = { page_views: '', vitals: '', workflow_runs: '', workflow_steps: '' };
  const count: Record<RawTable, number> = { page_views: 0, vitals: 0, workflow_runs: 0, workflow_steps: 0 };
  for (const event of batch.events) {
    // `time` is the first place column and always written: its leading comma becomes the row's `{`.
    const head = `{${placeText({ ts: event.ts, place: placeOf(event) }).slice(1)}${envelope}`;
    if (event.type === 'page') {
      text.page_views += `${head}${pageViewText(event)}}\n`;
      count.page_views += 1;
    } else if (event.type === 'vital') {
      text.vitals += `${head}${vitalText(event)}}\n`;
      count.vitals += 1;
    } else {
      text.workflow_runs += `${head}${workflowRunText(event)}}\n`;
      count.workflow_runs += 1;
      event.steps?.forEach((step, index) => {
        text.workflow_steps += `${head}${workflowStepText({ run: event, step, index })}}\n`;
      });
      count.workflow_steps += event.steps?.length ?? 0;
    }
  }
  return RAW_TABLES.filter((table) => count[table] > 0).map((table) => ({ table, rows: count[table], text: text[table] }));
};
