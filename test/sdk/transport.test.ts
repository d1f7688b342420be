import { afterEach, beforeEach, describe, expect, test, vi } from 'vitest';
import type { Batch } from '../../schema/index.js';
import { createTransport } from '../../sdk/transport.js';
import { hidePage, recordNetwork, settle, showPage } from '../support/sdk-network.js';

const URL = 'https://rum.example/v1/batch?key=k1';
const STORE = 'percept_outbox_shop';

const batch = (n: number, pad = 0): Batch => ({
  v: 1,
  app: 'shop',
  key: 'k1',
  batch_id: crypto.randomUUID(),
  session_id: 'session-0001',
  page_id: 'page-000001',
  sent_at: 0,
  sdk: 'test',
  events: [{ type: 'page', ts: n, kind: 'load', nav: 'navigate', url: 'https://shop.example/' + 'x'.repeat(pad) }],
});

let net: ReturnType<typeof recordNetwork>;
beforeEach(() => {
  vi.useFakeTimers();
  localStorage.clear();
  showPage();
  net = recordNetwork();
});
afterEach(() => {
  vi.useRealTimers();
  vi.restoreAllMocks();
});

describe('transport while the page lives', () => {
  test('posts with keepalive, no credentials, one batch at a time in order', async () => {
    const t = createTransport(URL, STORE, () => true);
    t._send([batch(1), batch(2)]);
    expect(net.sent).toHaveLength(1);
    expect(net.sent[0]).toMatchObject({ url: URL, via: 'fetch', keepalive: true, credentials: 'omit' });
    await settle();
    expect(net.events().map((e) => e.ts)).toEqual([1, 2]);
  });

  test('retries 503 with jittered exponential backoff and keeps the batch id', async () => {
    const statuses = [503, 503, 202];
    net.answer = () => new Response(null, { status: statuses.shift()! });
    vi.spyOn(Math, 'random').mockReturnValue(1);
    const t = createTransport(URL, STORE, () => true);
    const b = batch(1);
    t._send([b]);
    await settle();
    await vi.advanceTimersByTimeAsync(999);
    expect(net.sent).toHaveLength(1);
    await vi.advanceTimersByTimeAsync(1);
    expect(net.sent).toHaveLength(2);
    // Second failure doubles the wait.
    await vi.advanceTimersByTimeAsync(1999);
    expect(net.sent).toHaveLength(2);
    await vi.advanceTimersByTimeAsync(1);
    expect(net.sent).toHaveLength(3);
    expect(new Set(net.batches().map((x) => x.batch_id))).toEqual(new Set([b.batch_id]));
    // Delivered: nothing more is sent.
    await vi.advanceTimersByTimeAsync(60_000);
    expect(net.sent).toHaveLength(3);
  });

  test('jitter spreads the wait between half and all of the backoff', async () => {
    net.answer = () => new TypeError('network down');
    vi.spyOn(Math, 'random').mockReturnValue(0);
    createTransport(URL, STORE, () => true)._send([batch(1)]);
    await settle();
    await vi.advanceTimersByTimeAsync(500);
    expect(net.sent).toHaveLength(2);
  });

  test('honours Retry-After on 429 before sending anything else', async () => {
    const answers = [new Response(null, { status: 429, headers: { 'Retry-After': '30' } })];
    net.answer = () => answers.shift() ?? new Response(null, { status: 202 });
    const t = createTransport(URL, STORE, () => true);
    t._send([batch(1)]);
    await settle();
    t._send([batch(2)]);
    await vi.advanceTimersByTimeAsync(29_999);
    expect(net.sent).toHaveLength(1);
    await vi.advanceTimersByTimeAsync(1);
    await settle();
    expect(net.events().map((e) => e.ts)).toEqual([1, 1, 2]);
  });

  test('drops a batch refused with 400 and moves on', async () => {
    const answers = [new Response('{"problems":[]}', { status: 400 })];
    net.answer = () => answers.shift() ?? new Response(null, { status: 202 });
    const t = createTransport(URL, STORE, () => true);
    t._send([batch(1), batch(2)]);
    await settle();
    await vi.advanceTimersByTimeAsync(600_000);
    expect(net.events().map((e) => e.ts)).toEqual([1, 2]);
  });

  test('one request in flight at a time, so keepalive bodies stay within the 64 KiB quota', async () => {
    let release!: () => void;
    const gate = new Promise<void>((r) => (release = r));
    const recorder = globalThis.fetch;
    vi.stubGlobal('fetch', async (url: string, init: RequestInit) => {
      const res = await recorder(url, init);
      await gate;
      return res;
    });
    const t = createTransport(URL, STORE, () => true);
    t._send([batch(1, 30_000), batch(2, 30_000), batch(3, 30_000)]);
    await settle();
    expect(net.sent).toHaveLength(1);
    // At hide the in-flight batch is persisted, not sent twice; the others go by beacon.
    hidePage();
    t._hide();
    expect(net.sent.map((s) => [s.via, s.batch.events[0]!.ts])).toEqual([
      ['fetch', 1],
      ['beacon', 2],
      ['beacon', 3],
    ]);
    expect(JSON.parse(localStorage.getItem(STORE)!).map((b: Batch) => b.events[0]!.ts)).toEqual([1]);
    release();
    await settle();
  });

  test('sends nothing while not ready (consent)', async () => {
    let ready = false;
    const t = createTransport(URL, STORE, () => ready);
    t._send([batch(1)]);
    t._hide();
    expect(net.sent).toHaveLength(0);
    expect(localStorage.getItem(STORE)).toBeNull();
    ready = true;
    t._send([]);
    expect(net.sent).toHaveLength(1);
  });
});

