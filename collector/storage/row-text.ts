import type { WorkflowEvent } from '../../schema/index.js';
import type { ProcessedBatch, ProcessedPage, RatedVital } from '../pipeline/types.js';
import { placeResolver, type EventPlace, type PageRef } from './row-place.js';
import { RAW_TABLES, type RawTable } from './tables.js';
import { toClickHouseTime } from './time.js';

/** One table's rows of a batch as JSONEachRow text: one object per line, each ending in `\n`. */
export interface TableText {
  table: RawTable;
  rows: number;
  text: string;
}

/*
 * The same rows as toRows builds, written as text directly: the envelope
 * columns are serialised once per batch and shared by every line, and no row
 * object is ever made. A column whose value equals what ClickHouse fills in
 * for an omitted field ('' and 0 for columns without a DEFAULT expression,
 * NULL for Nullable ones, {} for the Map) is left out, which JSONEachRow's
 * input_format_defaults_for_omitted_fields (on by default) makes lossless:
 * rows get smaller, and both this process and ClickHouse parse less.
 * retention_days and sample_rate have DEFAULT expressions, so they are always written.
 */

const num = (n: number): string => (Number.isFinite(n) ? String(n) : 'null');
/** `,"name":"value"`, or nothing for ''. */
const textColumn = (name: string, value: string | undefined): string => (value ? `,"${name}":${JSON.stringify(value)}` : '');
/** `,"name":n`, or nothing for 0 (a column without a DEFAULT expression). */
const numberColumn = (name: string, value: number | undefined): string => (value ? `,"${name}":${num(value)}` : '');
/** A Nullable column: nothing for null; 0 is a value and is written. */
const nullableColumn = (name: string, value: number | undefined | null): string => (value === undefined || value === null ? '' : `,"${name}":${num(value)}`);

const envelopeText = (batch: ProcessedBatch): string =>
  textColumn('app', batch.app) +
  textColumn('received_at', toClickHouseTime(batch.received_at)) +
  textColumn('batch_id', batch.batch_id) +
  textColumn('session_id', batch.session_id) +
  textColumn('user_hash', batch.user_hash) +
  textColumn('release', batch.release) +
  textColumn('env', batch.env) +
  textColumn('sdk', batch.sdk) +
  textColumn('browser', batch.ua.browser) +
  numberColumn('browser_major', batch.ua.browser_major) +
  textColumn('os', batch.ua.os) +
  textColumn('device_class', batch.ua.device_class) +
  textColumn('connection', batch.client.connection) +
  numberColumn('viewport_width', batch.client.viewport_width) +
  numberColumn('viewport_height', batch.client.viewport_height) +
  numberColumn('device_memory', batch.client.device_memory) +
  numberColumn('cores', batch.client.cores) +
  numberColumn('clock_skew_ms', Math.round(batch.clock_skew_ms)) +
  `,"retention_days":${num(batch.retention_days)},"sample_rate":${num(batch.sample_rate)}`;

const placeText = (ts: number, place: EventPlace): string =>
  `{"time":"${toClickHouseTime(ts)}"${textColumn('page_id', place.page_id)}${textColumn('route', place.route)}${textColumn('url', place.url)}`;

const pageViewText = (event: ProcessedPage): string => {
  const t = event.timing;
  return (
    textColumn('kind', event.kind) +
    textColumn('nav', event.nav) +
    textColumn('referrer', event.referrer) +
    (t === undefined
      ? ''
      : nullableColumn('dns', t.dns) +
        nullableColumn('connect', t.connect) +
        nullableColumn('ttfb', t.ttfb) +
        nullableColumn('dom_interactive', t.dom_interactive) +
        nullableColumn('dom_content_loaded', t.dom_content_loaded) +
        nullableColumn('load', t.load) +
        nullableColumn('transfer_size', t.transfer_size))
  );
};

const vitalText = (event: RatedVital): string => {
  const a = event.attribution;
  return (
    textColumn('metric', event.name) +
    numberColumn('value', event.value) +
    numberColumn('delta', event.delta) +
    textColumn('rating', event.rating) +
    textColumn('metric_id', event.id) +
    textColumn('nav', event.nav) +
    (a === undefined
      ? ''
      : textColumn('selector', a.selector) +
        textColumn('resource_url', a.url) +
        textColumn('event_type', a.event) +
        nullableColumn('lcp_ttfb', a.ttfb) +
        nullableColumn('lcp_load_delay', a.load_delay) +
        nullableColumn('lcp_load_duration', a.load_duration) +
        nullableColumn('lcp_render_delay', a.render_delay) +
        nullableColumn('inp_input_delay', a.input_delay) +
        nullableColumn('inp_processing', a.processing) +
        nullableColumn('inp_presentation', a.presentation))
  );
};

/** Map(String, String) holds text only: numbers and booleans as their JSON text. */
const attrsText = (event: WorkflowEvent): string => {
  if (event.attrs === undefined) return '';
  let text = '';
  for (const key of Object.keys(event.attrs)) {
    text += `${text === '' ? '' : ','}${JSON.stringify(key)}:${JSON.stringify(String(event.attrs[key]))}`;
  }
  return text === '' ? '' : `,"attrs":{${text}}`;
};

const workflowRunText = (event: WorkflowEvent): string =>
  textColumn('workflow', event.name) +
  textColumn('run_id', event.run_id) +
  textColumn('outcome', event.outcome) +
  numberColumn('duration', event.duration) +
  nullableColumn('perceived', event.perceived) +
  numberColumn('step_count', event.steps?.length) +
  attrsText(event) +
  textColumn('error', event.error);

/**
 * The raw-table rows of a processed batch as JSONEachRow text, in
 * RAW_TABLES order, tables without rows left out. Row contents are those of
 * toRows (rows.ts), less the columns that equal their ClickHouse default.
 */
export const rowsText = (batch: ProcessedBatch, pages?: ReadonlyMap<string, PageRef>): TableText[] => {
  const envelope = envelopeText(batch);
  const placeOf = placeResolver(batch, pages);
  const text: Record<RawTable, string> = { page_views: '', vitals: '', workflow_runs: '', workflow_steps: '' };
  const count: Record<RawTable, number> = { page_views: 0, vitals: 0, workflow_runs: 0, workflow_steps: 0 };
  for (const event of batch.events) {
    const head = placeText(event.ts, placeOf(event)) + envelope;
    if (event.type === 'page') {
      text.page_views += `${head}${pageViewText(event)}}\n`;
      count.page_views += 1;
    } else if (event.type === 'vital') {
      text.vitals += `${head}${vitalText(event)}}\n`;
      count.vitals += 1;
    } else {
      text.workflow_runs += `${head}${workflowRunText(event)}}\n`;
      count.workflow_runs += 1;
      const run = textColumn('workflow', event.name) + textColumn('run_id', event.run_id) + textColumn('outcome', event.outcome);
      event.steps?.forEach((step, index) => {
        text.workflow_steps += `${head}${run}${textColumn('step', step.name)}${numberColumn('step_index', index)}${numberColumn('start', step.start)}${numberColumn('duration', step.duration)}}\n`;
      });
      count.workflow_steps += event.steps?.length ?? 0;
    }
  }
  return RAW_TABLES.filter((table) => count[table] > 0).map((table) => ({ table, rows: count[table], text: text[table] }));
};
