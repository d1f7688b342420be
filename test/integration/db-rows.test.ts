import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Databases } from '../../collector/db/types.js';
import { ndjson, rowObjects } from '../support/rows.js';
import { RAW_TABLES } from '../../collector/rows/tables.js';
import { exampleBatch } from '../support/batches.js';
import { openMigrated, processed } from '../support/db-fixtures.js';

const NOW = Date.UTC(2026, 10, 1, 12, 0, 0, 0);
const batch = processed(exampleBatch({}, NOW), { user_hash: 'a1b2c3', retention_days: 400, sample_rate: 0.25 });
const rows = rowObjects(batch);

let dbs: Databases;
beforeAll(async () => {
  dbs = await openMigrated();
  for (const table of RAW_TABLES) await dbs.writer.insertNdjson(table, ndjson(rows[table] ?? []), `${batch.batch_id}:${table}`);
});
afterAll(() => dbs.close());

const select = <T>(sql: string) => dbs.reader.query<T>(sql, { batch: batch.batch_id });

describe('rows of the example batch in ClickHouse', () => {
  it('stores one row per page view, vital, workflow run and step', async () => {
    const counts = await select<{ t: string; n: number }>(
      `SELECT 'page_views' AS t, count() AS n FROM page_views WHERE batch_id = {batch:UUID}
       UNION ALL SELECT 'vitals', count() FROM vitals WHERE batch_id = {batch:UUID}
       UNION ALL SELECT 'workflow_runs', count() FROM workflow_runs WHERE batch_id = {batch:UUID}
       UNION ALL SELECT 'workflow_steps', count() FROM workflow_steps WHERE batch_id = {batch:UUID}`,
    );
    expect(Object.fromEntries(counts.map((row) => [row.t, row.n]))).toEqual({ page_views: 1, vitals: 5, workflow_runs: 1, workflow_steps: 2 });
  });

  it('keeps the envelope columns and the event time to the millisecond, in UTC', async () => {
    const [page] = await select<Record<string, unknown>>('SELECT * FROM page_views WHERE batch_id = {batch:UUID}');
    expect(page).toMatchObject({
      app: 'demo',
      time: '2026-11-01 11:59:55.000',
      received_at: '2026-11-01 12:00:00.040',
      batch_id: batch.batch_id,
      session_id: 'sess-0000000001',
      page_id: 'page-0000000001',
      user_hash: 'a1b2c3',
      release: '2026.11.1',
      env: 'production',
      sdk: '0.1.0',
      browser: 'Chrome',
      browser_major: 130,
      os: 'Android',
      device_class: 'mobile',
      connection: '4g',
      viewport_width: 1280,
      viewport_height: 800,
      device_memory: 8,
      cores: 8,
      clock_skew_ms: 40,
      retention_days: 400,
      sample_rate: 0.25,
      route: '/orders/:id',
      url: 'https://shop.example/orders/12345?utm_source=mail',
      kind: 'load',
      nav: 'navigate',
      referrer: 'https://www.example.org/',
      dns: 12,
      load: 1400,
      transfer_size: 14200,
    });
  });

  it('files vitals under their page view and keeps rating and attribution', async () => {
    const vitals = await select<Record<string, unknown>>('SELECT * FROM vitals WHERE batch_id = {batch:UUID} ORDER BY time');
    expect(vitals.map((row) => [row.metric, row.rating])).toEqual([
      ['TTFB', 'good'],
      ['FCP', 'good'],
      ['LCP', 'needs-improvement'],
      ['INP', 'needs-improvement'],
      ['CLS', 'good'],
    ]);
    for (const row of vitals) expect(row).toMatchObject({ route: '/orders/:id', url: 'https://shop.example/orders/12345?utm_source=mail' });
    expect(vitals[2]).toMatchObject({
      time: '2026-11-01 11:59:56.000',
      value: 2600,
      delta: 2600,
      metric_id: 'v5-lcp-000000001',
      selector: 'main>img.hero',
      resource_url: 'https://cdn.example/hero.avif',
      lcp_ttfb: 180,
      lcp_load_delay: 300,
      lcp_load_duration: 1600,
      lcp_render_delay: 520,
      inp_input_delay: null,
    });
    expect(vitals[3]).toMatchObject({ event_type: 'click', inp_input_delay: 20, inp_processing: 180, inp_presentation: 40, lcp_ttfb: null });
    expect(vitals[4]).toMatchObject({ value: 0.04, selector: 'div.banner' });
  });

  it('stores workflow runs with attributes as text and one row per step', async () => {
    const [run] = await select<Record<string, unknown>>('SELECT * FROM workflow_runs WHERE batch_id = {batch:UUID}');
    expect(run).toMatchObject({
      workflow: 'checkout',
      run_id: 'run-000000000001',
      outcome: 'ok',
      duration: 1850,
      perceived: 1900,
      step_count: 2,
      attrs: { plan: 'pro', items: '3', express: 'true' },
      error: '',
      route: '/orders/:id',
    });
    const steps = await select<Record<string, unknown>>(
      'SELECT step, step_index, start, duration, workflow, run_id, time FROM workflow_steps WHERE batch_id = {batch:UUID} ORDER BY step_index',
    );
    expect(steps).toEqual([
      { step: 'address', step_index: 0, start: 0, duration: 700, workflow: 'checkout', run_id: 'run-000000000001', time: '2026-11-01 11:59:57.000' },
      { step: 'payment', step_index: 1, start: 700, duration: 1150, workflow: 'checkout', run_id: 'run-000000000001', time: '2026-11-01 11:59:57.000' },
    ]);
  });
});

describe('rows of a batch', () => {
  it('takes route and url from a page view of an earlier batch when this batch has none', () => {
    const later = processed(exampleBatch({}, NOW));
    later.events = later.events.filter((event) => event.type === 'vital');
    const pages = new Map([['page-0000000001', { route: '/cart', url: 'https://shop.example/cart' }]]);
    expect(rowObjects(later, pages).vitals?.[0]).toMatchObject({ route: '/cart', url: 'https://shop.example/cart' });
    expect(rowObjects(later).vitals?.[0]).toMatchObject({ route: '', url: '' });
    expect(rowObjects(later).page_views).toBeUndefined();
  });

  it('uses the event page_id over the envelope one', () => {
    const moved = processed(exampleBatch({}, NOW));
    moved.events = moved.events.map((event) => (event.type === 'vital' ? { ...event, page_id: 'page-0000000000' } : event));
    expect(rowObjects(moved).vitals?.[0]).toMatchObject({ page_id: 'page-0000000000', route: '' });
  });
});
