import { P } from './placeholders.js';

/**
 * Phone numbers (docs/privacy.md, rule 3): Dutch mobiles and landlines in their
 * common spellings (`06-12345678`, `06 12 34 56 78`, `020-1234567`,
 * `010 - 412 93 84`, `+31 6 …`, `0031 …`, `+31(0)6-…`) and international
 * E.164 numbers with spaces, dashes and parentheses. Dates and times are not
 * phones: slashes, dots and colons are not separators here, and a national
 * number shaped like `dd-dd-dddd` is read as a date.
 */

// Groups are separated by exactly one separator (or sit next to a parenthesised
// group), so every string splits into groups one way only: no backtracking blow-up.
const CANDIDATE =
  /(?:(?<![0-9A-Za-z+.,/])|(?<=[0-9])(?=\+))(?:\+ ?)?(?:\([0-9]{1,4}\)|[0-9]{1,12})(?:(?: - | |-|\u00A0)[0-9]{1,12}|(?: - | |-|\u00A0)?\([0-9]{1,4}\)|(?<=\))[0-9]{1,12}){0,8}(?![0-9A-Za-z]|[.,][0-9])/g;
const SEPARATOR = /[ \-\u00A0()]/;
const LEADING_GAP = /^[ \-\u00A0]*/;

/** E.164: 8–15 digits after the `+`, no leading 0; Dutch (+31) numbers have 9 after the country code. */
const e164Ok = (d: string): boolean => d.length >= 8 && d.length <= 15 && d[0] !== '0' && (!d.startsWith('31') || d.length === 11);

const isDateLike = (m: string): boolean => {
  const lengths = m
    .split(/[^0-9]+/)
    .filter(Boolean)
    .map((g) => g.length)
    .slice(0, 3)
    .join(',');
  return lengths === '2,2,4' || lengths === '4,2,2';
};

/** True when the candidate text reads as a phone number. */
export const isPhone = (m: string): boolean => {
  // `(0)` is the Dutch trunk prefix written inside an international number.
  const digits = m.replace(/\(0\)/g, '').replace(/[^0-9]/g, '');
  if (m[0] === '+') return e164Ok(digits);
  if (digits.startsWith('00')) return e164Ok(digits.slice(2));
  return digits.length === 10 && digits[0] === '0' && !isDateLike(m);
};

// Offsets in a candidate where a group starts after a separator: the cut
// points for the fallback below.
const cutPoints = (m: string): number[] => {
  const cuts = [0];
  for (let k = 1; k < m.length; k++) {
    if (SEPARATOR.test(m[k - 1]!) && !SEPARATOR.test(m[k]!)) cuts.push(k);
  }
  return cuts;
};

const trimSeparators = (s: string): string => {
  let end = s.length;
  while (end > 0 && SEPARATOR.test(s[end - 1]!) && s[end - 1] !== ')') end--;
  return s.slice(0, end);
};

/**
 * A run of groups may hold a phone among other numbers ("06 12345678
 * 0687654321", "ref 123 0612345678"): try every window of whole groups,
 * leftmost start first, longest first, and scan what follows again.
 */
const scrubCandidate = (m: string): string => {
  if (isPhone(m)) return P.phone;
  // No window of fewer than 8 digits is a phone.
  if (m.replace(/[^0-9]/g, '').length < 8) return m;
  const cuts = cutPoints(m);
  if (cuts.length === 1) return m;
  for (let a = 0; a < cuts.length; a++) {
    for (let b = cuts.length; b > a; b--) {
      if (a === 0 && b === cuts.length) continue;
      const end = b === cuts.length ? m.length : cuts[b]!;
      const window = trimSeparators(m.slice(cuts[a], end));
      if (!isPhone(window)) continue;
      const rest = m.slice(cuts[a]! + window.length);
      const gap = LEADING_GAP.exec(rest)![0];
      return m.slice(0, cuts[a]) + P.phone + gap + (rest.length > gap.length ? scrubCandidate(rest.slice(gap.length)) : '');
    }
  }
  return m;
};

/** Replaces every phone number in `s` with `[phone]`. */
export const scrubPhones = (s: string): string => s.replace(CANDIDATE, scrubCandidate);
