import type { Attribution, Attributes, WorkflowEvent } from '../../schema/index.js';
import type { ProcessedBatch, ProcessedPage, RatedVital } from '../pipeline/types.js';
import { placeResolver, type PageRef } from './row-place.js';
import type { RawTable, Row, TableRows } from './tables.js';
import { toClickHouseTime } from './time.js';

export type { PageRef } from './row-place.js';

/**
 * Turns a processed batch into rows of the raw tables: one per page view,
 * vital report, workflow run and workflow step, each with the envelope
 * columns (app, times, ids, release, env, coarse client fields, the app's
 * retention and sample rate, route, url).
 * Vitals and workflows are filed under their page view's url and route (see
 * placeResolver in row-place.ts).
 * The ingest path does not build these objects: it writes the same rows as
 * text straight from the batch (rowsText in row-text.ts); analysts' tools and
 * tests use these. Column names and types: schema/clickhouse/.
 */
export const toRows = (batch: ProcessedBatch, pages?: ReadonlyMap<string, PageRef>): TableRows => {
  const envelope = envelopeColumns(batch);
  const placeOf = placeResolver(batch, pages);
  const rows: Record<RawTable, Row[]> = { page_views: [], vitals: [], workflow_runs: [], workflow_steps: [] };
  for (const event of batch.events) {
    const row: Row = { ...envelope, time: toClickHouseTime(event.ts), ...placeOf(event) };
    if (event.type === 'page') rows.page_views.push(pageView(row, event));
    else if (event.type === 'vital') rows.vitals.push(vital(row, event));
    else {
      rows.workflow_runs.push(workflowRun(row, event));
      event.steps?.forEach((step, index) =>
        rows.workflow_steps.push({
          ...row,
          workflow: event.name,
          run_id: event.run_id,
          outcome: event.outcome,
          step: step.name,
          step_index: index,
          start: step.start,
          duration: step.duration,
        }),
      );
    }
  }
  const result: TableRows = {};
  for (const [table, list] of Object.entries(rows) as [RawTable, Row[]][]) if (list.length > 0) result[table] = list;
  return result;
};

/** Rows (of any table, e.g. {@link Row}s) as JSONEachRow: one JSON object per line, each ending in `\n`. */
export const serializeRows = (rows: readonly Readonly<Record<string, unknown>>[]): string => {
  let text = '';
  for (const row of rows) text += `${JSON.stringify(row)}\n`;
  return text;
};

/** Columns every row of the batch shares. Unknown client fields are 0 or '', as the columns are not Nullable. */
const envelopeColumns = (batch: ProcessedBatch): Row => ({
  app: batch.app,
  received_at: toClickHouseTime(batch.received_at),
  batch_id: batch.batch_id,
  session_id: batch.session_id,
  user_hash: batch.user_hash,
  release: batch.release,
  env: batch.env,
  sdk: batch.sdk,
  browser: batch.ua.browser,
  browser_major: batch.ua.browser_major,
  os: batch.ua.os,
  device_class: batch.ua.device_class,
  connection: batch.client.connection ?? '',
  viewport_width: batch.client.viewport_width ?? 0,
  viewport_height: batch.client.viewport_height ?? 0,
  device_memory: batch.client.device_memory ?? 0,
  cores: batch.client.cores ?? 0,
  clock_skew_ms: Math.round(batch.clock_skew_ms),
  retention_days: batch.retention_days,
  sample_rate: batch.sample_rate,
});

const pageView = (row: Row, event: ProcessedPage): Row => ({
  ...row,
  route: event.route ?? '',
  url: event.url,
  kind: event.kind,
  nav: event.nav,
  referrer: event.referrer ?? '',
  dns: event.timing?.dns ?? null,
  connect: event.timing?.connect ?? null,
  ttfb: event.timing?.ttfb ?? null,
  dom_interactive: event.timing?.dom_interactive ?? null,
  dom_content_loaded: event.timing?.dom_content_loaded ?? null,
  load: event.timing?.load ?? null,
  transfer_size: event.timing?.transfer_size ?? null,
});

const vital = (row: Row, event: RatedVital): Row => {
  const a: Attribution = event.attribution ?? {};
  return {
    ...row,
    metric: event.name,
    value: event.value,
    delta: event.delta,
    rating: event.rating,
    metric_id: event.id,
    nav: event.nav,
    selector: a.selector ?? '',
    resource_url: a.url ?? '',
    event_type: a.event ?? '',
    lcp_ttfb: a.ttfb ?? null,
    lcp_load_delay: a.load_delay ?? null,
    lcp_load_duration: a.load_duration ?? null,
    lcp_render_delay: a.render_delay ?? null,
    inp_input_delay: a.input_delay ?? null,
    inp_processing: a.processing ?? null,
    inp_presentation: a.presentation ?? null,
  };
};

const workflowRun = (row: Row, event: WorkflowEvent): Row => ({
  ...row,
  workflow: event.name,
  run_id: event.run_id,
  outcome: event.outcome,
  duration: event.duration,
  perceived: event.perceived ?? null,
  step_count: event.steps?.length ?? 0,
  attrs: stringAttributes(event.attrs),
  error: event.error ?? '',
});

/** Map(String, String) holds text only: numbers and booleans as their JSON text. */
const stringAttributes = (attrs: Attributes | undefined): Record<string, string> => {
  const out: Record<string, string> = {};
  for (const [key, value] of Object.entries(attrs ?? {})) out[key] = String(value);
  return out;
};
