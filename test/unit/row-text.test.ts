import { describe, expect, it } from 'vitest';
import type { ProcessedBatch, ProcessedEvent } from '../../collector/pipeline/types.js';
import { rowsText } from '../../collector/rows/row-text.js';
import { toRows } from '../../collector/rows/rows.js';
import { RAW_TABLES } from '../../collector/rows/tables.js';
import { rate } from '../../schema/index.js';
import { exampleBatch } from '../support/batches.js';

const NOW = Date.UTC(2026, 10, 1, 12, 0, 0, 0);

const processed = (overrides: Partial<ProcessedBatch> = {}): ProcessedBatch => {
  const batch = exampleBatch({}, NOW);
  return {
    app: batch.app, batch_id: batch.batch_id, session_id: batch.session_id, page_id: batch.page_id, url: 'https://shop.example/a"b\\c', route: '/a',
    received_at: NOW + 40, clock_skew_ms: 40.6, sdk: batch.sdk, release: batch.release!, env: batch.env!, client: batch.client!,
    ua: { browser: 'Chrome', browser_major: 130, os: 'Android', device_class: 'mobile' }, user_hash: 'ab12', retention_days: 400, sample_rate: 0.25,
    events: batch.events.map((e) => (e.type === 'vital' ? { ...e, rating: rate(e.name, e.value) } : e)) as ProcessedEvent[],
    ...overrides,
  };
};

/** Values ClickHouse fills in for a column left out of a JSONEachRow line (no DEFAULT expression). */
const isTypeDefault = (value: unknown) => value === '' || value === 0 || value === null || (typeof value === 'object' && Object.keys(value ?? {}).length === 0);

const expectSameRows = (batch: ProcessedBatch) => {
  const objects = toRows(batch);
  const texts = rowsText(batch);
  expect(texts.map((t) => t.table)).toEqual(RAW_TABLES.filter((table) => objects[table] !== undefined));
  for (const { table, rows, text } of texts) {
    const expected = objects[table]!;
    const lines = text.split('\n');
    expect(lines.pop()).toBe('');
    expect(rows).toBe(expected.length);
    lines.forEach((line, i) => {
      const parsed = JSON.parse(line) as Record<string, unknown>;
      const row = expected[i]!;
      for (const [column, value] of Object.entries(row)) {
        if (Object.hasOwn(parsed, column)) expect([column, parsed[column]]).toEqual([column, value]);
        else expect([column, isTypeDefault(value) && column !== 'retention_days' && column !== 'sample_rate']).toEqual([column, true]);
      }
      expect(Object.keys(parsed).filter((column) => !Object.hasOwn(row, column))).toEqual([]);
    });
  }
};

describe('rowsText writes the rows toRows makes', () => {
  it('for a full batch: every value the same, only default-valued columns left out', () => expectSameRows(processed()));

  it('for a sparse batch: zeros, empty strings, absent timings and empty attrs', () => {
    const events: ProcessedEvent[] = [
      { type: 'page', ts: NOW - 10, kind: 'route', nav: 'navigate', url: '/x', timing: { dns: 0, ttfb: 0 } },
      { type: 'vital', ts: NOW - 5, name: 'CLS', value: 0, delta: 0, id: 'v5-cls-1', nav: 'navigate', rating: rate('CLS', 0), attribution: { selector: '' } },
      { type: 'vital', ts: NOW - 4, name: 'LCP', value: 10, delta: 10, id: 'v5-lcp-1', nav: 'navigate', rating: rate('LCP', 10), page_id: 'page-other', url: '/y\u2028' },
      { type: 'workflow', ts: NOW - 3, name: 'w', run_id: 'run-1', outcome: 'error', duration: 0, attrs: {}, error: 'boom "quoted"', steps: [{ name: 's', start: 0, duration: 0 }] },
      { type: 'workflow', ts: NOW - 2, name: 'v', run_id: 'run-2', outcome: 'ok', duration: 5, steps: [] },
    ];
    expectSameRows(processed({ events, client: {}, release: '', env: '', user_hash: '', clock_skew_ms: -0.4, url: undefined, route: undefined, ua: { browser: '', browser_major: 0, os: '', device_class: 'unknown' } }));
  });

});
