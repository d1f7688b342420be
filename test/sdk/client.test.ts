import { afterEach, beforeEach, describe, expect, test, vi } from 'vitest';
import { createClient } from '../../sdk/client.js';
import type { Options } from '../../sdk/options.js';
import { hidePage, recordNetwork, settle, showPage } from './network.js';

// Clients of earlier tests live on in this document (listeners, history patch): each test gets its own app and key.
let n = 0;
let base: Options;
let net: ReturnType<typeof recordNetwork>;
const sent = () => net.sent.filter((s) => s.batch.key == base.key);
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
    const { url, batch } = sent()[0]!;
    expect(url).toBe(`https://rum.example/v1/batch?key=${base.key}`);
    expect(batch).toMatchObject({ v: 1, app: base.app, key: base.key, release: '1.2.3', env: 'production', sdk: 'percept-js/0.1.0' });
    expect(batch.batch_id).toMatch(/^[0-9a-f-]{36}$/);
    expect(sessionStorage.getItem('percept_session')).toContain(batch.session_id);
    expect(batch.events.map((e) => e.type)).toContain('workflow');
  });

  test('flushes at page hide through the beacon, abandoned runs and the load page view included', () => {
    const c = createClient(base)!;
    c.workflow('checkout');
    hidePage();
    expect(sent().every((s) => s.via == 'beacon')).toBe(true);
    expect(events()).toEqual(
      expect.arrayContaining([
        expect.objectContaining({ type: 'workflow', outcome: 'abandoned' }),
        expect.objectContaining({ type: 'page', kind: 'load' }),
      ]),
    );
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
    expect(pages).toMatchObject([
      { url: 'http://localhost:3000/orders/12345?tab=items', route: '/orders/:id' },
      { route: '/orders/:id/dialog' },
    ]);
    expect(pages).toHaveLength(2);
    const batch = sent().map((s) => s.batch).at(-1)!;
    expect(batch).toMatchObject({ url: 'http://localhost:3000/orders/12345?tab=items', route: '/orders/:id/dialog' });
    expect(batch.page_id).not.toBe(events().find((e) => e.type == 'page' && e.kind == 'load')?.page_id);
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
