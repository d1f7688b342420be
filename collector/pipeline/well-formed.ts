/** A high surrogate not followed by a low one, or a low one not preceded by a high one. */
const LONE_SURROGATE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/;
const LONE_SURROGATES = new RegExp(LONE_SURROGATE.source, 'g');

/** The string with every lone surrogate replaced by U+FFFD (String#toWellFormed, which our ES2023 lib lacks). */
export const wellFormedString = (text: string): string => (LONE_SURROGATE.test(text) ? text.replace(LONE_SURROGATES, '\uFFFD') : text);

/**
 * Replaces lone surrogates (which JSON `\ud800` escapes can produce) with
 * U+FFFD in every string and key of a validated event, so only valid Unicode
 * is stored. Depth is bounded by the schema the value already passed, so this
 * walk is not the generic recursion over the body that ingest.md forbids.
 * Returns the same object when nothing needed fixing.
 */
export const wellFormed = <T>(value: T): T => {
  if (typeof value === 'string') return wellFormedString(value) as T;
  if (typeof value !== 'object' || value === null) return value;
  if (Array.isArray(value)) {
    let out: unknown[] | undefined;
    value.forEach((item, i) => {
      const fixed = wellFormed(item);
      if (fixed !== item) (out ??= [...value])[i] = fixed;
    });
    return (out ?? value) as T;
  }
  let out: Record<string, unknown> | undefined;
  for (const [key, item] of Object.entries(value)) {
    const fixedKey = wellFormedString(key);
    const fixed = wellFormed(item);
    if (fixed === item && fixedKey === key) continue;
    const copy: Record<string, unknown> = out ?? { ...(value as Record<string, unknown>) };
    if (fixedKey !== key) delete copy[key];
    copy[fixedKey] = fixed;
    out = copy;
  }
  return (out ?? value) as T;
};
