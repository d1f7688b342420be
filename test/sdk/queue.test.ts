import { afterEach, beforeEach, expect, test, vi } from 'vitest';
import type { Event } from '../../schema/index.js';
import { createQueue } from '../../sdk/queue.js';

const event = (ts: number): Event => ({ type: 'page', ts, kind: 'route', nav: 'navigate', url: 'https://a.example/' });

beforeEach(() => vi.useFakeTimers());
afterEach(() => vi.useRealTimers());

test('flushes when the size limit is reached', () => {
  const drained: number[][] = [];
  const q = createQueue(3, 5000, (events) => drained.push(events.map((e) => e.ts)) > 0);
  q._push(event(1));
  q._push(event(2));
  expect(drained).toEqual([]);
  q._push(event(3));
  expect(drained).toEqual([[1, 2, 3]]);
});

test('flushes on the timer, counted from the first event held', () => {
  const drained: number[][] = [];
  const q = createQueue(50, 5000, (events) => drained.push(events.map((e) => e.ts)) > 0);
  q._push(event(1));
  vi.advanceTimersByTime(3000);
  q._push(event(2));
  vi.advanceTimersByTime(1999);
  expect(drained).toEqual([]);
  vi.advanceTimersByTime(1);
  expect(drained).toEqual([[1, 2]]);
  vi.advanceTimersByTime(60_000);
  expect(drained).toHaveLength(1);
});

test('keeps events when the drain refuses them (consent pending), bounded', () => {
  let open = false;
  const drained: Event[][] = [];
  const q = createQueue(50_000, 5000, (events) => open && drained.push(events) > 0);
  for (let i = 0; i < 600; i++) q._push(event(i));
  vi.advanceTimersByTime(5000);
  expect(drained).toEqual([]);
  open = true;
  q._flush();
  expect(drained[0]).toHaveLength(500);
  expect(drained[0]![0]!.ts).toBe(0);
});

test('a later report of a held metric replaces it; its delta counts from the value last sent', () => {
  const drained: Event[][] = [];
  const q = createQueue(50, 5000, (events) => drained.push(events) > 0);
  const inp = (value: number, delta: number): Event => ({ type: 'vital', ts: value, name: 'INP', value, delta, id: '12345678', nav: 'navigate' });
  const cls = (value: number, delta: number): Event => ({ type: 'vital', ts: value, name: 'CLS', value, delta, id: '87654321', nav: 'navigate' });
  q._push(inp(100, 100));
  q._push(cls(0.1, 0.1));
  q._push(inp(300, 200));
  q._push(cls(0.3, 0.2));
  q._flush(true);
  expect(drained[0]).toMatchObject([
    { name: 'INP', value: 300, delta: 300 },
    { name: 'CLS', value: 0.3, delta: 0.3 },
  ]);
  // Once sent, the next report is a new event whose delta is relative to what was sent.
  q._push(inp(400, 100));
  q._flush(true);
  expect(drained[1]).toMatchObject([{ value: 400, delta: 100 }]);
});

test('INP waits for the hide: timer and size flushes send everything else, the hide sends it once', () => {
  const drained: Event[][] = [];
  const q = createQueue(3, 5000, (events) => drained.push(events) > 0);
  const inp = (value: number, delta: number): Event => ({ type: 'vital', ts: value, name: 'INP', value, delta, id: '12345678', nav: 'navigate' });
  q._push(inp(100, 100));
  vi.advanceTimersByTime(60_000);
  expect(drained).toEqual([]);
  q._push(event(1));
  q._push(inp(250, 150));
  vi.advanceTimersByTime(5000);
  expect(drained).toMatchObject([[{ type: 'page' }]]);
  q._push(event(2));
  q._push(event(3));
  q._push(event(4));
  expect(drained[1]).toMatchObject([{ ts: 2 }, { ts: 3 }]);
  q._flush(true);
  expect(drained[2]).toMatchObject([{ name: 'INP', value: 250, delta: 250 }, { ts: 4 }]);
  expect(drained.flat().filter((e) => e.type === 'vital')).toHaveLength(1);
});

test('holds one record per workflow run: a later record of a held run replaces it; page views are never merged', () => {
  const drained: Event[][] = [];
  const q = createQueue(50, 5000, (events) => drained.push(events) > 0);
  const run = (outcome: 'abandoned' | 'ok', duration: number): Event => ({
    type: 'workflow',
    ts: 0,
    name: 'report',
    run_id: 'run-0000000001',
    outcome,
    duration,
  });
  q._push(event(1));
  q._push(run('abandoned', 300));
  q._push(event(2));
  q._push(run('ok', 5000));
  q._flush(true);
  expect(drained[0]!.map((e) => (e.type == 'workflow' ? [e.outcome, e.duration] : e.ts))).toEqual([1, 2, ['ok', 5000]]);
  expect(drained[0]!.find((e) => e.type == 'workflow')).not.toHaveProperty('delta');
});
