import { isBsn } from './bsn.js';
import { isCard } from './card.js';
import { FIELD_RULES, type ScrubContext, type ScrubField } from './fields.js';
import { isSensitiveKey } from './keys.js';
import { cap, clean, MAX_FIELD } from './normalize.js';
import { P } from './placeholders.js';

/**
 * Scrubs one value of one field. Deterministic and idempotent
 * (`scrub(f, scrub(f, x)) === scrub(f, x)`), never throws, and scans at most
 * MAX_FIELD characters: longer input is cut first. Should a rule ever throw,
 * the whole value is replaced by `[redacted]` (fail closed, never leak).
 *
 * @param field which rule to apply (see docs/privacy.md, per-field table)
 * @param value the text as received; non-strings are stringified
 * @param context `key` is the attribute key of a `workflow_attr_value`
 */
export const scrub = (field: ScrubField, value: string, context: ScrubContext = {}): string => {
  const rule = FIELD_RULES[field];
  if (rule === undefined) return P.redacted;
  const cacheable = context.key === undefined && typeof value === 'string' && value.length <= CLEAN_MAX_LENGTH;
  const cacheKey = cacheable ? `${field}\u0000${value}` : '';
  if (cacheable && knownClean.has(cacheKey)) return value;
  const out = runRule((text) => rule(text, context), value);
  if (cacheable && out === value) rememberClean(cacheKey);
  return out;
};

/*
 * Values a rule left unchanged, per field: the same urls, routes and
 * selectors arrive in batch after batch, and the rules are deterministic, so
 * a value found clean once is clean again. Only such values are kept (text
 * the rules judged free of personal data), never one that was scrubbed, and
 * only short ones, in a bounded set that forgets its oldest entry.
 */
const CLEAN_MAX_LENGTH = 256;
const CLEAN_CACHE_SIZE = 4096;
const knownClean = new Set<string>();
const rememberClean = (key: string): void => {
  if (knownClean.size >= CLEAN_CACHE_SIZE) knownClean.delete(knownClean.values().next().value!);
  knownClean.add(key);
};

/** Caps and cleans `value`, applies `rule`, caps the result; fails closed. */
export const runRule = (rule: (text: string) => string, value: unknown): string => {
  try {
    const text = clean(cap(typeof value === 'string' ? value : String(value ?? '')));
    if (text === '') return text;
    const out = rule(text);
    return out.length > MAX_FIELD ? cap(out) : out;
  } catch {
    return P.redacted;
  }
};

/**
 * Scrubs a numeric workflow attribute. A number can carry a BSN (9 digits)
 * or a card number (12–19 digits) as well as a string can; such a number,
 * or any number under a sensitive key, becomes its placeholder string. Other
 * numbers (durations, counts, ms timestamps) come back unchanged.
 *
 * @param key the attribute key the number is stored under
 */
export const scrubNumber = (key: string, value: number): number | string => {
  if (isSensitiveKey(key)) return P.redacted;
  if (!Number.isInteger(value) || Math.abs(value) < 1e8) return value;
  const digits = String(Math.abs(value));
  if (isBsn(digits)) return P.bsn;
  if (isCard(digits)) return P.card;
  return value;
};
