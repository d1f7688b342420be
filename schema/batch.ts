import { z } from 'zod';
import { eventSchema } from './events.js';
import { APP_PATTERN, ID_PATTERN, LIMITS } from './limits.js';
import { WIRE_VERSION } from './version.js';

export { WIRE_VERSION };
/** Every version the collector accepts. */
export const WIRE_VERSIONS = [1, 2] as const;

/** Coarse client context: enough to slice by device, never enough to fingerprint. */
export const clientContextSchema = z.strictObject({
  viewport_width: z.number().int().min(0).max(100_000).optional(),
  viewport_height: z.number().int().min(0).max(100_000).optional(),
  /** navigator.deviceMemory, GiB (the browser rounds it). */
  device_memory: z.number().min(0).max(1024).optional(),
  /** navigator.hardwareConcurrency. */
  cores: z.number().int().min(0).max(1024).optional(),
  /** navigator.connection.effectiveType. */
  connection: z.enum(['slow-2g', '2g', '3g', '4g']).optional(),
});

/**
 * Everything in a batch but its events. An error here rejects the whole batch:
 * without a valid envelope nothing in it can be attributed safely.
 */
export const envelopeSchema = z.strictObject({
  v: z.union(WIRE_VERSIONS.map((v) => z.literal(v))),
  app: z.string().regex(APP_PATTERN),
  /** Public ingest key; may instead come as `?key=` because sendBeacon cannot set headers. */
  key: z.string().min(1).max(128).optional(),
  /** UUID, the idempotency key: the same across retries of the same batch. */
  batch_id: z.uuid(),
  session_id: z.string().regex(ID_PATTERN),
  /** The page view current when the batch was sent. */
  page_id: z.string().regex(ID_PATTERN),
  /** That page view's url (minimised at the source, scrubbed again at the door) and route template. */
  url: z.string().max(LIMITS.maxUrl).optional(),
  route: z.string().max(LIMITS.maxUrl).optional(),
  /** Client clock at send time, epoch ms: the collector corrects skew with it. */
  sent_at: z.number().min(0).max(8.64e15),
  /** Version 2, required there: the page's time origin (performance.timeOrigin), client epoch ms; event times count from it. */
  origin: z.number().min(0).max(8.64e15).optional(),
  sdk: z.string().min(1).max(32),
  release: z.string().max(64).optional(),
  env: z.string().max(32).optional(),
  client: clientContextSchema.optional(),
  /** Opaque id the app chose; the collector stores only a keyed hash of it. */
  user_id: z.string().min(1).max(256).optional(),
  /** Validated one by one: a bad event is dropped, not the batch. */
  events: z.array(z.unknown()).min(1).max(LIMITS.maxEvents),
});

/** A fully valid batch: the type the SDK builds and the collector stores. */
export const batchSchema = envelopeSchema.extend({
  events: z.array(eventSchema).min(1).max(LIMITS.maxEvents),
});

export type ClientContext = z.infer<typeof clientContextSchema>;
export type Envelope = z.infer<typeof envelopeSchema>;
export type Batch = z.infer<typeof batchSchema>;
