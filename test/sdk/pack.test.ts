import { expect, test } from 'vitest';
import type { Event } from '../../schema/index.js';
import { batchSchema } from '../../schema/index.js';
import { MAX_BODY, pack, type Envelope } from '../../sdk/pack.js';

const envelope: Envelope = {
  v: 2,
  app: 'shop',
  key: 'k1',
  session_id: 'session-0001',
  page_id: 'page-000002',
  origin: Date.now(),
  sdk: 'percept-js/0.1.0',
};
const event = (i: number, page_id = 'page-000002', pad = 0): Event => ({
  type: 'workflow',
  ts: Date.now(),
  page_id,
  name: 'checkout',
  run_id: `run-${String(i).padStart(8, '0')}`,
  outcome: 'ok',
  duration: i,
  attrs: { note: 'x'.repeat(pad) },
});

test('one small batch, valid by the wire schema; events keep the page view they belong to', () => {
  const [batch, ...rest] = pack([event(1), event(2, 'page-000001')], envelope);
  expect(rest).toEqual([]);
  expect(batchSchema.safeParse(JSON.parse(JSON.stringify({ ...batch, sent_at: Date.now() }))).success).toBe(true);
  expect(batch!.events).toMatchObject([{ page_id: 'page-000002' }, { page_id: 'page-000001' }]);
});

test('splits larger batches so every body stays under the cap, each with its own id, order kept', () => {
  const events = Array.from({ length: 100 }, (_, i) => event(i, undefined, 1000));
  const batches = pack(events, envelope);
  expect(batches.length).toBeGreaterThan(3);
  for (const b of batches) expect(new Blob([JSON.stringify(b)]).size).toBeLessThanOrEqual(MAX_BODY);
  expect(new Set(batches.map((b) => b.batch_id)).size).toBe(batches.length);
  expect(batches.flatMap((b) => b.events.map((e) => (e as { duration: number }).duration))).toEqual(events.map((_, i) => i));
});

test('an event larger than a batch may be is dropped, not left to block the queue', () => {
  const batches = pack([event(1), event(2, undefined, 40_000), event(3)], envelope);
  expect(batches.flatMap((b) => b.events.map((e) => (e as { duration: number }).duration))).toEqual([1, 3]);
});
