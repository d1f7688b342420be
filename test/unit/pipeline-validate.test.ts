import { describe, expect, it } from 'vitest';
import { envelopeSchema, eventSchema, LIMITS } from '../../schema/index.js';
import { fastEnvelopeCheck, fastEventCheck, validateEnvelope, validateEvent } from '../../collector/pipeline/validate.js';
import { exampleBatch, exampleEvents } from '../support/batches.js';

const now = Date.now();
const [page, ttfb, fcp, lcp, inp, cls, workflow] = exampleEvents(now) as unknown as [
  Record<string, unknown>,
  Record<string, unknown>,
  Record<string, unknown>,
  Record<string, unknown>,
  Record<string, unknown>,
  Record<string, unknown>,
  Record<string, unknown> & { steps: Record<string, unknown>[]; attrs: Record<string, unknown> },
];
const manyAttrs = (n: number) => Object.fromEntries(Array.from({ length: n }, (_, i) => [`k${i}`, i]));
/** Built by JSON.parse, which does not recurse, as the collector receives it. */
const nested = (depth: number): unknown => JSON.parse(`${'['.repeat(depth)}1${']'.repeat(depth)}`);

/** Valid shapes beyond the fixture: edges of every bound. */
const validEvents: [string, unknown][] = [
  ...exampleEvents(now).map((event, i): [string, unknown] => [`fixture ${i} (${event.type})`, event]),
  ['LCP at its maximum', { ...lcp, value: LIMITS.maxLoadMs, delta: -LIMITS.maxLoadMs }],
  ['CLS zero', { ...cls, value: 0, delta: 0 }],
  ['50 attributes', { ...workflow, attrs: manyAttrs(LIMITS.maxAttributes) }],
  ['attribute keys that are Object.prototype names', { ...workflow, attrs: { constructor: 'x', hasOwnProperty: 1, toString: true } }],
  ['1024-character attribute string', { ...workflow, attrs: { note: 'x'.repeat(1024) } }],
  ['1024 emoji as error text (code points)', { ...workflow, outcome: 'error', error: '😀'.repeat(1024) }],
  ['a huge finite attribute number', { ...workflow, attrs: { big: 1e308 } }],
  ['client rating is allowed (and ignored)', { ...inp, rating: 'good' }],
];

/** At least thirty ways to be wrong. */
const invalidEvents: [string, unknown][] = [
  ['null', null],
  ['a string', 'vital'],
  ['an array', [lcp]],
  ['10 000 levels of nesting', nested(10_000)],
  ['unknown type', { ...page, type: 'click' }],
  ['type in upper case', { ...page, type: 'PAGE' }],
  ['type with a zero-width space', { ...page, type: 'page\u200b' }],
  ['missing type', Object.fromEntries(Object.entries(page).filter(([key]) => key !== 'type'))],
  ['unknown metric', { ...lcp, name: 'FID' }],
  ['metric in lower case', { ...lcp, name: 'lcp' }],
  ['value as the string "Infinity"', { ...lcp, value: 'Infinity' }],
  ['value as the string "1e309"', { ...lcp, value: '1e309' }],
  ['value as the string "0x10"', { ...lcp, value: '0x10' }],
  ['value Infinity (JSON 1e309)', { ...lcp, value: Number.POSITIVE_INFINITY }],
  ['value NaN', { ...cls, value: Number.NaN }],
  ['negative LCP', { ...lcp, value: -1 }],
  ['LCP above 600 s', { ...lcp, value: LIMITS.maxLoadMs + 1 }],
  ['INP above 60 s', { ...inp, value: LIMITS.maxInteractionMs + 1 }],
  ['CLS above 100', { ...cls, value: 101 }],
  ['value as a boolean', { ...ttfb, value: true }],
  ['unknown field', { ...fcp, extra: 1 }],
  [
    '__proto__ as a field name',
    JSON.parse(`{"type":"vital","name":"FCP","ts":${now},"value":1,"delta":1,"id":"v5-fcp-000000001","nav":"navigate","__proto__":{"x":1}}`),
  ],
  ['id too short', { ...fcp, id: 'short' }],
  ['id with a space', { ...fcp, id: 'has space 123' }],
  ['bad rating', { ...inp, rating: 'great' }],
  ['bad navigation type', { ...inp, nav: 'teleport' }],
  ['attribution with an unknown key', { ...lcp, attribution: { selector: 'img', element: 'img' } }],
  ['attribution event with digits', { ...inp, attribution: { event: 'click2' } }],
  ['selector over 2 KB', { ...cls, attribution: { selector: 'd'.repeat(LIMITS.maxSelector + 1) } }],
  ['ts negative', { ...page, ts: -1 }],
  ['ts as a string', { ...page, ts: String(now) }],
  ['page kind unknown', { ...page, kind: 'spa' }],
  ['page url over 2 KB', { ...page, url: `https://x.example/${'a'.repeat(LIMITS.maxUrl)}` }],
  ['page timing with a string', { ...page, timing: { dns: '12' } }],
  ['transfer size fractional', { ...page, timing: { transfer_size: 1.5 } }],
  ['workflow duration above a day', { ...workflow, duration: LIMITS.maxWorkflowMs + 1 }],
  ['workflow outcome unknown', { ...workflow, outcome: 'success' }],
  ['workflow name empty', { ...workflow, name: '' }],
  ['51 attributes', { ...workflow, attrs: manyAttrs(LIMITS.maxAttributes + 1) }],
  ['nested attribute', { ...workflow, attrs: { cart: { items: 3 } } }],
  ['attribute array', { ...workflow, attrs: { items: [1, 2] } }],
  ['attribute null', { ...workflow, attrs: { coupon: null } }],
  ['attribute Infinity', { ...workflow, attrs: { ratio: Number.POSITIVE_INFINITY } }],
  ['attribute key over 64 chars', { ...workflow, attrs: { ['k'.repeat(65)]: 1 } }],
  ['attribute key empty', { ...workflow, attrs: { '': 1 } }],
  ['attribute string over 1 KB', { ...workflow, attrs: { note: 'x'.repeat(1025) } }],
  ['1025 emoji as error text', { ...workflow, outcome: 'error', error: '😀'.repeat(1025) }],
  ['51 steps', { ...workflow, steps: Array.from({ length: 51 }, (_, i) => ({ name: `s${i}`, start: i, duration: 1 })) }],
  ['step with an unknown key', { ...workflow, steps: [{ ...workflow.steps[0], label: 'x' }] }],
  ['step without duration', { ...workflow, steps: [{ name: 'a', start: 0 }] }],
];

