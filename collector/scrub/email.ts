import { P } from './placeholders.js';

/**
 * Email addresses in every encoding a field can carry: raw `@`, `%40`,
 * double-encoded `%2540`, HTML entities and JS escapes (docs/privacy.md, rule 2).
 * The scan is anchored on the `@` and walks outwards a bounded distance, so
 * its cost is linear in the text whatever the text is.
 */

const AT = /@|%(?:25)?40|&#0*64;|&#x0*40;|\\u0040|\\x40/gi;
const DOMAIN = /(?:[A-Za-z0-9-]{1,63}\.){1,8}([A-Za-z]{2,24})(?![A-Za-z0-9-])/y;
const LOCAL_MAX = 64;
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

const isLocalChar = (c: number): boolean =>
  (c >= 48 && c <= 57) || (c >= 65 && c <= 90) || (c >= 97 && c <= 122) || c === 46 || c === 95 || c === 37 || c === 43 || c === 45; // . _ % + -

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
    let start = at;
    while (start > from && at - start < LOCAL_MAX && isLocalChar(s.charCodeAt(start - 1))) start--;
    if (start === at) continue;
    DOMAIN.lastIndex = at + m[0].length;
    const d = DOMAIN.exec(s);
    if (d === null || FILE_EXTENSIONS.has(d[1]!.toLowerCase())) continue;
    out += s.slice(from, start) + P.email;
    from = DOMAIN.lastIndex;
    AT.lastIndex = from;
  }
  return from === 0 ? s : out + s.slice(from);
};
