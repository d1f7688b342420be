import type { Batch, Event } from '../schema/index.js';
import { log } from './lib/guard.js';
import { bytes } from './lib/dom.js';
import { uuid } from './lib/id.js';

/**
 * Largest body of one batch. Half the 64 KiB that the Fetch spec allows for
 * all keepalive requests and beacons in flight together, so two batches fit
 * at page hide.
 */
export const MAX_BODY = 32_768;

/** Everything of a batch but its id, its events and `sent_at` (set at each send by the transport). */
export type Envelope = Omit<Batch, 'batch_id' | 'events' | 'sent_at'>;

/**
 * Wraps wire events (sdk/wire.ts) into batches, each with its own UUID and at
 * most `MAX_BODY` bytes, halving until they fit. An event that alone exceeds
 * the cap is dropped so it never blocks the queue. A batch that carries the
 * envelope's own page event (one without `page_id`) leaves the envelope's
 * `url` and `route` out: the collector files events under the page event of
 * their batch first (collector/rows/row-place.ts), so they would only repeat it.
 */
export const pack = (events: Event[], envelope: Envelope): Batch[] => {
  const batch = {
    ...envelope,
    batch_id: uuid(),
    events,
  } as Batch;
  if (events.some((e) => e.type == 'page' && !e.page_id)) batch.url = batch.route = undefined;
  const half = events.length >> 1;
  if (bytes(JSON.stringify(batch)) <= MAX_BODY) return [batch];
  if (half) return [...pack(events.slice(0, half), envelope), ...pack(events.slice(half), envelope)];
  log('event too large');
  return [];
};
