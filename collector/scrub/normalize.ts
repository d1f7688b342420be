/**
 * Length cap and character hygiene applied before any detector runs, so every
 * detector sees at most MAX_FIELD code units of well-formed text.
 */

/** Longest field the scrubber scans; longer values are cut, never passed through unscanned. */
export const MAX_FIELD = 8192;

/** How far back from the cap a cut may move to land on a token boundary. */
const CUT_WINDOW = 256;

// NUL and C0/C1-style controls (tab, LF, CR kept), soft hyphen, zero-width
// space/word joiner/BOM and bidi controls: invisible characters that could
// split a token ("jo\u200Bhn@x.nl") past a detector or spoof its rendering.
// ZWJ/ZWNJ (U+200C/D) stay: emoji sequences and Persian text need them.
const INVISIBLE = /[\u0000-\u0008\u000B\u000C\u000E-\u001F\u007F\u00AD\u061C\u200B\u200E\u200F\u202A-\u202E\u2060-\u2064\u2066-\u2069\uFEFF]/g;
const LONE_SURROGATE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/g;
const BOUNDARY = /[\s&]/;

/**
 * Cuts `s` to at most `max` code units. The cut moves back to the last
 * whitespace or `&` within a small window, so no half token (the first
 * digits of a card number, the local part of an email) is left at the end.
 */
export const cap = (s: string, max = MAX_FIELD): string => {
  if (s.length <= max) return s;
  for (let i = max; i > max - CUT_WINDOW; i--) {
    if (BOUNDARY.test(s[i]!)) return s.slice(0, i);
  }
  // No boundary: a hard cut, stepping back off a high surrogate.
  const code = s.charCodeAt(max - 1);
  return s.slice(0, code >= 0xd800 && code <= 0xdbff ? max - 1 : max);
};

/** Drops invisible control characters and replaces lone surrogates with U+FFFD. */
export const clean = (s: string): string => {
  let out = s;
  INVISIBLE.lastIndex = 0;
  if (INVISIBLE.test(out)) out = out.replace(INVISIBLE, '');
  LONE_SURROGATE.lastIndex = 0;
  if (LONE_SURROGATE.test(out)) out = out.replace(LONE_SURROGATE, '\uFFFD');
  return out;
};
