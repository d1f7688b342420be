import { P } from './placeholders.js';

/**
 * Phone numbers (privacy.md rule 3): Dutch mobiles and landlines in their
 * common spellings (`06-12345678`, `06 12 34 56 78`, `020-1234567`,
 * `010 - 412 93 84`, `+31 6 …`, `0031 …`, `+31(0)6-…`) and international
 * E.164 numbers with spaces, dashes and parentheses. Dates and times are not
 * phones: slashes, dots and colons are not separators here, and a national
 * number shaped like `dd-dd-dddd` is read as a date.
 */

// Groups are separated by exactly one separator (or sit next to a parenthesised
// group), so every string splits into groups one way only: no backtracking blow-up.
const CANDIDATE =
  /(?:(?<![0-9A-Za-z+.,/])|(?<=[0-9])(?=\+))(?:\+ ?)?(?:\([0-9]{1,4}\)|[0-9]{1,17})(?:(?: - | |-|\u00A0)[0-9]{1,17}|(?: - | |-|\u00A0)?\([0-9]{1,4}\)|(?<=\))[0-9]{1,17}){0,8}(?![0-9A-Za-z]|[.,][0-9])/g;
const SEPARATOR = /[ \-\u00A0()]/;
const LEADING_GAP = /^[ \-\u00A0]*/;

/*
 * ITU-T E.164 country codes. Every 1-digit code is 1 or 7; 2-digit codes are
 * listed; every 3-digit code starts with one of the listed pairs. The pairs
 * 28, 83 and 89 are spare, and no code starts with 0.
 */
const CC2 = new Set([
  '20',
  '27',
  '30',
  '31',
  '32',
  '33',
  '34',
  '36',
  '39',
  '40',
  '41',
  '43',
  '44',
  '45',
  '46',
  '47',
  '48',
  '49',
  '51',
  '52',
  '53',
  '54',
  '55',
  '56',
  '57',
  '58',
  '60',
  '61',
  '62',
  '63',
  '64',
  '65',
  '66',
  '81',
  '82',
  '84',
  '86',
  '90',
  '91',
  '92',
  '93',
  '94',
  '95',
  '98',
]);
const CC3_PREFIX = new Set([
  '21',
  '22',
  '23',
  '24',
  '25',
  '26',
  '29',
  '35',
  '37',
  '38',
  '42',
  '50',
  '59',
  '67',
  '68',
  '69',
  '80',
  '85',
  '87',
  '88',
  '96',
  '97',
  '99',
]);

/** Digits that follow the country code, or -1 when `d` starts with no assigned code. */
const nationalLength = (d: string): number => {
  if (d[0] === '1' || d[0] === '7') return d.length - 1;
  if (CC2.has(d.slice(0, 2))) return d.length - 2;
  return CC3_PREFIX.has(d.slice(0, 2)) ? d.length - 3 : -1;
};

/**
 * E.164: 8–15 digits after the `+` (or `00`) that start with an assigned
 * country code. Where the plan has one fixed length it is required: NANP
 * (+1) and +7 have 10 national digits, the Netherlands (+31) 9.
 */
const e164Ok = (d: string): boolean => {
  if (d.length < 8 || d.length > 15) return false;
  const national = nationalLength(d);
  if (national < 4) return false;
  if (d[0] === '1' || d[0] === '7') return national === 10;
  return !d.startsWith('31') || national === 9;
};

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
