import { Ajv, type ValidateFunction } from 'ajv';
import { checkEnvelope, checkEvent, type Envelope, type Event, type Verdict } from '../../schema/index.js';
import { envelopeJsonSchema, eventKey, eventSchemasByKey, toJsonSchema } from './json-schema.js';

/**
 * Validation against the zod contract at ajv speed. ajv runs the compiled JSON
 * Schema made from the zod schemas; only when it says "invalid" does zod run
 * again to name the problems. Options make ajv judge like zod: no coercion,
 * no defaults, string lengths in code points (zod 4.6 counts them too),
 * regexes without the `u` flag (zod's `.regex()` tests them that way), formats
 * off because zod's own patterns come along in the schema.
 */
const ajv = new Ajv({
  coerceTypes: false,
  useDefaults: false,
  removeAdditional: false,
  allErrors: false,
  unicodeRegExp: false,
  validateFormats: false,
  strict: true,
});

const envelopeCheck = ajv.compile(envelopeJsonSchema());
const eventChecks: ReadonlyMap<string, ValidateFunction> = new Map([...eventSchemasByKey()].map(([key, schema]) => [key, ajv.compile(toJsonSchema(schema))]));

/**
 * Judges a batch's envelope (everything but the events). The value returned is
 * the parsed body itself: ajv does not copy, and the schema has no transforms.
 */
export const validateEnvelope = (body: unknown): Verdict<Envelope> => {
  if (envelopeCheck(body)) return { ok: true, value: body as Envelope };
  // zod is the contract: when it disagrees with ajv, zod decides.
  return checkEnvelope(body);
};

/** Judges one event; problem paths are prefixed `events[index]`. */
export const validateEvent = (event: unknown, index: number): Verdict<Event> => {
  const key = eventKey(event);
  const check = key === undefined ? undefined : eventChecks.get(key);
  if (check?.(event)) return { ok: true, value: event as Event };
  return checkEvent(event, index);
};

/** The ajv verdict alone, for the agreement test: true when the event is valid. */
export const fastEventCheck = (event: unknown): boolean => {
  const key = eventKey(event);
  const check = key === undefined ? undefined : eventChecks.get(key);
  return check !== undefined && check(event) === true;
};

/** The ajv verdict on an envelope alone, for the agreement test. */
export const fastEnvelopeCheck = (body: unknown): boolean => envelopeCheck(body) === true;
