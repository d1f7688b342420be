import { afterLoad, guard } from './lib/index.js';

/** An Event Timing entry; `target` is where the event was dispatched. */
export type EventEntry = PerformanceEventTiming & { interactionId: number; target?: Node | null };

/** Interactions whose entries are kept; INP is rarely older than the last few. */
const KEEP = 20;

/**
 * Every event entry of the recent interactions, by interaction id. The
 * standard web-vitals build hands INP only the entries of the longest
 * duration: for a click that is usually `pointerdown`, which starts first,
 * while the work sat in the `click` handler. The attribution build keeps all
 * entries of the frame for that reason; this does the same for the ids INP
 * can name, from a threshold of 16 ms (the spec's minimum; web-vitals uses 40).
 * It starts after load: buffered entries (those of 104 ms and more) cover the
 * interactions before; for shorter ones INP keeps web-vitals' own entries.
 */
export const observeInteractions = (): ((id: number) => EventEntry[]) => {
  const seen = new Map<number, EventEntry[]>();
  afterLoad(() =>
    new PerformanceObserver(
      guard((list: PerformanceObserverEntryList) => {
        for (const e of list.getEntries() as EventEntry[]) {
          const id = e.interactionId;
          if (!id) continue;
          if (!seen.has(id)) seen.set(id, []);
          seen.get(id)!.push(e);
          if (seen.size > KEEP) seen.delete(seen.keys().next().value!);
        }
      }),
    ).observe({ type: 'event', buffered: true, durationThreshold: 16 } as PerformanceObserverInit),
  );
  return (id) => seen.get(id) || [];
};
