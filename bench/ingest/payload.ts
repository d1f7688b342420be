import { randomUUID } from 'node:crypto';
import type { Batch, Event } from '../../schema/index.js';
import { exampleEvents } from '../../test/fixtures/batches.js';

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
export const benchBody = (now = Date.now()): string => {
  const batch: Batch = {
    v: 1,
    app: 'demo',
    key: 'demo-public-key',
    batch_id: randomUUID(),
    session_id: `sess-${randomUUID().slice(0, 12)}`,
    page_id: 'page-0000000001',
    sent_at: now,
    sdk: '0.1.0',
    release: '2026.11.1',
    env: 'production',
    client: { viewport_width: 1280, viewport_height: 800, device_memory: 8, cores: 8, connection: '4g' },
    events: benchEvents(now),
  };
  return JSON.stringify(batch);
};
