import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { LIMITS } from '../../schema/index.js';
import { exampleBatch, exampleEvents } from '../support/batches.js';
import { startCollector, type Collector } from '../support/http.js';

let collector: Collector;
beforeAll(async () => {
  collector = await startCollector();
});
afterAll(async () => {
  await collector.close();
});

const post = (body: unknown) =>
  collector.app.inject({ method: 'POST', url: '/v1/batch', headers: { 'content-type': 'application/json' }, payload: JSON.stringify(body) });

describe('batches', () => {
  it('keeps the valid events of a mixed batch and lists the others by index', async () => {
    const events: unknown[] = exampleEvents();
    events[1] = { ...(events[1] as object), value: -5 };
    events[4] = { ...(events[4] as object), surprise: true };
    events.push({ ...(events[0] as object), ts: Date.now() - LIMITS.maxAgeMs - 60_000 });
    const response = await post({ ...exampleBatch(), events });
    expect(response.statusCode).toBe(202);
    const body = response.json() as { accepted: number; rejected: { index: number; problems: { path: string; message: string }[] }[] };
    expect(body.accepted).toBe(5);
    expect(body.rejected.map((r) => r.index)).toEqual([1, 4, 7]);
    expect(body.rejected[1]!.problems).toEqual([{ path: 'events[4].surprise', message: 'unknown field' }]);
    expect(body.rejected[2]!.problems[0]!.path).toBe('events[7].ts');
  });

  it('answers 400 with the same list when no event is valid', async () => {
    const response = await post({ ...exampleBatch(), events: [{ type: 'vital' }, 'x'] });
    expect(response.statusCode).toBe(400);
    const { error } = response.json() as { error: { code: string; problems: { path: string }[]; rejected: { index: number }[] } };
    expect(error.code).toBe('no_valid_events');
    expect(error.rejected.map((r) => r.index)).toEqual([0, 1]);
    expect(error.problems.every((p) => p.path.startsWith('events['))).toBe(true);
  });

  it('refuses a bad envelope whole, naming every field', async () => {
    const response = await post({ ...exampleBatch(), batch_id: 'nope', session_id: 'x', extra: 1 });
    expect(response.statusCode).toBe(400);
    const { error } = response.json() as { error: { code: string; problems: { path: string }[] } };
    expect(error.code).toBe('invalid_envelope');
    expect(error.problems.map((p) => p.path).sort()).toEqual(['batch_id', 'extra', 'session_id']);
  });

  it('acknowledges a replayed batch with 202 and duplicate: true', async () => {
    const batch = exampleBatch();
    expect((await post(batch)).json()).toMatchObject({ accepted: 7, duplicate: false });
    const again = await post(batch);
    expect(again.statusCode).toBe(202);
    expect(again.json()).toMatchObject({ accepted: 7, duplicate: true });
  });

  it('counts events by outcome in /metrics', async () => {
    const text = (await collector.app.inject({ method: 'GET', url: '/metrics' })).body;
    expect(text).toMatch(/percept_events_total\{app="demo",outcome="stored",reason=""\} \d+/);
    expect(text).toMatch(/percept_events_total\{app="demo",outcome="duplicate",reason=""\} 7/);
    expect(text).toMatch(/percept_events_total\{app="demo",outcome="rejected",reason="stale"\} 1/);
    expect(text).toMatch(/percept_http_requests_total\{route="\/v1\/batch",method="POST",status="202"\} \d+/);
    expect(text).toMatch(/percept_spool_/);
  });
});
