import { decodeQueryPart, encodeQueryPart } from './codec.js';
import { P } from './placeholders.js';
import { scrubPlain } from './plain.js';

/**
 * Query strings, fragment parameters and matrix parameters: every key stays
 * (unless the key itself is personal data), values stay only for the
 * allow-list below and are still pattern-scanned; all other values become
 * `[redacted]` (docs/privacy.md, url row: search terms, names and OAuth state have
 * no recognisable shape, so a deny-list cannot work).
 */

/** Keys whose values are kept (after pattern scanning). */
export const QUERY_ALLOWLIST: ReadonlySet<string> = new Set([
  'utm_source',
  'utm_medium',
  'utm_campaign',
  'utm_term',
  'utm_content',
  'utm_id',
  'ref',
  'source',
  'lang',
  'locale',
  'hl',
  'page',
  'sort',
  'tab',
  'view',
  'step',
  'variant',
]);

/** A function that scrubs an allow-listed value (text that may itself hold a URL). */
export type ValueScanner = (value: string) => string;

const scrubParam = (param: string, scanValue: ValueScanner): string => {
  if (param === '') return param;
  const eq = param.indexOf('=');
  const rawKey = eq < 0 ? param : param.slice(0, eq);
  const key = decodeQueryPart(rawKey);
  const scannedKey = scrubPlain(key);
  const outKey = scannedKey === key ? rawKey : encodeQueryPart(scannedKey);
  if (eq < 0) return outKey;
  const rawValue = param.slice(eq + 1);
  if (rawValue === '') return `${outKey}=`;
  if (!QUERY_ALLOWLIST.has(key.trim().toLowerCase())) return `${outKey}=${P.redacted}`;
  const value = decodeQueryPart(rawValue);
  const scanned = scanValue(value);
  return `${outKey}=${scanned === value ? rawValue : encodeQueryPart(scanned)}`;
};

/**
 * Scrubs `k=v` pairs split on `&` and `;` (both are used in the wild),
 * keeping separators, order and duplicate keys as they came.
 */
export const scrubQuery = (query: string, scanValue: ValueScanner): string => {
  let out = '';
  let start = 0;
  for (let i = 0; i <= query.length; i++) {
    const c = query.charCodeAt(i);
    if (i < query.length && c !== 38 && c !== 59) continue;
    out += scrubParam(query.slice(start, i), scanValue);
    if (i < query.length) out += query[i];
    start = i + 1;
  }
  return out;
};
