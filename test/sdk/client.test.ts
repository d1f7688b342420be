import { afterEach, beforeEach, describe, expect, test, vi } from 'vitest';
import { batchSchema } from '../../schema/index.js';
import { createClient } from '../../sdk/client.js';
import type { Options } from '../../sdk/options.js';
import { hidePage, recordNetwork, settle, showPage } from '../support/sdk-network.js';

// Clients of earlier tests live on in this document (listeners, history patch): each test gets its own app and key.
let n = 0;
let base: Options;
let net: ReturnType<typeof recordNetwork>;
const sent = () => net.sent.filter((s) => s.url.endsWith(`?key=${base.key}`));
const events = () => sent().flatMap((s) => s.batch.events);

beforeEach(() => {
  vi.useFakeTimers();
  localStorage.clear();
  sessionStorage.clear();
  showPage();
  history.replaceState(null, '', '/start');
  net = recordNetwork();
  n++;
  base = { app: `shop${n}`, key: `k${n}`, endpoint: 'https://rum.example/' };
});
afterEach(() => {
  vi.useRealTimers();
  vi.restoreAllMocks();
  vi.unstubAllGlobals();
});

describe('client', () => {
  test('posts to ${endpoint}/v1/batch?key=… on the timer, with a full envelope', async () => {
    const c = createClient({ ...base, release: '1.2.3', env: 'production', flushMs: 1000 })!;
    c.workflow('checkout').end();
    await vi.advanceTimersByTimeAsync(1000);
    expect(sent()).toHaveLength(1);
    const { url, batch, raw } = sent()[0]!;
    expect(url).toBe(`https://rum.example/v1/batch?key=${base.key}`);
    expect(raw).toMatchObject({ v: 2, app: base.app, release: '1.2.3', env: 'production', sdk: 'percept-js/0.1.0' });
    // The key travels in the query string only: sendBeacon cannot set headers, and the body need not repeat it.
    expect(batch.key).toBeUndefined();
    expect(batch.batch_id).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
    expect(batch.session_id).toMatch(/^[A-Za-z0-9_]{16}$/);
    expect(batch.page_id).toMatch(/^[A-Za-z0-9_]{16}$/);
    expect(batchSchema.safeParse(raw).success).toBe(true);
    // Wire version 2: event times are whole ms after the page's time origin, sent once as `origin`.
    expect(raw.origin).toBe(Math.round(performance.timeOrigin));
    const run = raw.events.find((e) => e.type == 'workflow')!;
    expect(run.ts).toBe(Math.round(performance.now() - 1000));
    expect(sessionStorage.getItem('percept_session')).toContain(batch.session_id);
    expect(batch.events.map((e) => e.type)).toContain('workflow');
  });

  test('flushes at page hide through the beacon, abandoned runs and the load page view included', () => {
    const c = createClient(base)!;
    c.workflow('checkout');
    hidePage();
    expect(sent().every((s) => s.via == 'beacon')).toBe(true);
    expect(events()).toEqual(
      expect.arrayContaining([expect.objectContaining({ type: 'workflow', outcome: 'abandoned' }), expect.objectContaining({ type: 'page', kind: 'load' })]),
    );
  });

  test('one send per hide: at visibilitychange to hidden, not at the pagehide Chromium fires before it', () => {
    const c = createClient(base)!;
    c.workflow('checkout');
    // pagehide while still visible: the visibility update follows in the same unload.
    dispatchEvent(new Event('pagehide'));
    expect(sent()).toHaveLength(0);
    hidePage();
    expect(sent()).toHaveLength(1);
    // A pagehide on a page already hidden sends only what is new: here nothing.
    dispatchEvent(new Event('pagehide'));
    expect(sent()).toHaveLength(1);
  });

  test('SPA route changes start page views; page(route) names them; URLs minimised', () => {
    const c = createClient({ ...base, allowParams: ['tab'] })!;
    history.pushState(null, '', '/orders/12345?tab=items&email=x#top');
    c.page('/orders/:id');
    history.pushState(null, '', '/orders/12345?tab=items&q=2');
    c.page('/orders/:id/modal');
    c.route('/orders/:id/dialog');
    hidePage();
    const pages = events().filter((e) => e.type == 'page' && e.kind == 'route');
    expect(pages).toMatchObject([{ url: 'http://localhost:3000/orders/12345?tab=items', route: '/orders/:id' }, { route: '/orders/:id/dialog' }]);
    expect(pages).toHaveLength(2);
    // Each route change names the route it came from; the hard load (an entry) and a view left unnamed have none.
    expect(pages[0]).not.toHaveProperty('prev_route');
    expect(pages[1]).toMatchObject({ prev_route: '/orders/:id' });
    expect(events().find((e) => e.type == 'page' && e.kind == 'load')).not.toHaveProperty('prev_route');
    const batch = sent()
      .map((s) => s.batch)
      .at(-1)!;
    expect(batchSchema.safeParse(batch).success).toBe(true);
    // The current page view's own event is in the batch: the envelope does not repeat its url and route.
    const dialog = batch.events.find((e) => e.type == 'page' && e.route == '/orders/:id/dialog')!;
    expect(dialog).not.toHaveProperty('page_id');
    expect(batch.url).toBeUndefined();
    const load = events().find((e) => e.type == 'page' && e.kind == 'load')!;
    expect(load.page_id).toMatch(/^[A-Za-z0-9_]{16}$/);
    expect(batch.page_id).not.toBe(load.page_id);
  });

  test('events of an earlier page view name it; those of the envelope page view do not', async () => {
    const c = createClient(base)!;
    const run = c.workflow('search');
    history.pushState(null, '', '/results');
    c.route('/results');
    run.end();
    c.workflow('filter').end();
    c.flush();
    const [batch] = sent().map((s) => s.batch);
    expect(batchSchema.safeParse(batch).success).toBe(true);
    // The route change's page event in the batch names url and route; the envelope need not repeat them.
    expect(batch).not.toHaveProperty('url');
    expect(batch!.events.find((e) => e.type == 'page')).toMatchObject({ kind: 'route', url: 'http://localhost:3000/results', route: '/results' });
    const search = batch!.events.find((e) => e.type == 'workflow' && e.name == 'search')!;
    const filter = batch!.events.find((e) => e.type == 'workflow' && e.name == 'filter')!;
    expect(search).toMatchObject({ url: 'http://localhost:3000/start' });
    expect(search.page_id).toMatch(/^[A-Za-z0-9_]{16}$/);
    expect(search.page_id).not.toBe(batch!.page_id);
    // The first page view had no route template: none is sent.
    expect('route' in search).toBe(false);
    expect(filter).not.toHaveProperty('page_id');
    expect(filter).not.toHaveProperty('url');
    expect(batch!.events.find((e) => e.type == 'page')).not.toHaveProperty('page_id');

    // Once the page event is sent, later batches of that page view carry url and route in the envelope.
    await settle();
    c.workflow('sort').end();
    c.flush();
    await settle();
    expect(sent()).toHaveLength(2);
    expect(sent().at(-1)!.batch).toMatchObject({ url: 'http://localhost:3000/results', route: '/results' });
  });

  test('consent pending holds everything, granted sends it, denied drops it', async () => {
    const c = createClient({ ...base, consent: 'pending', flushMs: 100 })!;
    c.workflow('a').end();
    await vi.advanceTimersByTimeAsync(1000);
    hidePage();
    expect(sent()).toHaveLength(0);
    expect(localStorage.getItem(`percept_outbox_${base.app}`)).toBeNull();
    showPage();
    c.consent('granted');
    await settle();
    expect(events().map((e) => e.type)).toContain('workflow');

    const before = sent().length;
    c.consent('denied');
    c.workflow('b').end();
    await vi.advanceTimersByTimeAsync(10_000);
    hidePage();
    expect(sent()).toHaveLength(before);
  });

  test('Global Privacy Control and Do Not Track deny when configured, and cannot be overridden', async () => {
    Object.defineProperty(navigator, 'globalPrivacyControl', { configurable: true, value: true });
    const c = createClient({ ...base, respectGpc: true, flushMs: 100 })!;
    c.consent('granted');
    c.workflow('a').end();
    await vi.advanceTimersByTimeAsync(1000);
    hidePage();
    expect(sent()).toHaveLength(0);
    // Not configured: GPC alone changes nothing.
    showPage();
    const d = createClient({ ...base, flushMs: 100 })!;
    d.workflow('b').end();
    await vi.advanceTimersByTimeAsync(100);
    expect(sent().length).toBeGreaterThan(0);
    Reflect.deleteProperty(navigator, 'globalPrivacyControl');
  });

  test('Do Not Track is honoured when configured', async () => {
    Object.defineProperty(navigator, 'doNotTrack', { configurable: true, value: '1' });
    const c = createClient({ ...base, respectDnt: true, flushMs: 100 })!;
    c.workflow('a').end();
    await vi.advanceTimersByTimeAsync(1000);
    expect(sent()).toHaveLength(0);
    Reflect.deleteProperty(navigator, 'doNotTrack');
  });

  test('a sampled-out session does nothing at all', () => {
    expect(createClient({ ...base, sampleRate: 0 })).toBeUndefined();
    expect(createClient({ ...base, sampleRate: 1 })).toBeDefined();
  });

  test('performance.measure() entries with the prefix become workflow runs', async () => {
    // Node's PerformanceObserver (which happy-dom exposes) delivers on its own real-time schedule.
    vi.useRealTimers();
    performance.measure('app:before-init', { start: 0, duration: 100 });
    const c = createClient({ ...base, measurePrefix: 'app:' })!;
    performance.measure('app:search', { start: 0, duration: 250 });
    performance.measure('other', { start: 0, duration: 5 });
    await new Promise((r) => setTimeout(r, 50));
    c.flush();
    await settle();
    const runs = events().filter((e) => e.type == 'workflow');
    expect(runs).toMatchObject([
      { name: 'before-init', outcome: 'ok', duration: 100 },
      { name: 'search', outcome: 'ok', duration: 250 },
    ]);
  });
});
