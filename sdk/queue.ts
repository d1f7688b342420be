import type { Event } from '../schema/index.js';
import { guard } from './lib/guard.js';

/** Most events held while they cannot be sent (consent pending); later ones are dropped. */
const MAX_HELD = 500;

export interface Queue {
  _push: (event: Event) => void;
  /** Hands the held events to `drain`; they stay held if it returns false. */
  _flush: () => void;
}

/**
 * The one event queue. Flushes when `size` events are held or `flushMs`
 * after the first one arrived; the client flushes it on page hide too.
 */
export const createQueue = (size: number, flushMs: number, drain: (events: Event[]) => boolean): Queue => {
  let events: Event[] = [];
  let timer: ReturnType<typeof setTimeout> | undefined;
  const flush = (): void => {
    clearTimeout(timer);
    timer = undefined;
    if (events.length && drain(events)) events = [];
  };
  return {
    _push: (event) => {
      if (events.length < MAX_HELD) events.push(event);
      if (events.length >= size) flush();
      else timer ||= setTimeout(guard(flush), flushMs);
    },
    _flush: flush,
  };
};
