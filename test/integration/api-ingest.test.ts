import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Collector } from '../support/http.js';
import { apiGet, startApiCollector, TOKENS, type ApiAnswer } from '../support/api.js';
import { DAY, insertRows } from '../support/api-seeds.js';

let collector: Collector;
const minute = (time: string) => `${DAY} ${time}:00`;

beforeAll(async () => {
  collector = await startApiCollector();
  // Counter rows are deltas: two rows of one key add up (the table is a SummingMergeTree).
  await insertRows(collector.app.db.writer, 'ingest_counters', [
    { app: 'shop', minute: minute('09:01'), outcome: 'accepted', reason: '', count: 100 },
    { app: 'shop', minute: minute('09:01'), outcome: 'accepted', reason: '', count: 20 },
    { app: 'shop', minute: minute('09:59'), outcome: 'rejected', reason: 'invalid', count: 3 },
    { app: 'shop', minute: minute('09:30'), outcome: 'dropped', reason: 'sampled_out', count: 40 },
    { app: 'shop', minute: minute('10:00'), outcome: 'rejected', reason: 'stale', count: 2 },
    { app: 'shop', minute: minute('10:05'), outcome: 'dropped', reason: 'duplicate', count: 5 },
    { app: 'blog', minute: minute('09:01'), outcome: 'accepted', reason: '', count: 999 },
    { app: 'shop', minute: '2026-11-12 00:00:00', outcome: 'accepted', reason: '', count: 7 },
  ]);
});
afterAll(async () => {
  await collector.close();
});

type Ingest = ApiAnswer<{ grain: string; points: { t: string; accepted: number; rejected: number; dropped: number; reasons: Record<string, number> }[] }>;

describe('ingest', () => {
  it('sums accepted, rejected and dropped events per hour, with reasons', async () => {
    const response = await apiGet(collector, `ingest?app=shop&from=${DAY}&to=${DAY}`, TOKENS.shop);
    expect(response.statusCode).toBe(200);
    const { data } = response.json() as Ingest;
    expect(data).toEqual({
      grain: 'hour',
      points: [
        { t: `${DAY}T09:00:00Z`, accepted: 120, rejected: 3, dropped: 40, reasons: { invalid: 3, sampled_out: 40 } },
        { t: `${DAY}T10:00:00Z`, accepted: 0, rejected: 2, dropped: 5, reasons: { stale: 2, duplicate: 5 } },
      ],
    });
  });

  it('sums per day for longer ranges, and as CSV', async () => {
    const { data } = (await apiGet(collector, `ingest?app=shop&from=${DAY}&to=2026-11-12`, TOKENS.shop)).json() as Ingest;
    expect(data.grain).toBe('day');
    expect(data.points.map((p) => [p.t, p.accepted])).toEqual([
      [`${DAY}T00:00:00Z`, 120],
      ['2026-11-12T00:00:00Z', 7],
    ]);
    const csv = await apiGet(collector, `ingest?app=shop&from=${DAY}&to=${DAY}`, TOKENS.shop, { accept: 'text/csv' });
    expect(csv.body.split('\r\n').slice(0, 3)).toEqual([
      't,accepted,rejected,dropped,reason_duplicate,reason_invalid,reason_sampled_out,reason_stale',
      `${DAY}T09:00:00Z,120,3,40,0,3,40,0`,
      `${DAY}T10:00:00Z,0,2,5,5,0,0,2`,
    ]);
  });
});

describe('/api/v1/openapi.json', () => {
  it('describes every endpoint without a token', async () => {
    const response = await apiGet(collector, 'openapi.json');
    expect(response.statusCode).toBe(200);
    const document = response.json() as { openapi: string; paths: Record<string, { get: { parameters: { name: string; in: string; required?: boolean }[] } }> };
    expect(document.openapi).toBe('3.1.0');
    expect(Object.keys(document.paths)).toEqual(
      expect.arrayContaining(['/apps', '/vitals/summary', '/vitals/breakdown', '/vitals/series', '/vitals/attribution', '/releases', '/ingest']),
    );
    const breakdown = document.paths['/vitals/breakdown']!.get.parameters;
    expect(breakdown.find((p) => p.name === 'app')).toMatchObject({ in: 'query', required: true });
    expect(breakdown.map((p) => p.name)).toEqual(expect.arrayContaining(['from', 'to', 'route', 'device_class', 'by', 'metric', 'minSamples', 'format']));
    expect(document.paths['/ingest']!.get.parameters.map((p) => p.name)).toEqual(['app', 'from', 'to', 'format']);
    expect(document.paths['/workflow']!.get.parameters.find((p) => p.name === 'name')).toMatchObject({ in: 'query', required: true });
    expect(document.paths['/workflow']!.get.parameters.find((p) => p.name === 'by')).toMatchObject({ in: 'query', required: false });
  });
});
