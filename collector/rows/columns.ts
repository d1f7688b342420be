import type { Attributes, PageEvent, WorkflowEvent } from '../../schema/index.js';
import type { ProcessedBatch, RatedVital } from '../pipeline/types.js';
import type { EventPlace } from './row-place.js';
import type { RawTable } from './tables.js';

/**
 * How a column is written as JSONEachRow, and when it is left out. A column is
 * left out when its value equals what ClickHouse fills in for an omitted
 * field, which input_format_defaults_for_omitted_fields (on by default) makes
 * lossless: rows get smaller, and both this process and ClickHouse parse less.
 * - `text`: a JSON string; left out when '' or absent (String, LowCardinality, UUID).
 * - `number`: left out when 0 or absent (plain numeric types); not finite → null.
 * - `nullable`: left out when absent or null (Nullable types); 0 is a value and is written.
 * - `always`: always written: the column has a DEFAULT expression, so leaving
 *   it out would store the default, not the batch's value.
 * - `time`: epoch ms, written as DateTime64 text (see time.ts).
 * - `map`: Map(String, String); values as their text; left out when empty.
 */
export type ColumnKind = 'text' | 'number' | 'nullable' | 'always' | 'time' | 'map';

interface ValueOf {
  text: string | undefined;
  number: number | undefined;
  nullable: number | null | undefined;
  always: number;
  time: number;
  map: Attributes | undefined;
}

/** One column of a raw table: its name and ClickHouse type (as `system.columns` shows it), and where its value comes from. */
export type Column<S> = { [K in ColumnKind]: { name: string; type: string; kind: K; value: (source: S) => ValueOf[K] } }[ColumnKind];

/** Where and when an event happened: the first columns of its row. */
export interface PlacedEvent {
  ts: number;
  place: EventPlace;
}

/** A workflow step with the run it belongs to: one row of `workflow_steps`. */
export interface StepOfRun {
  run: WorkflowEvent;
  step: NonNullable<WorkflowEvent['steps']>[number];
  index: number;
}

const column =
  <K extends ColumnKind>(kind: K) =>
  <S>(name: string, type: string, value: (source: S) => ValueOf[K]) =>
    ({ name, type, kind, value }) as Column<S>;
const text = column('text');
const number = column('number');
const nullable = column('nullable');
const always = column('always');
const time = column('time');
const map = column('map');

const LC = 'LowCardinality(String)';
const TIME = "DateTime64(3, 'UTC')";

/**
 * Where the event was: `time` first (it is always written, so row-text.ts
 * opens every row with it), then the page view it is filed under.
 */
export const PLACE_COLUMNS: readonly Column<PlacedEvent>[] = [
  time('time', TIME, (e) => e.ts),
  text('page_id', 'String', (e) => e.place.page_id),
  text('route', LC, (e) => e.place.route),
  text('url', 'String', (e) => e.place.url),
];

/** Columns every row of a batch shares: written once per batch. */
export const ENVELOPE_COLUMNS: readonly Column<ProcessedBatch>[] = [
  text('app', LC, (b) => b.app),
  time('received_at', TIME, (b) => b.received_at),
  text('batch_id', 'UUID', (b) => b.batch_id),
  text('session_id', 'String', (b) => b.session_id),
  text('user_hash', 'String', (b) => b.user_hash),
  text('release', LC, (b) => b.release),
  text('env', LC, (b) => b.env),
  text('sdk', LC, (b) => b.sdk),
  text('browser', LC, (b) => b.ua.browser),
  number('browser_major', 'UInt16', (b) => b.ua.browser_major),
  text('os', LC, (b) => b.ua.os),
  text('device_class', LC, (b) => b.ua.device_class),
  text('country', LC, (b) => b.country),
  text('device_model', LC, (b) => b.ua.device_model),
  text('connection', LC, (b) => b.client.connection),
  number('viewport_width', 'UInt16', (b) => b.client.viewport_width),
  number('viewport_height', 'UInt16', (b) => b.client.viewport_height),
  number('device_memory', 'Float32', (b) => b.client.device_memory),
  number('cores', 'UInt16', (b) => b.client.cores),
  number('clock_skew_ms', 'Int64', (b) => Math.round(b.clock_skew_ms)),
  always('retention_days', 'UInt16', (b) => b.retention_days),
  always('sample_rate', 'Float32', (b) => b.sample_rate),
];