describe('ajv (compiled from zod) and zod agree', () => {
  it('has a corpus of at least thirty invalid shapes', () => {
    expect(invalidEvents.length).toBeGreaterThanOrEqual(30);
  });

  it.each(validEvents)('valid: %s', (_name, event) => {
    expect(eventSchema.safeParse(event).success).toBe(true);
    expect(fastEventCheck(event)).toBe(true);
  });

  it.each(invalidEvents)('invalid: %s', (_name, event) => {
    expect(eventSchema.safeParse(event).success).toBe(false);
    expect(fastEventCheck(event)).toBe(false);
    const verdict = validateEvent(event, 7);
    expect(verdict.ok).toBe(false);
    if (!verdict.ok) {
      expect(verdict.problems.length).toBeGreaterThan(0);
      for (const problem of verdict.problems) expect(problem.path.startsWith('events[7]')).toBe(true);
    }
  });

  it('names the offending field of an event', () => {
    const verdict = validateEvent({ ...lcp, value: 'Infinity' }, 3);
    expect(verdict).toMatchObject({ ok: false, problems: [{ path: 'events[3].value' }] });
    const unknown = validateEvent({ ...fcp, extra: 1 }, 0);
    expect(unknown).toMatchObject({ ok: false, problems: [{ path: 'events[0].extra', message: 'unknown field' }] });
  });

  const envelope = exampleBatch({}, now) as unknown as Record<string, unknown>;
  const invalidEnvelopes: [string, unknown][] = [
    ['v 3', { ...envelope, v: 3 }],
    ['v "1"', { ...envelope, v: '1' }],
    ['app in capitals', { ...envelope, app: 'Demo' }],
    ['batch id not a UUID', { ...envelope, batch_id: 'batch-1' }],
    ['session id too short', { ...envelope, session_id: 'abc' }],
    ['sent_at as a string', { ...envelope, sent_at: String(now) }],
    ['sent_at Infinity', { ...envelope, sent_at: Number.POSITIVE_INFINITY }],
    ['events not an array', { ...envelope, events: {} }],
    ['no events', { ...envelope, events: [] }],
    ['501 events', { ...envelope, events: Array.from({ length: 501 }, () => ({})) }],
    ['unknown envelope field', { ...envelope, ip: '10.0.0.1' }],
    ['client with an unknown key', { ...envelope, client: { gpu: 'x' } }],
    ['viewport fractional', { ...envelope, client: { viewport_width: 10.5 } }],
    ['user id empty', { ...envelope, user_id: '' }],
  ];

  it('agrees on the envelope of the fixture batch', () => {
    expect(envelopeSchema.safeParse(envelope).success).toBe(true);
    expect(fastEnvelopeCheck(envelope)).toBe(true);
    expect(validateEnvelope(envelope).ok).toBe(true);
  });

  it.each(invalidEnvelopes)('invalid envelope: %s', (_name, body) => {
    expect(envelopeSchema.safeParse(body).success).toBe(false);
    expect(fastEnvelopeCheck(body)).toBe(false);
    expect(validateEnvelope(body).ok).toBe(false);
  });

  it('keeps invalid events out of the envelope check (they are judged one by one)', () => {
    expect(fastEnvelopeCheck({ ...envelope, events: [null, 'x', { type: 'nope' }] })).toBe(true);
  });
});
