/**
 * The personal-data scrubber (docs/privacy.md).
 *
 * `scrub(field, value, context)` applies one field's rule to one string;
 * `scrubBatch(batch)` applies the right rule to every free-text place of a
 * processed batch. Both are pure, deterministic and idempotent, never throw,
 * and do bounded work per field.
 */
export { scrub, scrubNumber } from './scrub.js';
export { scrubBatch, type ScrubbedBatch } from './scrub-batch.js';
export { isSensitiveKey } from './keys.js';
export { P as PLACEHOLDERS } from './placeholders.js';
export { MAX_FIELD } from './normalize.js';
export type { ScrubContext, ScrubField } from './fields.js';
