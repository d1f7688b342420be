import { vi } from 'vitest';
import type { Batch } from '../../schema/index.js';

/** One request the SDK made, as the collector would see it. */
export interface Sent {
  url: string;
  via: 'fetch' | 'beacon';
  keepalive?: boolean;
  credentials?: string;
  /** The body with event times turned into client epoch ms (`origin` + `ts`), as the collector reads wire version 2. */
  batch: Batch;
  /** The body as sent. */
  raw: Batch;
}

/** Wire version 2 sends event times as ms after the envelope's `origin`: back to epoch ms. */
const decode = (body: string): Batch => {
  const batch = JSON.parse(body) as Batch;
  return batch.v < 2 ? batch : { ...batch, events: batch.events.map((e) => ({ ...e, ts: batch.origin! + e.ts })) };
};

/**
 * Replaces the browser's network exits (fetch, sendBeacon) with a recorder:
 * the boundary these unit tests cannot cross. Real HTTP is covered by test/e2e.
 * `answer` decides each fetch's response; `beacon` whether a beacon is accepted.
 */
export const recordNetwork = () => {
  const sent: Sent[] = [];
  const net = {
    sent,
    answer: (): Response | Error => new Response(null, { status: 202 }),
    beacon: (): boolean => true,
    batches: () => sent.map((s) => s.batch),
    events: () => sent.flatMap((s) => s.batch.events),
  };
  vi.stubGlobal(
    'fetch',
    vi.fn(async (url: string, init: RequestInit) => {
      sent.push({
        url,
        via: 'fetch',
        keepalive: init.keepalive,
        credentials: init.credentials,
        batch: decode(String(init.body)),
        raw: JSON.parse(String(init.body)),
      });
      const answer = net.answer();
      if (answer instanceof Error) throw answer;
      return answer;
    }),
  );
  Object.defineProperty(navigator, 'sendBeacon', {
    configurable: true,
    value: (url: string, body: string) => {
      const ok = net.beacon();
      if (ok) sent.push({ url, via: 'beacon', batch: decode(body), raw: JSON.parse(body) });
      return ok;
    },
  });
  return net;
};

/** Lets pending promise callbacks (fetch answers) run under fake timers. */
export const settle = async (): Promise<void> => {
  for (let i = 0; i < 5; i++) await Promise.resolve();
};

/** Makes the document report `hidden` and fires visibilitychange, as a browser does on tab switch or unload. */
export const hidePage = (): void => {
  Object.defineProperty(document, 'visibilityState', { configurable: true, get: () => 'hidden' });
  Object.defineProperty(document, 'hidden', { configurable: true, get: () => true });
  document.dispatchEvent(new Event('visibilitychange', { bubbles: true }));
};

/** Undoes `hidePage`. */
export const showPage = (): void => {
  Object.defineProperty(document, 'visibilityState', { configurable: true, get: () => 'visible' });
  Object.defineProperty(document, 'hidden', { configurable: true, get: () => false });
};