describe('transport at page hide', () => {
  test('beacons queued batches as text bodies', () => {
    const t = createTransport(URL, STORE, () => true);
    hidePage();
    t._send([batch(1), batch(2)]);
    expect(net.sent).toHaveLength(0);
    t._hide();
    expect(net.sent.map((s) => [s.via, s.url])).toEqual([
      ['beacon', URL],
      ['beacon', URL],
    ]);
    expect(JSON.parse(localStorage.getItem(STORE)!)).toEqual([]);
  });

  test('a refused beacon falls back to keepalive fetch and is persisted until acknowledged', async () => {
    net.beacon = () => false;
    const t = createTransport(URL, STORE, () => true);
    hidePage();
    const b = batch(1);
    t._send([b]);
    t._hide();
    expect(net.sent).toMatchObject([{ via: 'fetch', keepalive: true }]);
    expect(JSON.parse(localStorage.getItem(STORE)!).map((x: Batch) => x.batch_id)).toEqual([b.batch_id]);
  });

  test('a batch in backoff is not beaconed (Retry-After holds) but persisted', async () => {
    net.answer = () => new Response(null, { status: 503, headers: { 'Retry-After': '120' } });
    const t = createTransport(URL, STORE, () => true);
    const b = batch(1);
    t._send([b]);
    await settle();
    hidePage();
    t._hide();
    expect(net.sent).toHaveLength(1);
    expect(JSON.parse(localStorage.getItem(STORE)!)[0].batch_id).toBe(b.batch_id);
  });

  test('persisted batches are sent by the next page of the origin, same batch id', async () => {
    net.beacon = () => false;
    net.answer = () => new TypeError('offline');
    const first = createTransport(URL, STORE, () => true);
    hidePage();
    const b = batch(7);
    first._send([b]);
    first._hide();
    await settle();

    // The next page load.
    showPage();
    net.sent.length = 0;
    net.answer = () => new Response(null, { status: 202 });
    const next = createTransport(URL, STORE, () => true);
    // Storage is read at the first send, not at start; the earlier page's batch goes first.
    expect(net.sent).toHaveLength(0);
    const c = batch(8);
    next._send([c]);
    await settle();
    expect(net.sent.map((s) => s.batch.batch_id)).toEqual([b.batch_id, c.batch_id]);
  });

  test('a hide before any send keeps what an earlier page persisted', () => {
    const b = batch(9);
    localStorage.setItem(STORE, JSON.stringify([b]));
    net.beacon = () => false;
    net.answer = () => new TypeError('offline');
    const t = createTransport(URL, STORE, () => true);
    hidePage();
    t._hide();
    expect(JSON.parse(localStorage.getItem(STORE)!).map((x: { batch_id: string }) => x.batch_id)).toContain(b.batch_id);
  });

  test('clear forgets persisted batches (consent withdrawn)', () => {
    localStorage.setItem(STORE, JSON.stringify([batch(1)]));
    const t = createTransport(URL, STORE, () => false);
    t._clear();
    expect(JSON.parse(localStorage.getItem(STORE)!)).toEqual([]);
  });
});

describe('clock of a persisted outbox', () => {
  test('a batch persisted by an earlier page goes out with a fresh sent_at and its event times unchanged', async () => {
    const captured = Date.UTC(2026, 10, 28, 12, 0, 0);
    const old = { ...batch(captured), sent_at: captured };
    localStorage[STORE] = JSON.stringify([old]);
    // Three days later, the next page of the origin sends it.
    vi.setSystemTime(captured + 72 * 3600_000);
    const t = createTransport(URL, STORE, () => true);
    t._send([]);
    await settle();
    const [sent] = net.batches();
    expect(sent).toMatchObject({ batch_id: old.batch_id, sent_at: captured + 72 * 3600_000 });
    expect(sent!.events.map((e) => e.ts)).toEqual([captured]);
  });
});
