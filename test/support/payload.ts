import { randomUUID } from 'node:crypto';
import type { Event } from '../../schema/index.js';
import { exampleBatch, exampleEvents } from './batches.js';

/**
 * A realistic 20-event batch (two page views' worth of vitals plus workflow
 * runs), about 4.7 KB of JSON: the payload the issue's reference figures
 * were measured with.
 */
export const benchEvents = (now: number): Event[] => {
  const base = exampleEvents(now);
  const events: Event[] = [];
  for (let i = 0; events.length < 20; i++) {
    const e = base[i % base.length]!;
    events.push(
      e.type === 'workflow'
        ? { ...e, run_id: `run-${String(i).padStart(12, '0')}`, attrs: { ...e.attrs, attempt: i } }
        : e.type === 'vital'
          ? { ...e, id: `v5-bench-${String(i).padStart(8, '0')}` }
          : e,
    );
  }
  return events;
};

/** A fresh batch body: a new batch id per request, so none is a replay. */
export const benchBody = (now = Date.now()): string =>
  JSON.stringify(exampleBatch({ session_id: `sess-${randomUUID().slice(0, 12)}`, events: benchEvents(now) }, now));
