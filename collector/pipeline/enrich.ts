import { rate, type Envelope, type Event, type Verdict } from '../../schema/index.js';
import type { CountryOf } from './country.js';
import { correctTime } from './skew.js';
import { clientInfo } from './ua.js';
import { userHash } from './user-hash.js';
import { wellFormed, wellFormedString } from './well-formed.js';
import type { ProcessedBatch, ProcessedEvent } from './types.js';

/** What enrichment knows beyond the batch itself. */
export interface EnrichContext {
  /** Server receive time, epoch ms. */
  receivedAt: number;
  /** received_at − sent_at, from {@link clockSkew}. */
  skewMs: number;
  /** The raw User-Agent header; only its coarse fields survive. */
  userAgent: string | undefined;
  /** The client address; only its country survives (derive country first, then drop the address). */
  clientAddress?: string;
  /** Address → ISO country code; none: ''. */
  countryOf?: CountryOf;
  /** Versioned HMAC key for user ids. */
  userKey: string;
  /** False when the body cannot hold lone surrogates (see mayHoldLoneSurrogates), to skip the repair walk. */
  checkUnicode?: boolean;
  /** The app's retentionDays, stored on every row (`retention_days`). */
  retentionDays: number;
  /** The app's sampleRate, stored on every row (`sample_rate`). */
  sampleRate: number;
}

/**
 * Enriches one valid event: server-corrected time (or a problem when it is
 * stale), the rating recomputed from the official thresholds (the client's is
 * never trusted), lone surrogates replaced.
 */
export const enrichEvent = (event: Event, index: number, context: EnrichContext): Verdict<ProcessedEvent> => {
  const time = correctTime(event.ts, context.skewMs, context.receivedAt);
  if (!time.ok) return { ok: false, problems: [{ path: `events[${index}].ts`, message: time.message }] };
  const clean = context.checkUnicode === false ? event : wellFormed(event);
  const processed: ProcessedEvent = clean.type === 'vital' ? { ...clean, ts: time.ts, rating: rate(clean.name, clean.value) } : { ...clean, ts: time.ts };
  return { ok: true, value: processed };
};

/**
 * Builds the processed batch from a valid envelope and its enriched events.
 * The raw User-Agent, the client address and the raw user id stop here; the
 * ingest key is not carried on either.
 */
export const enrichBatch = (envelope: Envelope, events: ProcessedEvent[], context: EnrichContext): ProcessedBatch => ({
  app: envelope.app,
  batch_id: envelope.batch_id.toLowerCase(),
  session_id: envelope.session_id,
  page_id: envelope.page_id,
  ...(envelope.url !== undefined && { url: wellFormedString(envelope.url) }),
  ...(envelope.route !== undefined && { route: wellFormedString(envelope.route) }),
  received_at: context.receivedAt,
  clock_skew_ms: context.skewMs,
  sdk: wellFormedString(envelope.sdk),
  release: wellFormedString(envelope.release ?? ''),
  env: wellFormedString(envelope.env ?? ''),
  client: envelope.client ?? {},
  ua: clientInfo(context.userAgent),
  country: context.countryOf?.(context.clientAddress) ?? '',
  user_hash: userHash(context.userKey, envelope.app, envelope.user_id),
  retention_days: context.retentionDays,
  sample_rate: context.sampleRate,
  events,
});
