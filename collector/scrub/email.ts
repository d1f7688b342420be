import { P } from './placeholders.js';

/**
 * Email addresses in every encoding a field can carry: raw `@`, fullwidth
 * `＠`, `%40`, double-encoded `%2540`, HTML entities and JS escapes
 * (docs/privacy.md), with internationalised local parts and domains
 * (Unicode letters, punycode `xn--` labels and TLDs). The scan is anchored on
 * the `@` and walks outwards a bounded distance, so its cost is linear in the
 * text whatever the text is. Obfuscated spellings (`jan [at] x [dot] nl`)
 * are in email-obfuscated.ts.
 */

const AT = /@|\uFE6B|%(?:25)?40|&#0*64;|&#x0*40;|\\u0040|\\x40/gi;
// Labels of letters (any script), marks, digits and `-`; the TLD is letters
// only, or a punycode TLD (`xn--p1ai`). A digit may follow a non-Latin TLD
// (`例子.广告06…`: scripts without spaces), not a Latin one (`x.com06`).
const DOMAIN = /(?:[\p{L}\p{M}\p{Nd}-]{1,63}\.){1,8}(\p{L}[\p{L}\p{M}]{1,23}|xn--[a-z0-9-]{1,59})(?![\p{L}\p{M}-]|(?<=[A-Za-z0-9])[0-9])/uy;
const LOCAL_MAX = 64;
const LOCAL_CHAR = /^[\p{L}\p{M}\p{Nd}._%+-]$/u;
// `logo@2x.png`, `pkg@1.0.0/file.js`: asset names, not mailboxes. None is a real TLD.
const FILE_EXTENSIONS = new Set([
  'png',
  'jpg',
  'jpeg',
  'gif',
  'svg',
  'webp',
  'avif',
  'ico',
  'bmp',
  'css',
  'js',
  'mjs',
  'cjs',
  'ts',
  'tsx',
  'jsx',
  'map',
  'json',
  'html',
  'htm',
  'txt',
  'xml',
  'wasm',
]);

const isAsciiLocalChar = (c: number): boolean =>
  (c >= 48 && c <= 57) || (c >= 65 && c <= 90) || (c >= 97 && c <= 122) || c === 46 || c === 95 || c === 37 || c === 43 || c === 45; // . _ % + -

const isLocalChar = (s: string, i: number): boolean => {
  const c = s.charCodeAt(i);
  return c < 128 ? isAsciiLocalChar(c) : LOCAL_CHAR.test(s[i]!);
};

/** Start of the local part that ends at `at`, walking back at most LOCAL_MAX characters, never before `from`. */
export const localStart = (s: string, at: number, from: number): number => {
  let start = at;
  while (start > from && at - start < LOCAL_MAX && isLocalChar(s, start - 1)) start--;
  return start;
};

/** True when a domain's TLD is a file extension (`logo@2x.png`). */
export const isAssetTld = (tld: string): boolean => FILE_EXTENSIONS.has(tld.toLowerCase());

/** Replaces every email address in `s` with `[email]` (local part and domain). */
export const scrubEmails = (s: string): string => {
  AT.lastIndex = 0;
  if (!AT.test(s)) return s;
  AT.lastIndex = 0;
  let out = '';
  let from = 0;
  let m: RegExpExecArray | null;
  while ((m = AT.exec(s)) !== null) {
    const at = m.index;
    const start = localStart(s, at, from);
    if (start === at) continue;
    DOMAIN.lastIndex = at + m[0].length;
    const d = DOMAIN.exec(s);
    if (d === null || isAssetTld(d[1]!)) continue;
    out += s.slice(from, start) + P.email;
    from = DOMAIN.lastIndex;
    AT.lastIndex = from;
  }
  return from === 0 ? s : out + s.slice(from);
};
