import type { Batch } from '../schema/index.js';
import { guard, log } from './lib/index.js';

/** Most batches kept unsent, in memory and in localStorage; older ones are dropped. */
const MAX_PENDING = 20;
/** Longest backoff without a Retry-After, ms. */
const MAX_BACKOFF = 300_000;

export interface Transport {
  /** Queues batches and sends them one at a time, in order. */
  _send: (batches: Batch[]) => void;
  /** Page hide: beacon what may go now; persist everything unacknowledged for the next page. */
  _hide: () => void;
  /** Consent withdrawn: forget every unsent batch, persisted ones too. */
  _clear: () => void;
}

/**
 * The one transport: keepalive `fetch` while the page lives, `sendBeacon` at
 * hide. The Fetch spec allows 64 KiB of keepalive bodies and beacons in flight
 * per page; batches are at most 32 KiB (batch.ts) and go one at a time, so one
 * in flight plus one beacon fit. Further beacons the browser refuses; those
 * batches fall back to a keepalive fetch, which the browser also refuses past
 * the quota, and stay persisted either way.
 *
 * A batch keeps its id across retries, so the collector counts it once.
 * 2xx: done; 429, 5xx and network errors: exponential backoff with jitter, or
 * the server's Retry-After (seconds); any other 4xx: dropped, since resending
 * cannot fix it.
 */
export const createTransport = (url: string, storeKey: string, ready: () => boolean): Transport => {
  let pending: Batch[] = [];
  let busy: Batch | undefined;
  /** No sends before this epoch ms (backoff, Retry-After), not even at hide. */
  let until = 0;
  let failures = 0;
  let loaded = false;

  // Batches persisted by an earlier page of this origin go first. Read at the first send or hide, not at
  // start: the first Web Storage access of a page is a synchronous call into the browser.
  const load = (): void => {
    if (loaded) return;
    loaded = true;
    try {
      pending.unshift(...JSON.parse(localStorage[storeKey]));
    } catch {}
  };
  const save = (): void => {
    load();
    try {
      localStorage[storeKey] = JSON.stringify(pending);
    } catch {}
  };

  const stamp = (batch: Batch): string => {
    batch.sent_at = Date.now();
    return JSON.stringify(batch);
  };

  const post = (batch: Batch): void => {
    const done = guard((status: number, retryAfter?: string | null): void => {
      if (busy == batch) busy = undefined;
      if (status && status != 429 && status < 500) {
        pending = pending.filter((b) => b != batch);
        failures = 0;
        if (status > 299) log('dropped', status);
      } else {
        const delay = +retryAfter! * 1000 || Math.min(MAX_BACKOFF, 1000 * 2 ** failures++) * (0.5 + Math.random() / 2);
        until = Date.now() + delay;
        setTimeout(pump, delay);
      }
      pump();
    });
    fetch(url, { method: 'POST', body: stamp(batch), keepalive: true, credentials: 'omit' }).then(
      (res) => done(res.status, res.headers.get('Retry-After')),
      () => done(0),
    );
  };

  const pump = guard((): void => {
    const batch = pending[0];
    // While hidden, batches wait for the beacon at hide rather than start a fetch the page may not finish.
    if (busy || !batch || Date.now() < until || !ready() || document.hidden) return;
    post(batch);
    busy = batch;
  });

  const beacon = (batch: Batch): boolean | void => {
    try {
      if (navigator.sendBeacon(url, stamp(batch))) return true;
    } catch {}
    post(batch);
  };

  return {
    _send: (batches) => {
      load();
      pending.push(...batches);
      pending.splice(0, pending.length - MAX_PENDING);
      pump();
    },
    _hide: () => {
      if (!ready()) return;
      load();
      pending = pending.filter((b) => b == busy || Date.now() < until || !beacon(b));
      save();
    },
    _clear: () => {
      loaded = true;
      pending = [];
      save();
    },
  };
};
