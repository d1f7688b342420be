import { describe, expect, it } from 'vitest';
import type { ProcessedBatch, ProcessedEvent } from '../../collector/pipeline/types.js';
import { RAW_TABLE_COLUMNS, type ColumnKind } from '../../collector/rows/columns.js';
import { rowsText } from '../../collector/rows/row-text.js';
import type { RawTable } from '../../collector/rows/tables.js';
import { rate } from '../../schema/index.js';
import { exampleBatch } from '../support/batches.js';

const NOW = Date.UTC(2026, 10, 1, 12, 0, 0, 0);

const processed = (overrides: Partial<ProcessedBatch> = {}): ProcessedBatch => {
  const batch = exampleBatch({}, NOW);
  return {
    app: batch.app,
    batch_id: batch.batch_id,
    session_id: batch.session_id,
    page_id: batch.page_id,
    url: 'https://shop.example/a"b\\c',
    route: '/a',
    received_at: NOW + 40,
    clock_skew_ms: 40.6,
    sdk: batch.sdk,
    release: batch.release!,
    env: batch.env!,
    client: batch.client!,
    ua: { browser: 'Chrome', browser_major: 130, os: 'Android', device_class: 'mobile' },
    user_hash: 'ab12',
    retention_days: 400,
    sample_rate: 0.25,
    events: batch.events.map((e) => (e.type === 'vital' ? { ...e, rating: rate(e.name, e.value) } : e)) as ProcessedEvent[],
    ...overrides,
  };
};

/** True when `value` is what ClickHouse fills in for a column of this kind left out of a JSONEachRow line. */
const isFillIn = (kind: ColumnKind | undefined, value: unknown) =>
  kind === 'text'
    ? value === ''
    : kind === 'number'
      ? value === 0
      : kind === 'nullable'
        ? value === null
        : kind === 'map'
          ? Object.keys(value ?? {}).length === 0
          : false;

/** Each table's rows as parsed lines, after checking the lines against the column description. */
const writtenRows = (batch: ProcessedBatch): Partial<Record<RawTable, Record<string, unknown>[]>> => {
  const out: Partial<Record<RawTable, Record<string, unknown>[]>> = {};
  for (const { table, rows, text } of rowsText(batch)) {
    const lines = text.split('\n');
    expect(lines.pop()).toBe('');
    expect(lines).toHaveLength(rows);
    const columns = new Map(RAW_TABLE_COLUMNS[table].map((c) => [c.name, c.kind]));
    out[table] = lines.map((line) => {
      const parsed = JSON.parse(line) as Record<string, unknown>;
      for (const [column, value] of Object.entries(parsed)) {
        expect([table, column, columns.has(column)]).toEqual([table, column, true]);
        expect([column, isFillIn(columns.get(column), value)]).toEqual([column, false]);
      }
      for (const [column, kind] of columns) if (kind === 'always' || kind === 'time') expect([column, Object.hasOwn(parsed, column)]).toEqual([column, true]);
      return parsed;
    });
  }
  return out;
};

describe('rowsText writes rows as the column description says', () => {
  it('for a full batch: every value as sent, one row per page view, vital, run and step', () => {
    const rows = writtenRows(processed());
    expect(Object.keys(rows)).toEqual(['page_views', 'vitals', 'workflow_runs', 'workflow_steps']);
    expect(rows.vitals).toHaveLength(5);
    expect(rows.vitals![0]).toMatchObject({
      app: 'demo',
      url: 'https://shop.example/orders/12345?utm_source=mail',
      route: '/orders/:id',
      received_at: '2026-11-01 12:00:00.040',
      clock_skew_ms: 41,
      browser: 'Chrome',
      browser_major: 130,
      os: 'Android',
      device_class: 'mobile',
      user_hash: 'ab12',
      retention_days: 400,
      sample_rate: 0.25,
    });
    expect(rows.workflow_steps!.map((row) => [row.step, row.step_index ?? 0])).toEqual([
      ['address', 0],
      ['payment', 1],
    ]);
  });

  it('for a sparse batch: zeros, empty strings, absent timings and empty attrs are left out; a Nullable 0 is kept', () => {
    const events: ProcessedEvent[] = [
      { type: 'page', ts: NOW - 10, kind: 'route', nav: 'navigate', url: '/x', timing: { dns: 0, ttfb: 0 } },
      { type: 'vital', ts: NOW - 5, name: 'CLS', value: 0, delta: 0, id: 'v5-cls-1', nav: 'navigate', rating: rate('CLS', 0), attribution: { selector: '' } },
      {
        type: 'vital',
        ts: NOW - 4,
        name: 'LCP',
        value: 10,
        delta: 10,
        id: 'v5-lcp-1',
        nav: 'navigate',
        rating: rate('LCP', 10),
        page_id: 'page-other',
        url: '/y\u2028',
      },
      {
        type: 'workflow',
        ts: NOW - 3,
        name: 'w',
        run_id: 'run-1',
        outcome: 'error',
        duration: 0,
        attrs: {},
        error: 'boom "quoted"',
        steps: [{ name: 's', start: 0, duration: 0 }],
      },
      { type: 'workflow', ts: NOW - 2, name: 'v', run_id: 'run-2', outcome: 'ok', duration: 5, steps: [], attrs: { n: 2, ok: true } },
    ];
    const rows = writtenRows(
      processed({
        events,
        client: {},
        release: '',
        env: '',
        user_hash: '',
        clock_skew_ms: -0.4,
        url: undefined,
        route: undefined,
        ua: { browser: '', browser_major: 0, os: '', device_class: 'unknown' },
      }),
    );
    expect(rows.page_views![0]).toMatchObject({ dns: 0, ttfb: 0, url: '/x' });
    expect(rows.page_views![0]).not.toHaveProperty('connect');
    expect(rows.vitals![0]).not.toHaveProperty('value');
    expect(rows.vitals![0]).not.toHaveProperty('selector');
    expect(rows.vitals![1]).toMatchObject({ page_id: 'page-other', url: '/y\u2028' });
    expect(rows.workflow_runs![0]).toMatchObject({ error: 'boom "quoted"' });
    expect(rows.workflow_runs![0]).not.toHaveProperty('attrs');
    expect(rows.workflow_runs![1]).toMatchObject({ attrs: { n: '2', ok: 'true' } });
    expect(rows.workflow_runs![1]).not.toHaveProperty('step_count');
    expect(rows.workflow_steps).toHaveLength(1);
  });
});
