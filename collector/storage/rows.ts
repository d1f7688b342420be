import type { Attribution, Attributes, PageEvent, WorkflowEvent } from '../../schema/index.js';
import type { ProcessedBatch, RatedVital } from '../pipeline/types.js';
import type { Row, TableRows } from './tables.js';
import { toClickHouseTime } from './time.js';

/** Where a page view was: what vitals and workflows of that page view are filed under. */
export interface PageRef {
  route: string;
  url: string;
}

/**
 * Turns a processed batch into rows of the raw tables: one per page view,
 * vital report, workflow run and workflow step, each with the envelope
 * columns (app, times, ids, release, env, coarse client fields, the app's
 * retention and sample rate, route, url).
 * Vitals and workflows are filed under their page view's url and route: their
 * own when they carry one (sent with a `page_id` override), else the page
 * event of this batch, else `pages` (page views the caller saw earlier), else
 * the envelope's when they belong to its page view, else ''.
 * Column names and types: schema/clickhouse/.
 */
export const toRows = (batch: ProcessedBatch, pages?: ReadonlyMap<string, PageRef>): TableRows => {
  const envelope = envelopeColumns(batch);
  const pagesInBatch = new Map<string, PageRef>();
  for (const event of batch.events) {
    if (event.type === 'page') pagesInBatch.set(event.page_id ?? batch.page_id, { route: event.route ?? '', url: event.url });
  }
  const envelopePage: PageRef | undefined =
    batch.url !== undefined || batch.route !== undefined ? { url: batch.url ?? '', route: batch.route ?? '' } : undefined;
  const base = (event: { ts: number; page_id?: string; url?: string; route?: string }): Row => {
    const page_id = event.page_id ?? batch.page_id;
    const page =
      event.url !== undefined || event.route !== undefined
        ? { url: event.url ?? '', route: event.route ?? '' }
        : (pagesInBatch.get(page_id) ?? pages?.get(page_id) ?? (page_id === batch.page_id ? envelopePage : undefined));
    return { ...envelope, time: toClickHouseTime(event.ts), page_id, route: page?.route ?? '', url: page?.url ?? '' };
  };

  const rows = { page_views: [] as Row[], vitals: [] as Row[], workflow_runs: [] as Row[], workflow_steps: [] as Row[] };
  for (const event of batch.events) {
    const row = base(event);
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
  for (const [table, list] of Object.entries(rows) as [keyof typeof rows, Row[]][]) if (list.length > 0) result[table] = list;
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

const pageView = (row: Row, event: PageEvent): Row => ({
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
