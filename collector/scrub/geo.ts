import { P } from './placeholders.js';

/**
 * Coordinates (docs/privacy.md): a latitude/longitude pair whose parts
 * both have ≥ 4 decimals (about 11 m: a house), split by a comma,
 * semicolon, slash, `%2C` or spaces, optionally with `°` and a hemisphere
 * letter (`52.37022° N, 4.89517° E`), as in text and in map URLs
 * (`/@52.3702,4.8952,15z`). A single number labelled `lat`, `lng`, `lon`,
 * `latitude` or `longitude` goes alone (`{"lat":52.37022}`). Validator:
 * |lat| ≤ 90, |lon| ≤ 180, and not both within 1° of 0 (fractions such as
 * `0.1234, 0.0567` are scores, not a place in the Gulf of Guinea), and
 * neither part all zeros after the point (`1.0000` is a formatted figure).
 */

const NUMBER = String.raw`([-+]?[0-9]{1,3}\.[0-9]{4,12})\s?°?\s?([NSEWnsew]?)`;
const PAIR = new RegExp(String.raw`(?<![0-9A-Za-z.])${NUMBER}(?:\s{0,2}[,;/]\s{0,2}|%2C|\s{1,2})${NUMBER}(?![0-9A-Za-z]|\.[0-9])`, 'g');
const LABELLED = /\b(lat|lng|lon|long|latitude|longitude)(["']?\s{0,2}[:=]\s{0,2}["']?)[-+]?[0-9]{1,3}\.[0-9]{4,12}(?![0-9])/gi;

// `1.0000`: a fixed-precision figure, not a measured position.
const ROUND = /\.0+$/;

const inRange = (lat: number, lon: number): boolean => Math.abs(lat) <= 90 && Math.abs(lon) <= 180 && (Math.abs(lat) >= 1 || Math.abs(lon) >= 1);

/** True when the two parts read as a latitude and a longitude (either order when hemispheres say so). */
const isPair = (a: string, aHemisphere: string, b: string, bHemisphere: string): boolean => {
  if (ROUND.test(a) || ROUND.test(b)) return false;
  const first = Number(a);
  const second = Number(b);
  if (/[EWew]/.test(aHemisphere) && /[NSns]/.test(bHemisphere)) return inRange(second, first);
  return inRange(first, second);
};

/** Replaces every coordinate pair, and every labelled latitude or longitude, in `s` with `[geo]`. */
export const scrubCoordinates = (s: string): string => {
  let out = s.replace(PAIR, (m, a: string, ah: string, b: string, bh: string) => (isPair(a, ah, b, bh) ? P.geo : m));
  if (/l(?:at|on|ng)/i.test(out)) out = out.replace(LABELLED, (_m, label: string, glue: string) => `${label}${glue}${P.geo}`);
  return out;
};
