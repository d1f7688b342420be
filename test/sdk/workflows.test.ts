import { afterEach, beforeEach, expect, test, vi } from 'vitest';
import type { PageEvent, WorkflowEvent } from '../../schema/index.js';
import { workflowEventSchema } from '../../schema/index.js';
import { createWorkflows } from '../../sdk/workflows.js';

const view: PageEvent = { type: 'page', ts: 0, page_id: 'page-000001', kind: 'load', nav: 'navigate', url: 'https://a.example/' };
let events: (WorkflowEvent & { _v?: PageEvent })[];
const make = (timeoutMs = 60_000) =>
  createWorkflows(
    (e) => events.push(e as WorkflowEvent),
    () => view,
    timeoutMs,
  );

beforeEach(() => {
  vi.useFakeTimers();
  events = [];
});
afterEach(() => vi.useRealTimers());

test('ok: steps, attributes, duration to end() and perceived to the next paint', () => {
  const w = make()._start('checkout', { attrs: { plan: 'pro' } });
  w.step('address');
  vi.advanceTimersByTime(700);
  w.step('payment');
  w.set('items', 3);
  vi.advanceTimersByTime(1150);
  w.end();
  expect(events).toHaveLength(1);
  const e = events[0]!;
  expect(e).toMatchObject({
    name: 'checkout',
    outcome: 'ok',
    duration: 1850,
    _v: view,
    attrs: { plan: 'pro', items: 3 },
    steps: [
      { name: 'address', start: 0, duration: 700 },
      { name: 'payment', start: 700, duration: 1150 },
    ],
  });
  expect(e.perceived).toBeUndefined();
  vi.advanceTimersByTime(40);
  expect(e.perceived).toBeGreaterThan(1850);
  const { _v, ...wire } = e;
  expect(workflowEventSchema.safeParse(wire).success).toBe(true);
});

test('error keeps the message; a second end() is ignored', () => {
  const w = make()._start('upload');
  w.end('error', new Error('quota exceeded'));
  w.end('ok');
  expect(events).toMatchObject([{ outcome: 'error', error: 'quota exceeded' }]);
});

test('a run started from a user event starts at the event timeStamp', () => {
  vi.advanceTimersByTime(1000);
  const event = new Event('click');
  Object.defineProperty(event, 'timeStamp', { value: performance.now() - 120 });
  const w = make()._start('search', { event });
  vi.advanceTimersByTime(80);
  w.end();
  expect(events[0]!.duration).toBe(200);
});

test('runs open at page hide get a provisional abandoned record, once per hidden spell, without a perceived time', () => {
  const wf = make();
  wf._start('a');
  wf._start('b').end();
  wf._hide();
  expect(events.map((e) => [e.name, e.outcome, e.perceived])).toEqual([
    ['b', 'ok', undefined],
    ['a', 'abandoned', undefined],
  ]);
  // pagehide after the visibility change: nothing new.
  wf._hide();
  expect(events).toHaveLength(2);
});

test('a tab switch is not abandonment: the run ends later with its real outcome and duration, same run_id', () => {
  const wf = make();
  const run = wf._start('report');
  run.step('query');
  vi.advanceTimersByTime(300);
  wf._hide();
  expect(events).toHaveLength(1);
  const provisional = events[0]!;
  expect(provisional).toMatchObject({ outcome: 'abandoned', duration: 300, steps: [{ name: 'query', start: 0, duration: 300 }] });
  vi.advanceTimersByTime(4700);
  wf._show();
  run.end();
  vi.advanceTimersByTime(40);
  const final = events.at(-1)!;
  expect(final).toMatchObject({ run_id: provisional.run_id, outcome: 'ok', duration: 5000, steps: [{ name: 'query', start: 0, duration: 5000 }] });
  expect(final.perceived).toBeGreaterThanOrEqual(5000);
  // Hidden and shown again: the next hide records the still-open run anew, with its longer duration.
  const other = wf._start('export');
  wf._hide();
  vi.advanceTimersByTime(1000);
  wf._show();
  wf._hide();
  expect(events.filter((e) => e.name == 'export').map((e) => e.duration)).toEqual([0, 1000]);
  other.end('error', 'boom');
  expect(events.at(-1)).toMatchObject({ name: 'export', outcome: 'error', duration: 1000 });
});

test('a record handed on before its paint is queued again with perceived, under the same run_id', () => {
  const wf = make();
  wf._start('save').end();
  const first = events[0]!;
  expect(first.perceived).toBeUndefined();
  vi.advanceTimersByTime(40);
  expect(events).toHaveLength(2);
  expect(events[1]).toBe(first);
  expect(first.perceived).toBeDefined();
});

test('a run open past its timeout ends as timeout; a per-run timeout wins', () => {
  const wf = make(10_000);
  wf._start('slow');
  wf._start('quick', { timeoutMs: 2000 });
  vi.advanceTimersByTime(2000);
  expect(events.map((e) => [e.name, e.outcome, e.duration])).toEqual([['quick', 'timeout', 2000]]);
  vi.advanceTimersByTime(8000);
  expect(events.map((e) => e.outcome)).toEqual(['timeout', 'timeout']);
});

test('measure: returns the task result, records ok or error, rethrows the task error', async () => {
  const wf = make();
  const p = wf._measure('load-cart', new Promise((r) => setTimeout(() => r(42), 300)));
  vi.advanceTimersByTime(300);
  await expect(p).resolves.toBe(42);
  expect(events[0]).toMatchObject({ name: 'load-cart', outcome: 'ok', duration: 300 });

  expect(wf._measure('sync', () => 'value')).toBe('value');
  const failing = wf._measure('fails', () => Promise.reject(new Error('boom')));
  await expect(failing).rejects.toThrow('boom');
  expect(() =>
    wf._measure('throws', () => {
      throw new Error('bad');
    }),
  ).toThrow('bad');
  await Promise.resolve();
  expect(Object.fromEntries(events.map((e) => [e.name, e.outcome]))).toEqual({
    'load-cart': 'ok',
    sync: 'ok',
    fails: 'error',
    throws: 'error',
  });
});
