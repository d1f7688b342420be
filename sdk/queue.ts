import type { VitalEvent, WorkflowEvent } from '../schema/index.js';
import { guard } from './lib/guard.js';
import type { Held } from './wire.js';

/** Most events held while they cannot be sent (consent pending); later ones are dropped. */
const MAX_HELD = 500;

export interface Queue {
  _push: (event: Held) => void;
  /**
   * Hands the held events to `drain`; they stay held if it returns false.
   * Without `all` (size, timer), an INP report keeps waiting for the hide.
   */
  _flush: (all?: boolean) => void;
}

/**
 * The one event queue. Flushes when `size` events are held or `flushMs`
 * after the first one arrived; the client flushes it on page hide too.
 *
 * A metric instance is held once: INP is observed with every change reported
 * (sdk/vitals.ts), so a later report replaces a held one, and its `delta`
 * then counts from the value last sent rather than from the replaced one.
 * A workflow run is held once too: its later record (the outcome after a
 * provisional one, or the same record with `perceived` added) replaces the held one.
 * INP also waits for the hide (or an explicit flush): sent on a timer, every
 * increase would be one more row for the same metric instance, and rollups
 * would count one page view's INP several times.
 */
const waits = (event: Held): boolean => event.type == 'vital' && (event as VitalEvent).name == 'INP';

/** What makes two reports the same instance: a vital's metric id, a workflow's run id; page views have none. */
const key = (event: Held): string | undefined => (event as VitalEvent).id || (event as WorkflowEvent).run_id;

export const createQueue = (size: number, flushMs: number, drain: (events: Held[]) => boolean): Queue => {
  let events: Held[] = [];
  let timer: ReturnType<typeof setTimeout> | undefined;
  const flush = (all?: boolean): void => {
    clearTimeout(timer);
    timer = undefined;
    const ready = all ? events : events.filter((e) => !waits(e));
    if (ready.length && drain(ready)) events = all ? [] : events.filter(waits);
  };
  return {
    _push: (event: Held & { delta?: number }) => {
      const k = key(event);
      const i = k ? events.findIndex((e) => key(e) == k) : -1;
      const held = i >= 0 && (events.splice(i, 1)[0] as VitalEvent);
      // toFixed(4): CLS has 4 decimals, and the sum of two must not grow float noise.
      if (held && held.delta != null) event.delta = +(event.delta! + held.delta).toFixed(4);
      if (events.length < MAX_HELD) events.push(event);
      if (events.length >= size) flush();
      else if (!waits(event)) timer ||= setTimeout(guard(flush), flushMs);
    },
    _flush: flush,
  };
};
