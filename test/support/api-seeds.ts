import { rate } from '../../schema/thresholds.js';
import type { MetricName } from '../../schema/events.js';
import type { Database } from '../../collector/db/types.js';
import { toClickHouseTime } from '../../collector/rows/time.js';

/** The day every seeded row falls on; queries ask for it with from=to=DAY. */
export const DAY = '2026-11-10';
const NOON = Date.parse(`${DAY}T12:00:00Z`);

export interface VitalSeed {
  app: string;
  metric: MetricName;
  value: number;
  metricId: string;
  pageId?: string;
  env?: string;
  route?: string;
  release?: string;
  deviceClass?: string;
  country?: string;
  sampleRate?: number;
  /** ms after noon of DAY. */
  at?: number;
  /** ms after `at` when the report was received. Later reports of one metric_id win. */
  receivedAfter?: number;
  selector?: string;
  resourceUrl?: string;
  eventType?: string;
  parts?: Record<string, number>;
}

/** A vitals row as the collector writes it (the envelope columns the API reads; the rest take their defaults). */
export const vitalRow = (seed: VitalSeed): Record<string, unknown> => {
  const time = NOON + (seed.at ?? 0);
  return {
    app: seed.app,
    time: toClickHouseTime(time),
    received_at: toClickHouseTime(time + (seed.receivedAfter ?? 1000)),
    session_id: `s-${seed.pageId ?? seed.metricId}`,
    page_id: seed.pageId ?? `p-${seed.metricId}`,
    release: seed.release ?? '1.0.0',
    env: seed.env ?? 'production',
    browser: 'Chrome',
    os: 'Android',
    device_class: seed.deviceClass ?? 'mobile',
    country: seed.country ?? '',
    connection: '4g',
    sample_rate: seed.sampleRate ?? 1,
    retention_days: 3650,
    route: seed.route ?? '/',
    metric: seed.metric,
    value: seed.value,
    delta: seed.value,
    rating: rate(seed.metric, seed.value),
    metric_id: seed.metricId,
    selector: seed.selector ?? '',
    resource_url: seed.resourceUrl ?? '',
    event_type: seed.eventType ?? '',
    ...seed.parts,
  };
};

export interface PageViewSeed {
  app: string;
  pageId: string;
  release: string;
  at: number;
  sampleRate?: number;
  route?: string;
}

export const pageViewRow = (seed: PageViewSeed): Record<string, unknown> => ({
  app: seed.app,
  time: toClickHouseTime(NOON + seed.at),
  received_at: toClickHouseTime(NOON + seed.at + 1000),
  session_id: `s-${seed.pageId}`,
  page_id: seed.pageId,
  release: seed.release,
  env: 'production',
  device_class: 'mobile',
  sample_rate: seed.sampleRate ?? 1,
  retention_days: 3650,
  route: seed.route ?? '/',
  kind: 'load',
});

let inserts = 0;
/** Inserts rows straight into a raw table, as the flusher would. */
export const insertRows = async (db: Database, table: string, rows: readonly Record<string, unknown>[]): Promise<void> => {
  inserts += 1;
  await db.insertNdjson(table, rows.map((row) => JSON.stringify(row)).join('\n') + '\n', `api-seed-${process.pid}-${inserts}`);
};

/** n values spread evenly: step, 2·step, … n·step. */
export const evenly = (n: number, step: number): number[] => Array.from({ length: n }, (_, i) => (i + 1) * step);
