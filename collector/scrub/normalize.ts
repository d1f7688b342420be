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

// Any decimal digit that is not ASCII: fullwidth ０-９, Arabic-Indic, Devanagari, …
const FOREIGN_DIGIT = /(?![0-9])\p{Nd}/gu;
// Fullwidth `＋ － ＠`, the signs that join digits into a phone or an address.
// Other fullwidth punctuation stays: CJK text uses it as ordinary punctuation.
const FULLWIDTH_SIGN = /[\uFF0B\uFF0D\uFF20]/g;
const digitValues = new Map<string, string>();

/**
 * The value of a Unicode decimal digit. Unicode guarantees that Nd digits
 * come in contiguous runs of ten, 0 to 9 (Unicode Standard §4.6), so the
 * value is the distance back to the start of its run, modulo ten.
 */
const digitValue = (digit: string): string => {
  let value = digitValues.get(digit);
  if (value === undefined) {
    let cp = digit.codePointAt(0)!;
    let back = 0;
    while (/\p{Nd}/u.test(String.fromCodePoint(cp - 1))) {
      cp -= 1;
      back += 1;
    }
    value = String(back % 10);
    digitValues.set(digit, value);
  }
  return value;
};

/**
 * Folds every non-ASCII decimal digit to its ASCII form, so a phone number,
 * IBAN or card in fullwidth or Arabic-Indic digits meets the same detectors
 * as its ASCII spelling; fullwidth `＋ － ＠` become `+ - @` for the same
 * reason. The folded characters stay folded in the output.
 */
export const foldDigits = (s: string): string => {
  let out = s;
  FOREIGN_DIGIT.lastIndex = 0;
  if (FOREIGN_DIGIT.test(out)) out = out.replace(FOREIGN_DIGIT, digitValue);
  FULLWIDTH_SIGN.lastIndex = 0;
  if (FULLWIDTH_SIGN.test(out)) out = out.replace(FULLWIDTH_SIGN, (c) => String.fromCharCode(c.charCodeAt(0) - 0xfee0));
  return out;
};

/**
 * Drops invisible control characters, replaces lone surrogates with U+FFFD
 * and folds Unicode digits to ASCII.
 */
export const clean = (s: string): string => {
  let out = foldDigits(s);
  INVISIBLE.lastIndex = 0;
  if (INVISIBLE.test(out)) out = out.replace(INVISIBLE, '');
  LONE_SURROGATE.lastIndex = 0;
  if (LONE_SURROGATE.test(out)) out = out.replace(LONE_SURROGATE, '\uFFFD');
  return out;
};
