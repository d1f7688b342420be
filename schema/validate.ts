import { envelopeSchema, type Envelope } from './batch.js';
import { eventSchema, type Event } from './events.js';
import { toProblems, type Problem } from './problems.js';

export type Verdict<T> = { ok: true; value: T } | { ok: false; problems: Problem[] };

/** The envelope verdict: the whole batch stands or falls with it. */
export const checkEnvelope = (body: unknown): Verdict<Envelope> => {
  const result = envelopeSchema.safeParse(body);
  return result.success ? { ok: true, value: result.data } : { ok: false, problems: toProblems(result.error) };
};

/** The verdict on one event, with paths prefixed by its place in the batch. */
export const checkEvent = (event: unknown, index: number): Verdict<Event> => {
  const result = eventSchema.safeParse(event);
  return result.success ? { ok: true, value: result.data } : { ok: false, problems: toProblems(result.error, `events[${index}]`) };
};
