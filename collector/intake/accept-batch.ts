import type { AppConfig } from '../config/types.js';
import type { CountryOf } from '../pipeline/country.js';
import { perceptError, type RejectedEvent } from '../errors.js';
import { mayHoldLoneSurrogates } from '../pipeline/json.js';
import { processBatch } from '../pipeline/process.js';
import { inSample } from '../pipeline/sample.js';
import { skewFlagged } from '../pipeline/skew.js';
import type { AppDirectory } from '../plugins/apps.js';
import type { Metrics } from '../plugins/metrics-registry.js';
import type { RateLimiter } from '../plugins/rate-limit.js';
import { scrubBatch } from '../scrub/index.js';
import type { Ingest } from '../spool/types.js';

/** What the intake needs of the collector: built once per app instance. */
export interface IntakeServices {
  apps: AppDirectory;
  rateLimiter: RateLimiter;
  metrics: Metrics;
  ingest: Ingest;
  /** HMAC key for user ids (config `userKey`). */
  userKey: string;
  /** Client address → ISO country code (config `country`); only the code is kept. */
  countryOf: CountryOf;
}

/** One request to /v1/batch, less its body. */
export interface IntakeContext extends IntakeServices {
  /** When the request arrived, epoch ms. */
  receivedAt: number;
  /** `?key=` as the query string had it (sendBeacon cannot set headers, so the key may come this way). */
  queryKey: string | string[] | undefined;
  origin: string | undefined;
  host: string | undefined;
  userAgent: string | undefined;
  /** The client address (socket, or X-Forwarded-For from a trusted proxy): looked up for its country, then dropped. */
  clientAddress: string | undefined;
}

/** The 202 body (routes/v1-batch-schemas.ts describes it). */
export interface BatchAnswer {
  accepted: number;
  rejected: RejectedEvent[];
  duplicate: boolean;
  sampled: boolean;
}

/** The ingest key from the body (`key`) or the query string (`?key=`, for sendBeacon): 401/400 when absent or ambiguous. */
const resolveApp = (body: Record<string, unknown>, context: IntakeContext): AppConfig => {
  const fromBody = Object.hasOwn(body, 'key') ? body.key : undefined;
  const fromQuery = context.queryKey;
  if (Array.isArray(fromQuery) || (fromBody !== undefined && typeof fromBody !== 'string'))
    throw perceptError('key_conflict', { message: 'Send exactly one ingest key, as a string.' });
  if (fromBody !== undefined && fromQuery !== undefined && fromBody !== fromQuery) throw perceptError('key_conflict');
  const key = fromBody ?? fromQuery;
  if (key === undefined || key === '') throw perceptError('missing_key');
  const app = context.apps.byKey(key);
  if (!app) throw perceptError('unknown_key');
  const named = Object.hasOwn(body, 'app') ? body.app : undefined;
  if (typeof named === 'string' && named !== app.id) throw perceptError('key_app_mismatch');
  context.rateLimiter.byKey(key);
  return app;
};

const eventCount = (body: Record<string, unknown>): number => (Array.isArray(body.events) ? body.events.length : 0);

/**
 * The whole ingest flow of one batch, top to bottom: key and app → origin →
 * validate and enrich → count what was refused → sample → scrub → spool
 * (fsync). Resolves with the 202 body once the batch is durable (or sampled
 * out); throws a catalogue error for a 4xx, SpoolFullError for a 503.
 * Personal data leaves here: only `scrubBatch`'s result can reach the spool.
 */
export const acceptBatch = async (body: Record<string, unknown> | undefined, context: IntakeContext): Promise<BatchAnswer> => {
  if (body === undefined) throw perceptError('body_empty');
  const app = resolveApp(body, context);
  if (!context.apps.allows(app, context.origin, context.host)) throw perceptError('origin_not_allowed');

  const result = processBatch(body, {
    receivedAt: context.receivedAt,
    userAgent: context.userAgent,
    clientAddress: context.clientAddress,
    countryOf: context.countryOf,
    userKey: context.userKey,
    checkUnicode: mayHoldLoneSurrogates(body),
    retentionDays: app.retentionDays,
    sampleRate: app.sampleRate,
  });
  const count = (outcome: 'rejected' | 'dropped', reason: string, n: number) => {
    if (n === 0) return;
    context.metrics.events(app.id, outcome, reason, n);
    context.ingest.count(app.id, outcome, reason, n);
  };
  if (!result.ok) {
    if (result.error.code === 'invalid_envelope') count('rejected', 'invalid_envelope', eventCount(body));
    else count('rejected', 'invalid', eventCount(body) - result.stale - result.clock);
    count('rejected', 'stale', result.stale);
    count('rejected', 'clock_skew', result.clock);
    throw result.error;
  }
  count('rejected', 'invalid', result.rejected.length - result.stale - result.clock);
  count('rejected', 'stale', result.stale);
  count('rejected', 'clock_skew', result.clock);

  // Sampled out after validation, so a broken integration still gets its 400 in every session.
  // 202, not an error: the SDK must not retry a batch that will never be kept.
  if (!inSample(app.id, result.batch.session_id, app.sampleRate)) {
    count('dropped', 'sampled_out', result.batch.events.length);
    return { accepted: 0, rejected: result.rejected, duplicate: false, sampled: false };
  }
  const accepted = result.batch.events.length;
  const outcome = await context.ingest.accept(scrubBatch(result.batch));
  // Stored with their times corrected by more than network delay explains; each row keeps clock_skew_ms.
  if (outcome === 'stored' && skewFlagged(result.batch.clock_skew_ms)) context.ingest.count(app.id, 'flagged', 'clock_skew', accepted);
  context.metrics.events(app.id, outcome, '', accepted);
  return { accepted, rejected: result.rejected, duplicate: outcome === 'duplicate', sampled: true };
};
