import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, beforeEach, expect, test, vi } from 'vitest';
import { hidePage, recordNetwork, showPage } from '../support/sdk-network.js';

// The minified IIFE exactly as shipped (`npm test` builds it first).
const code = readFileSync(join(process.cwd(), 'dist/percept.js'), 'utf8');

type Global = ((command: string, ...args: unknown[]) => unknown) & Record<string, (...args: any[]) => any> & { q?: unknown[] };
const win = window as unknown as { percept?: Global };

/** Runs dist/percept.js as if loaded by `<script src=… data-…>`. */
const load = (data: Record<string, string>): void => {
  const script = document.createElement('script');
  script.src = 'https://rum.example/percept.js';
  for (const [k, v] of Object.entries(data)) script.setAttribute(`data-${k}`, v);
  Object.defineProperty(document, 'currentScript', { configurable: true, get: () => script });
  (0, eval)(code);
  Object.defineProperty(document, 'currentScript', { configurable: true, get: () => null });
};

/** The documented inline snippet. */
const snippet = 'window.percept=window.percept||function(){(percept.q=percept.q||[]).push(arguments)}';

let net: ReturnType<typeof recordNetwork>;
let n = 0;
beforeEach(() => {
  vi.useFakeTimers();
  showPage();
  net = recordNetwork();
  delete win.percept;
  n++;
});
afterEach(() => {
  vi.useRealTimers();
  vi.unstubAllGlobals();
});

const mine = () => net.sent.filter((s) => s.url.endsWith(`?key=key${n}`));

test('auto-initialises from data-* and posts to the script origin by default', async () => {
  load({ app: `app${n}`, key: `key${n}`, 'flush-ms': '200', release: 'r1' });
  win.percept!.workflow('checkout').end();
  await vi.advanceTimersByTimeAsync(200);
  expect(mine()).toHaveLength(1);
  expect(mine()[0]!.url).toBe(`https://rum.example/v1/batch?key=key${n}`);
  expect(mine()[0]!.batch).toMatchObject({ app: `app${n}`, release: 'r1' });
});

test('replays calls queued by the snippet in order; command form works for runs', async () => {
  (0, eval)(snippet);
  win.percept!('page', '/products/:id');
  win.percept!('workflow:start', 'search', { attrs: { source: 'header' } });
  win.percept!('workflow:step', 'search', 'typing');
  win.percept!('workflow:end', 'search', 'error', 'no results');
  expect(win.percept!.q).toHaveLength(4);
  load({ app: `app${n}`, key: `key${n}`, endpoint: 'https://collector.example' });
  expect(win.percept!.q).toBeUndefined();
  hidePage();
  const events = mine().flatMap((s) => s.batch.events);
  expect(events).toEqual(
    expect.arrayContaining([
      expect.objectContaining({ type: 'page', kind: 'load', route: '/products/:id' }),
      expect.objectContaining({ type: 'workflow', name: 'search', outcome: 'error', error: 'no results', attrs: { source: 'header' } }),
    ]),
  );
  expect(mine()[0]!.url).toBe(`https://collector.example/v1/batch?key=key${n}`);
});

test('one global with every method; unknown commands and bad input never throw', () => {
  load({ app: `app${n}`, key: `key${n}`, consent: 'pending' });
  const p = win.percept!;
  for (const name of ['workflow', 'measure', 'page', 'route', 'consent', 'user', 'flush', 'init']) expect(typeof p[name]).toBe('function');
  expect(() => p('nope', 1, 2)).not.toThrow();
  expect(() => p.workflow(undefined as never).end('ok')).not.toThrow();
  expect(p.measure('task', () => 7)).toBe(7);
  expect(() =>
    p.measure('task', () => {
      throw new Error('app error');
    }),
  ).toThrow('app error');
  hidePage();
  expect(mine()).toHaveLength(0);
});

test('without data-app the SDK stays idle but callable', () => {
  load({});
  expect(win.percept!.workflow('x')).toMatchObject({ step: expect.any(Function), end: expect.any(Function) });
  expect(win.percept!.measure('x', 5)).toBe(5);
});

test('data-allow-params is a comma list; data-debug, by its presence, logs problems', async () => {
  history.pushState(null, '', '/cart?tab=items&q=shoes&email=x');
  const debug = vi.spyOn(console, 'debug').mockImplementation(() => {});
  net.answer = () => new Response(null, { status: 400 });
  load({ app: `app${n}`, key: `key${n}`, 'allow-params': 'tab,q', debug: '', 'flush-ms': '200' });
  win.percept!.workflow('checkout').end();
  await vi.advanceTimersByTimeAsync(200);
  expect(mine()[0]!.batch.url).toBe(`${location.origin}/cart?tab=items&q=shoes`);
  expect(debug).toHaveBeenCalledWith('percept:', 'dropped', 400);
  debug.mockRestore();
  history.pushState(null, '', '/');
});

test('data-respect-dnt, by its presence, honours Do Not Track', async () => {
  Object.defineProperty(navigator, 'doNotTrack', { configurable: true, value: '1' });
  load({ app: `app${n}`, key: `key${n}`, 'respect-dnt': '', 'flush-ms': '200' });
  win.percept!.workflow('a').end();
  // Without the attribute, Do Not Track alone changes nothing.
  load({ app: `app${n}`, key: `other${n}`, 'flush-ms': '200' });
  win.percept!.workflow('b').end();
  await vi.advanceTimersByTimeAsync(1000);
  hidePage();
  expect(mine()).toHaveLength(0);
  expect(net.sent.filter((s) => s.url.endsWith(`?key=other${n}`)).length).toBeGreaterThan(0);
  Reflect.deleteProperty(navigator, 'doNotTrack');
});
