import { P } from './placeholders.js';

/**
 * Dutch citizen service numbers (BSN): 9 digits, or `dddd.dd.ddd`, passing
 * the 11-proef, with or without a "BSN" keyword nearby (docs/privacy.md, rule 1:
 * processing BSNs is legally restricted; a 1-in-11 false-positive rate on
 * 9-digit numbers is accepted). US SSNs only in dashed `ddd-dd-dddd` form.
 */

// Not glued to letters/digits, and not part of a decimal (`0.123456782`, `123456782,5`).
const BSN = /(?<![0-9A-Za-z.,])(?:[0-9]{9}|[0-9]{4}\.[0-9]{2}\.[0-9]{3})(?![0-9A-Za-z]|[.,][0-9])/g;
const SSN = /(?<![0-9A-Za-z-])([0-9]{3})-([0-9]{2})-([0-9]{4})(?![0-9A-Za-z]|-[0-9])/g;

/** The 11-proef over 9 digits: Σ d[i]·(9−i) for i < 8, minus d[8], divisible by 11. */
export const elfProefOk = (digits: string): boolean => {
  if (digits.length !== 9 || digits === '000000000') return false;
  let sum = 0;
  for (let i = 0; i < 8; i++) sum += (digits.charCodeAt(i) - 48) * (9 - i);
  sum -= digits.charCodeAt(8) - 48;
  return sum % 11 === 0;
};

/** Replaces every 11-proef-valid BSN in `s` with `[bsn]`. */
export const scrubBsns = (s: string): string => s.replace(BSN, (m) => (elfProefOk(m.length === 9 ? m : m.replace(/\./g, '')) ? P.bsn : m));

/** SSA rules: area not 000, 666 or 9xx; group not 00; serial not 0000. */
const ssnOk = (area: string, group: string, serial: string): boolean =>
  area !== '000' && area !== '666' && area[0] !== '9' && group !== '00' && serial !== '0000';

/** Replaces every dashed US SSN in `s` with `[ssn]`. */
export const scrubSsns = (s: string): string => s.replace(SSN, (m, area: string, group: string, serial: string) => (ssnOk(area, group, serial) ? P.ssn : m));

/** True when `digits` (digits only) is an 11-proef-valid BSN. */
export const isBsn = (digits: string): boolean => /^[0-9]{9}$/.test(digits) && elfProefOk(digits);
