import { isIpv4 } from './ip.js';
import { P } from './placeholders.js';
import { scrubPlain } from './plain.js';
import { scrubPath } from './url-path.js';
import { scrubQuery } from './url-query.js';

/**
 * URLs and referrers (docs/privacy.md, url row), parsed by hand rather than with
 * WHATWG `URL`: that would normalise (lower-case hosts, resolve `..`, encode)
 * and throw on relative input, and scrubbing must change nothing but the
 * personal data. Userinfo is dropped, IP hosts become `[ip]`, then path,
 * query and fragment rules apply.
 */

const SCHEME = /^([A-Za-z][A-Za-z0-9+.-]{0,31}):/;
const URL_IN_TEXT = /(?<![A-Za-z0-9+.-])[A-Za-z][A-Za-z0-9+.-]{1,15}:\/\/[^\s"'<>`]{1,2048}/g;
const TRAILING_PUNCTUATION = /[.,;:!?]+$/;
const PHONE_SCHEMES = new Set(['tel', 'sms', 'callto', 'fax']);

/** Allow-listed query values may hold a whole URL (`ref=https://…`): scan them as text. */
const scanValue = (value: string): string => scrubUrlsIn(value, scrubPlain);

const scrubFragment = (fragment: string): string => {
  if (fragment === '') return fragment;
  // Hash routes are routes: `#/leden/123456/overzicht` keeps `#/leden/`.
  if (fragment[0] === '/' || fragment.startsWith('!/')) {
    const bang = fragment[0] === '!' ? '!' : '';
    return bang + scrubReference(fragment.slice(bang.length), false, false, false);
  }
  if (fragment.includes('=')) return scrubQuery(fragment, scanValue);
  if (fragment.includes('/')) return scrubReference(fragment, false, false, false);
  return scrubPlain(fragment);
};

/**
 * Index of the `?` that starts the query. In a route, `?/` belongs to the
 * path: `/accounts/:iban?/details` has an optional parameter, not a query.
 */
const queryStart = (s: string, end: number, route: boolean): number => {
  let q = s.indexOf('?');
  while (route && q >= 0 && q < end && s[q + 1] === '/') q = s.indexOf('?', q + 1);
  return q >= 0 && q < end ? q : -1;
};

/**
 * Scrubs `path?query#fragment` (no scheme, no authority). Inside a fragment
 * (`nested`) a further `#` is plain text, so `#/#/#/…` is one pass, not a recursion.
 */
const scrubReference = (s: string, fileUrl: boolean, route = false, nested = false): string => {
  const hash = nested ? -1 : s.indexOf('#');
  const end = hash < 0 ? s.length : hash;
  const q = queryStart(s, end, route);
  const path = s.slice(0, q < 0 ? end : q);
  let out = scrubPath(path, scanValue, fileUrl);
  if (q >= 0) out += `?${scrubQuery(s.slice(q + 1, end), scanValue)}`;
  if (hash >= 0) out += `#${scrubFragment(s.slice(hash + 1))}`;
  return out;
};

const scrubHost = (host: string): string => {
  if (host.startsWith('[')) {
    // An IPv6 literal (or our own `[ip]`); the port after `]` stays.
    const close = host.indexOf(']');
    return close < 0 ? P.ip : P.ip + host.slice(close + 1);
  }
  const colon = host.lastIndexOf(':');
  const name = colon < 0 ? host : host.slice(0, colon);
  return isIpv4(name) ? P.ip + host.slice(name.length) : host;
};

/** `//authority/path?query#fragment` without the leading slashes. */
const scrubHierarchical = (rest: string, fileUrl: boolean): string => {
  let end = rest.length;
  for (let i = 0; i < rest.length; i++) {
    const c = rest.charCodeAt(i);
    if (c === 47 || c === 63 || c === 35 || c === 92) {
      end = i;
      break;
    }
  }
  const authority = rest.slice(0, end);
  const host = authority.slice(authority.lastIndexOf('@') + 1);
  return scrubHost(host) + scrubReference(rest.slice(end), fileUrl);
};

const scrubOpaque = (scheme: string, rest: string): string => {
  if (rest === '') return rest;
  if (scheme === 'mailto') return P.email;
  if (PHONE_SCHEMES.has(scheme)) return P.phone;
  if (scheme === 'blob') return scrubUrl(rest);
  if (scheme === 'data') {
    const comma = rest.indexOf(',');
    return comma < 0 ? P.redacted : `${scrubPlain(rest.slice(0, comma))},${P.redacted}`;
  }
  return scrubPlain(rest);
};

/**
 * Scrubs one URL, absolute or relative. With `route` set, `?` after a
 * template parameter (`/accounts/:iban?`) is part of the path.
 */
export const scrubUrl = (s: string, route = false): string => {
  const m = SCHEME.exec(s);
  if (m !== null) {
    const scheme = m[1]!.toLowerCase();
    const rest = s.slice(m[0].length);
    if (rest.startsWith('//')) return `${m[0]}//${scrubHierarchical(rest.slice(2), scheme === 'file')}`;
    return m[0] + scrubOpaque(scheme, rest);
  }
  if (s.startsWith('//')) return `//${scrubHierarchical(s.slice(2), false)}`;
  return scrubReference(s, false, route);
};

/**
 * Scrubs text that may embed URLs: each `scheme://…` span gets the URL rules,
 * the text between spans gets `scrubGap`.
 */
export const scrubUrlsIn = (text: string, scrubGap: (gap: string) => string): string => {
  if (!text.includes('://')) return scrubGap(text);
  let out = '';
  let from = 0;
  // matchAll iterates a copy of the regex: allow-listed query values recurse here.
  for (const m of text.matchAll(URL_IN_TEXT)) {
    let url = m[0];
    // A sentence's full stop or a closing parenthesis is not part of the URL.
    url = url.replace(TRAILING_PUNCTUATION, '');
    if (url.endsWith(')') && !url.includes('(')) url = url.slice(0, -1).replace(TRAILING_PUNCTUATION, '');
    out += scrubGap(text.slice(from, m.index)) + scrubUrl(url);
    from = m.index + url.length;
  }
  return out + scrubGap(text.slice(from));
};
