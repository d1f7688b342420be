import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { batchSchema, checkEnvelope, checkEvent, type Event } from '../../schema/index.js';
import { exampleBatch, exampleEvents } from '../support/batches.js';

const byType = (type: Event['type']) => exampleEvents().filter((e) => e.type === type);

describe('the wire contract accepts', () => {
  it('a complete example batch, unchanged', () => {
    const batch = exampleBatch();
    const parsed = batchSchema.parse(JSON.parse(JSON.stringify(batch)));
    expect(parsed).toEqual(batch);
  });

  it.each(['page', 'vital', 'workflow'] as const)('every %s event of the example, unchanged', (type) => {
    const events = byType(type);
    expect(events.length).toBeGreaterThan(0);
    for (const [i, event] of events.entries()) {
      const verdict = checkEvent(JSON.parse(JSON.stringify(event)), i);
      expect(verdict).toEqual({ ok: true, value: event });
    }
  });

  it('each of the five metrics', () => {
    const names = byType('vital').map((e) => (e.type === 'vital' ? e.name : ''));
    expect(names.sort()).toEqual(['CLS', 'FCP', 'INP', 'LCP', 'TTFB']);
  });
});

const vital = (patch: Record<string, unknown>) => ({
  type: 'vital',
  ts: 1_700_000_000_000,
  name: 'LCP',
  value: 1000,
  delta: 1000,
  id: 'v5-metric-0001',
  nav: 'navigate',
  ...patch,
});
const workflow = (patch: Record<string, unknown>) => ({
  type: 'workflow',
  ts: 1_700_000_000_000,
  name: 'checkout',
  run_id: 'run-00000001',
  outcome: 'ok',
  duration: 10,
  ...patch,
});
const page = (patch: Record<string, unknown>) => ({
  type: 'page',
  ts: 1_700_000_000_000,
  kind: 'load',
  nav: 'navigate',
  url: 'https://a.example/',
  ...patch,
});

/** [what is wrong, the event, the path the problem must name]. */
const badEvents: [string, unknown, string][] = [
  ['LCP above 600 s', vital({ value: 600_001 }), 'events[0].value'],
  ['INP above 60 s', vital({ name: 'INP', value: 60_001, delta: 1 }), 'events[0].value'],
  ['CLS above 100', vital({ name: 'CLS', value: 101, delta: 1 }), 'events[0].value'],
  ['negative FCP', vital({ name: 'FCP', value: -1 }), 'events[0].value'],
  ['value as a string', vital({ value: '1000' }), 'events[0].value'],
  ['"Infinity" as a string', vital({ value: 'Infinity' }), 'events[0].value'],
  ['"0x10" as a string', vital({ value: '0x10' }), 'events[0].value'],
  ['Infinity (what 1e309 parses to)', vital({ value: JSON.parse('1e309') }), 'events[0].value'],
  ['NaN', vital({ value: Number.NaN }), 'events[0].value'],
  ['unknown metric', vital({ name: 'FID' }), 'events[0].name'],
  ['lower-case metric', vital({ name: 'lcp' }), 'events[0].name'],
  ['metric id too short', vital({ id: 'abc' }), 'events[0].id'],
  ['metric id with spaces', vital({ id: 'v5 metric 0001' }), 'events[0].id'],
  ['unknown navigation type', vital({ nav: 'prefetch' }), 'events[0].nav'],
  ['unknown rating', vital({ rating: 'great' }), 'events[0].rating'],
  ['unknown field in a vital', vital({ email: 'a@b.c' }), 'events[0].email'],
  ['INP event type with capitals', vital({ name: 'INP', value: 10, delta: 10, attribution: { event: 'Click' } }), 'events[0].attribution.event'],
  ['selector over 2 KB', vital({ attribution: { selector: 'a'.repeat(2049) } }), 'events[0].attribution.selector'],
  ['unknown attribution field', vital({ attribution: { element: 'x' } }), 'events[0].attribution.element'],
  ['unknown event type', { type: 'click', ts: 1 }, 'events[0].type'],
  ['missing type', { ts: 1 }, 'events[0].type'],
  ['workflow outcome not in the list', workflow({ outcome: 'cancelled' }), 'events[0].outcome'],
  ['workflow longer than a day', workflow({ duration: 86_400_001 }), 'events[0].duration'],
  ['workflow without a name', workflow({ name: '' }), 'events[0].name'],
  ['workflow run id missing', workflow({ run_id: undefined }), 'events[0].run_id'],
  ['nested attribute', workflow({ attrs: { cart: { items: 3 } } }), 'events[0].attrs.cart'],
  ['attribute string over 1 KB', workflow({ attrs: { note: 'x'.repeat(1025) } }), 'events[0].attrs.note'],
  ['attribute key over 64 chars', workflow({ attrs: { ['k'.repeat(65)]: 1 } }), `events[0].attrs.${'k'.repeat(65)}`],
  ['51 attributes', workflow({ attrs: Object.fromEntries(Array.from({ length: 51 }, (_, i) => [`k${i}`, i])) }), 'events[0].attrs'],
  ['a step with negative duration', workflow({ steps: [{ name: 'a', start: 0, duration: -1 }] }), 'events[0].steps[0].duration'],
  ['51 steps', workflow({ steps: Array.from({ length: 51 }, () => ({ name: 'a', start: 0, duration: 1 })) }), 'events[0].steps'],
  ['page kind unknown', page({ kind: 'reload' }), 'events[0].kind'],
  ['page url missing', page({ url: undefined }), 'events[0].url'],
  ['page url over 2 KB', page({ url: `https://a.example/${'a'.repeat(2048)}` }), 'events[0].url'],
  ['page timing negative', page({ timing: { load: -5 } }), 'events[0].timing.load'],
  ['page timing unknown field', page({ timing: { paint: 5 } }), 'events[0].timing.paint'],
  ['time as a string', page({ ts: '2026-11-28T10:00:00Z' }), 'events[0].ts'],
];

