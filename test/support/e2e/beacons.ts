import type { Event, PageEvent, VitalEvent, WorkflowEvent, MetricName } from '../../../schema/index.js';
import type { Beacon } from './collector.js';

/** One delivered event with the page view it belongs to and the beacon that carried it. */
export interface Delivered<E extends Event = Event> {
  event: E;
  /** The event's own `page_id`, else its envelope's. */
  pageId: string;
  beacon: Beacon;
}

/**
 * An event as the collector reads it (docs/wire-format.md, *Versions*): in
 * wire version 2 its time in client epoch ms (`origin + ts`), and the `nav`
 * (`navigate`) and vital `delta` (its value) the wire leaves out filled in.
 */
const asRead = (event: Event, origin: number | undefined): Event => {
  const read = { ...event, ts: origin === undefined ? event.ts : origin + event.ts } as Event;
  if (read.type !== 'workflow') read.nav ??= 'navigate';
  if (read.type === 'vital') read.delta ??= read.value;
  return read;
};

/** Every event in the given beacons, as the collector reads it, in arrival order. */
export function eventsOf(beacons: readonly Beacon[]): Delivered[] {
  return beacons.flatMap((beacon) =>
    (beacon.batch?.events ?? []).map((event) => ({
      event: asRead(event, beacon.batch!.v >= 2 ? beacon.batch!.origin : undefined),
      pageId: event.page_id ?? beacon.batch!.page_id,
      beacon,
    })),
  );
}

export const isPage = (d: Delivered): d is Delivered<PageEvent> => d.event.type === 'page';
export const isWorkflow = (d: Delivered): d is Delivered<WorkflowEvent> => d.event.type === 'workflow';
/** A predicate for vitals of one metric. */
export const isVital =
  <N extends MetricName>(name: N) =>
  (d: Delivered): d is Delivered<Extract<VitalEvent, { name: N }>> =>
    d.event.type === 'vital' && d.event.name === name;

/**
 * Polls `find` every 25 ms until it returns something, or fails after
 * `timeoutMs` naming what it waited for.
 */
export async function waitFor<T>(find: () => T | undefined, what: string, timeoutMs = 10_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const found = find();
    if (found !== undefined) return found;
    if (Date.now() > deadline) throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 25));
  }
}

/** Waits for an event in `beacons()` that matches `match`. */
export function waitForEvent<E extends Event>(
  beacons: () => readonly Beacon[],
  match: (d: Delivered) => d is Delivered<E>,
  what: string,
  timeoutMs?: number,
): Promise<Delivered<E>> {
  return waitFor(() => eventsOf(beacons()).find(match), what, timeoutMs);
}

/** Waits until `beacons()` holds at least `count` beacons, and returns them. */
export function waitForBeacons(beacons: () => readonly Beacon[], count: number, what: string, timeoutMs?: number): Promise<Beacon[]> {
  return waitFor(() => (beacons().length >= count ? [...beacons()] : undefined), what, timeoutMs);
}
