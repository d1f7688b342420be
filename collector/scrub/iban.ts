import { P } from './placeholders.js';

/**
 * IBANs: ISO country code, 2 check digits, then exactly that country's BBAN
 * length, mod-97 valid (ISO 13616), case-insensitive, with single spaces,
 * NBSP, `%20`, `+` or `-` between characters (docs/privacy.md, rule 1).
 */

/** Total IBAN length per country, from the SWIFT IBAN registry. */
const LENGTHS: Readonly<Record<string, number>> = {
  AD: 24,
  AE: 23,
  AL: 28,
  AT: 20,
  AZ: 28,
  BA: 20,
  BE: 16,
  BG: 22,
  BH: 22,
  BI: 27,
  BR: 29,
  BY: 28,
  CH: 21,
  CR: 22,
  CY: 28,
  CZ: 24,
  DE: 22,
  DJ: 27,
  DK: 18,
  DO: 28,
  EE: 20,
  EG: 29,
  ES: 24,
  FI: 18,
  FK: 18,
  FO: 18,
  FR: 27,
  GB: 22,
  GE: 22,
  GI: 23,
  GL: 18,
  GR: 27,
  GT: 28,
  HN: 28,
  HR: 21,
  HU: 28,
  IE: 22,
  IL: 23,
  IQ: 23,
  IS: 26,
  IT: 27,
  JO: 30,
  KW: 30,
  KZ: 20,
  LB: 28,
  LC: 32,
  LI: 21,
  LT: 20,
  LU: 20,
  LV: 21,
  LY: 25,
  MC: 27,
  MD: 24,
  ME: 22,
  MK: 19,
  MN: 20,
  MR: 27,
  MT: 31,
  MU: 30,
  NI: 28,
  NL: 18,
  NO: 15,
  OM: 23,
  PK: 24,
  PL: 28,
  PS: 29,
  PT: 25,
  QA: 29,
  RO: 24,
  RS: 22,
  RU: 33,
  SA: 24,
  SC: 31,
  SD: 18,
  SE: 24,
  SI: 19,
  SK: 24,
  SM: 27,
  SO: 23,
  ST: 25,
  SV: 28,
  TL: 23,
  TN: 24,
  TR: 26,
  UA: 29,
  VA: 22,
  VG: 24,
  XK: 20,
  YE: 30,
};

const START = /(?<![A-Za-z0-9])[A-Za-z]{2}[0-9]{2}/g;

const isAlnum = (c: number): boolean => (c >= 48 && c <= 57) || (c >= 65 && c <= 90) || (c >= 97 && c <= 122);

/** Width of a group separator at `i` (0 when there is none). */
const separatorAt = (s: string, i: number): number => {
  const c = s.charCodeAt(i);
  if (c === 32 || c === 0xa0 || c === 43 || c === 45) return 1;
  return c === 37 && s.charCodeAt(i + 1) === 50 && s.charCodeAt(i + 2) === 48 ? 3 : 0;
};

/** ISO 7064 mod 97-10 over the rearranged IBAN; `iban` is upper case, no separators. */
export const ibanChecksumOk = (iban: string): boolean => {
  const moved = iban.slice(4) + iban.slice(0, 4);
  let rest = 0;
  for (let i = 0; i < moved.length; i++) {
    const c = moved.charCodeAt(i);
    if (c >= 48 && c <= 57) rest = (rest * 10 + c - 48) % 97;
    else if (c >= 65 && c <= 90) rest = (rest * 100 + c - 55) % 97;
    else return false;
  }
  return rest === 1;
};

/** True when `candidate` (any case, no separators) is a valid IBAN of its country's length. */
export const isIban = (candidate: string): boolean => {
  const iban = candidate.toUpperCase();
  return LENGTHS[iban.slice(0, 2)] === iban.length && ibanChecksumOk(iban);
};

/** End index of a valid IBAN starting at `start`, or -1. */
const ibanEnd = (s: string, start: number): number => {
  const length = LENGTHS[s.slice(start, start + 2).toUpperCase()];
  if (length === undefined) return -1;
  let compact = s.slice(start, start + 4);
  let i = start + 4;
  while (compact.length < length && i < s.length) {
    if (isAlnum(s.charCodeAt(i))) {
      compact += s[i];
      i++;
      continue;
    }
    const sep = separatorAt(s, i);
    if (sep === 0 || !isAlnum(s.charCodeAt(i + sep))) return -1;
    i += sep;
  }
  if (compact.length < length || isAlnum(s.charCodeAt(i))) return -1;
  return ibanChecksumOk(compact.toUpperCase()) ? i : -1;
};

/** Replaces every valid IBAN in `s` with `[iban]`. */
export const scrubIbans = (s: string): string => {
  START.lastIndex = 0;
  let out = '';
  let from = 0;
  let m: RegExpExecArray | null;
  while ((m = START.exec(s)) !== null) {
    const end = ibanEnd(s, m.index);
    if (end < 0) continue;
    out += s.slice(from, m.index) + P.iban;
    from = end;
    START.lastIndex = end;
  }
  return from === 0 ? s : out + s.slice(from);
};