describe('the wire contract rejects, naming the field,', () => {
  it.each(badEvents)('%s', (_what, event, path) => {
    const verdict = checkEvent(event, 0);
    expect(verdict.ok).toBe(false);
    if (verdict.ok) return;
    expect(verdict.problems.map((p) => p.path)).toContain(path);
    for (const problem of verdict.problems) expect(problem.message.length).toBeGreaterThan(3);
  });
});

const badEnvelopes: [string, Record<string, unknown>, string][] = [
  ['wire version 3 (unknown)', { v: 3 }, 'v'],
  ['app with capitals', { app: 'Shop' }, 'app'],
  ['batch id not a UUID', { batch_id: 'batch-1' }, 'batch_id'],
  ['session id too short', { session_id: 'abc' }, 'session_id'],
  ['page id with a slash', { page_id: 'page/0000001' }, 'page_id'],
  ['sent_at as a string', { sent_at: '1700000000000' }, 'sent_at'],
  ['no events', { events: [] }, 'events'],
  ['events not an array', { events: {} }, 'events'],
  ['501 events', { events: Array.from({ length: 501 }, () => ({})) }, 'events'],
  ['unknown envelope field', { ip: '1.2.3.4' }, 'ip'],
  ['unknown connection type', { client: { connection: '5g' } }, 'client.connection'],
  ['empty user id', { user_id: '' }, 'user_id'],
];

describe('the envelope check rejects the whole batch, naming the field:', () => {
  it.each(badEnvelopes)('%s', (_what, patch, path) => {
    const verdict = checkEnvelope({ ...exampleBatch(), ...patch });
    expect(verdict.ok).toBe(false);
    if (!verdict.ok) expect(verdict.problems.map((p) => p.path)).toContain(path);
  });

  it('a top-level array', () => {
    const verdict = checkEnvelope([exampleBatch()]);
    expect(verdict.ok).toBe(false);
    if (!verdict.ok) expect(verdict.problems[0]?.path).toBe('(body)');
  });

  it('but keeps an envelope whose events are invalid: events are judged one by one', () => {
    expect(checkEnvelope({ ...exampleBatch(), events: [{ nonsense: true }] }).ok).toBe(true);
  });
});

describe('docs/wire-format.md', () => {
  it('shows a complete batch that the contract accepts', () => {
    const doc = readFileSync(new URL('../../docs/wire-format.md', import.meta.url), 'utf8');
    const json = /```json\n([\s\S]*?)```/.exec(doc)?.[1];
    expect(json).toBeDefined();
    const batch = batchSchema.parse(JSON.parse(json ?? ''));
    expect(new Set(batch.events.map((e) => e.type))).toEqual(new Set(['page', 'vital', 'workflow']));
  });
});
