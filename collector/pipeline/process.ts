import type { Envelope } from '../../schema/index.js';
import { perceptError, type PerceptError, type RejectedEvent } from '../errors.js';
import { enrichBatch, enrichEvent, type EnrichContext } from './enrich.js';
import { clockSkew, skewTooLarge } from './skew.js';
import type { ProcessedBatch, ProcessedEvent } from './types.js';
import { validateEnvelope, validateEvent } from './validate.js';

/** What processing knows beyond the body: enrichment's context, less what it derives from the envelope (skew, origin). */
export type ProcessOptions = Omit<EnrichContext, 'skewMs' | 'origin'>;

/** Outcome of validate → enrich: a batch to scrub and store, or the error that refuses it whole. */
export type ProcessResult =
  | { ok: true; batch: ProcessedBatch; rejected: RejectedEvent[]; stale: number; clock: number }
  | { ok: false; error: PerceptError; stale: number; clock: number };

/**
 * Validates and enriches a parsed body. Envelope problems refuse the whole
 * batch; a bad or stale event is dropped alone and listed in `rejected`;
 * when no event survives, the batch is refused with the same list.
 */
export const processBatch = (body: unknown, options: ProcessOptions): ProcessResult => {
  const envelope = validateEnvelope(body);
  if (!envelope.ok) return { ok: false, error: perceptError('invalid_envelope', { problems: envelope.problems }), stale: 0, clock: 0 };
  const { sent_at, v, origin } = envelope.value;
  if (v >= 2 && origin === undefined) {
    const problems = [{ path: 'origin', message: 'required in wire version 2: event times count from it' }];
    return { ok: false, error: perceptError('invalid_envelope', { problems }), stale: 0, clock: 0 };
  }
  const context: EnrichContext = { ...options, skewMs: clockSkew(options.receivedAt, sent_at), ...(v >= 2 && { origin }) };
  const { events, rejected, stale, clock } = processEvents(envelope.value, context);
  if (events.length === 0) {
    // Once per distinct problem: a clock refused for every event is one problem, not one per event.
    const problems = [...new Map(rejected.flatMap((event) => event.problems).map((p) => [`${p.path}\0${p.message}`, p])).values()];
    return { ok: false, error: perceptError('no_valid_events', { problems, rejected }), stale, clock };
  }
  return { ok: true, batch: enrichBatch(envelope.value, events, context), rejected, stale, clock };
};

const processEvents = (envelope: Envelope, context: EnrichContext) => {
  const events: ProcessedEvent[] = [];
  const rejected: RejectedEvent[] = [];
  let stale = 0;
  let clock = 0;
  const hours = Math.round(context.skewMs / 3600_000);
  const clockProblem = {
    path: 'sent_at',
    message: `the client clock is ${Math.abs(hours)} h ${hours > 0 ? 'behind' : 'ahead of'} the collector's (more than 24 h): event times cannot be trusted; send sent_at as read when the request is sent`,
  };
  envelope.events.forEach((raw, index) => {
    const valid = validateEvent(raw, index);
    if (!valid.ok) return rejected.push({ index, problems: valid.problems });
    if (skewTooLarge(context.skewMs)) {
      clock += 1;
      return rejected.push({ index, problems: [clockProblem] });
    }
    const enriched = enrichEvent(valid.value, index, context);
    if (!enriched.ok) {
      stale += 1;
      return rejected.push({ index, problems: enriched.problems });
    }
    return events.push(enriched.value);
  });
  return { events, rejected, stale, clock };
};