export const PAGE_VIEW_COLUMNS: readonly Column<PageEvent>[] = [
  text('kind', LC, (e) => e.kind),
  text('prev_route', LC, (e) => e.prev_route),
  text('nav', LC, (e) => e.nav),
  text('referrer', 'String', (e) => e.referrer),
  nullable('dns', 'Nullable(Float32)', (e) => e.timing?.dns),
  nullable('connect', 'Nullable(Float32)', (e) => e.timing?.connect),
  nullable('ttfb', 'Nullable(Float32)', (e) => e.timing?.ttfb),
  nullable('dom_interactive', 'Nullable(Float32)', (e) => e.timing?.dom_interactive),
  nullable('dom_content_loaded', 'Nullable(Float32)', (e) => e.timing?.dom_content_loaded),
  nullable('load', 'Nullable(Float32)', (e) => e.timing?.load),
  nullable('transfer_size', 'Nullable(UInt64)', (e) => e.timing?.transfer_size),
];

export const VITAL_COLUMNS: readonly Column<RatedVital>[] = [
  text('metric', LC, (e) => e.name),
  number('value', 'Float64', (e) => e.value),
  number('delta', 'Float64', (e) => e.delta),
  text('rating', LC, (e) => e.rating),
  text('metric_id', 'String', (e) => e.id),
  text('nav', LC, (e) => e.nav),
  text('selector', 'String', (e) => e.attribution?.selector),
  text('resource_url', 'String', (e) => e.attribution?.url),
  text('event_type', LC, (e) => e.attribution?.event),
  nullable('lcp_ttfb', 'Nullable(Float32)', (e) => e.attribution?.ttfb),
  nullable('lcp_load_delay', 'Nullable(Float32)', (e) => e.attribution?.load_delay),
  nullable('lcp_load_duration', 'Nullable(Float32)', (e) => e.attribution?.load_duration),
  nullable('lcp_render_delay', 'Nullable(Float32)', (e) => e.attribution?.render_delay),
  nullable('inp_input_delay', 'Nullable(Float32)', (e) => e.attribution?.input_delay),
  nullable('inp_processing', 'Nullable(Float32)', (e) => e.attribution?.processing),
  nullable('inp_presentation', 'Nullable(Float32)', (e) => e.attribution?.presentation),
];

export const WORKFLOW_RUN_COLUMNS: readonly Column<WorkflowEvent>[] = [
  text('workflow', LC, (e) => e.name),
  text('run_id', 'String', (e) => e.run_id),
  text('outcome', LC, (e) => e.outcome),
  number('duration', 'Float64', (e) => e.duration),
  nullable('perceived', 'Nullable(Float64)', (e) => e.perceived),
  number('step_count', 'UInt16', (e) => e.steps?.length),
  map('attrs', 'Map(LowCardinality(String), String)', (e) => e.attrs),
  text('error', 'String', (e) => e.error),
];

export const WORKFLOW_STEP_COLUMNS: readonly Column<StepOfRun>[] = [
  text('workflow', LC, (s) => s.run.name),
  text('run_id', 'String', (s) => s.run.run_id),
  text('outcome', LC, (s) => s.run.outcome),
  text('step', LC, (s) => s.step.name),
  number('step_index', 'UInt16', (s) => s.index),
  number('start', 'Float64', (s) => s.step.start),
  number('duration', 'Float64', (s) => s.step.duration),
];

/** A column as the schema knows it, without its source. */
export interface ColumnShape {
  name: string;
  type: string;
  kind: ColumnKind;
}

const shapes = (...lists: readonly (readonly Column<never>[])[]): ColumnShape[] => lists.flat().map(({ name, type, kind }) => ({ name, type, kind }));

/**
 * Every column of each raw table, as this description has them: what the
 * row writer fills, and what test/integration/db-columns.test.ts checks
 * against `system.columns` after the migrations ran.
 */
export const RAW_TABLE_COLUMNS: Readonly<Record<RawTable, readonly ColumnShape[]>> = {
  page_views: shapes(PLACE_COLUMNS, ENVELOPE_COLUMNS, PAGE_VIEW_COLUMNS),
  vitals: shapes(PLACE_COLUMNS, ENVELOPE_COLUMNS, VITAL_COLUMNS),
  workflow_runs: shapes(PLACE_COLUMNS, ENVELOPE_COLUMNS, WORKFLOW_RUN_COLUMNS),
  workflow_steps: shapes(PLACE_COLUMNS, ENVELOPE_COLUMNS, WORKFLOW_STEP_COLUMNS),
};
