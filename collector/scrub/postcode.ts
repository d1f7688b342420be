import { P } from './placeholders.js';

/**
 * Dutch postcodes (docs/privacy.md, rule 6): `1234 AB` / `1234AB` in capitals
 * anywhere; lower or mixed case only after a context word (`postcode`, `zip`)
 * or as a whole path segment / keyed value (url.ts, keys.ts). PostNL never
 * issues SA, SD or SS; unit tokens (`2048 KB`, `1080 PX`) are not postcodes.
 */

const CANDIDATE = /(?<![0-9A-Za-z])([1-9][0-9]{3}) ?([A-Za-z]{2})(?![0-9A-Za-z])/g;
const EXCLUDED = new Set(['SA', 'SD', 'SS', 'KB', 'MB', 'GB', 'TB', 'PB', 'KM', 'CM', 'MM', 'MS', 'PX', 'PT', 'EM', 'HZ', 'DB']);
const CONTEXT = /(?:postcode|post code|postal code|zip(?:code)?)\W{0,3}$/i;
const WHOLE = /^[1-9][0-9]{3} ?[A-Za-z]{2}$/;

/** True when `s` as a whole is a postcode in any case (for path segments and keyed values). */
export const isPostcodeToken = (s: string): boolean => WHOLE.test(s) && !EXCLUDED.has(s.slice(-2).toUpperCase());

/** Replaces every Dutch postcode in `s` with `[postcode]`. */
export const scrubPostcodes = (s: string): string =>
  s.replace(CANDIDATE, (m, _digits: string, letters: string, offset: number, whole: string) => {
    const upper = letters.toUpperCase();
    if (EXCLUDED.has(upper)) return m;
    if (letters === upper) return P.postcode;
    return CONTEXT.test(whole.slice(Math.max(0, offset - 24), offset)) ? P.postcode : m;
  });
