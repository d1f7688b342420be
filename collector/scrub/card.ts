import { replaceGroupWindows } from './group-windows.js';
import { P } from './placeholders.js';

/**
 * Payment card numbers (PANs): 12–19 digits with single space or dash
 * separators that pass Luhn AND carry a known issuer prefix at a valid length
 * (docs/privacy.md, rule 1). Luhn alone flags one random number in ten, among them
 * 13-digit ms timestamps (PostHog #4340).
 */

// Digit groups joined by single separators. Separators are mandatory
// between groups, so the split is unique and matching is linear.
const RUN = /(?<![0-9A-Za-z+])[0-9]{1,64}(?:[ -][0-9]{1,64}){0,256}/g;
const SEPARATORS = /[ -]/;

/** Luhn (mod 10) over a digit string. */
export const luhnOk = (digits: string): boolean => {
  let sum = 0;
  let double = false;
  for (let i = digits.length - 1; i >= 0; i--) {
    let d = digits.charCodeAt(i) - 48;
    if (double) {
      d *= 2;
      if (d > 9) d -= 9;
    }
    sum += d;
    double = !double;
  }
  return sum % 10 === 0;
};

/** True when the issuer identified by the leading digits issues PANs of this length. */
export const issuerOk = (digits: string): boolean => {
  const n = digits.length;
  const p2 = Number(digits.slice(0, 2));
  const p3 = Number(digits.slice(0, 3));
  const p4 = Number(digits.slice(0, 4));
  if (digits[0] === '4') return n === 13 || n === 16 || n === 19; // Visa
  if ((p2 >= 51 && p2 <= 55) || (p4 >= 2221 && p4 <= 2720)) return n === 16; // Mastercard
  if (p2 === 34 || p2 === 37) return n === 15; // Amex
  if (p4 === 6011 || (p3 >= 644 && p3 <= 649) || p2 === 65) return n >= 16 && n <= 19; // Discover
  if (p4 >= 3528 && p4 <= 3589) return n >= 16 && n <= 19; // JCB
  if ((p3 >= 300 && p3 <= 305) || p2 === 36 || p2 === 38) return n >= 14 && n <= 19; // Diners
  if (p2 === 50 || (p2 >= 56 && p2 <= 69)) return n >= 12 && n <= 19; // Maestro (also UnionPay 62)
  return false;
};

/** True when `digits` (digits only) is a plausible PAN. */
export const isCard = (digits: string): boolean => digits.length >= 12 && digits.length <= 19 && issuerOk(digits) && luhnOk(digits);

/**
 * Replaces the cards inside one run of digit groups. A PAN may sit anywhere in
 * the run ("order 0612 4111 1111 1111 1111 12/26"), so every window of whole
 * groups holding 12–19 digits is tried: leftmost start first, longest first.
 */
const scrubRun = (run: string): string => (run.length < 12 ? run : replaceGroupWindows(run, SEPARATORS, 19, isCard, P.card));

/** Replaces every card number in `s` with `[card]`. */
export const scrubCards = (s: string): string => s.replace(RUN, scrubRun);
