import { P } from './placeholders.js';

/**
 * IP addresses (docs/privacy.md, rule 4): IPv4 with octets ≤ 255, IPv6 including
 * `::` compression, v4-mapped tails and zone ids (`%eth0`, `%25eth0`). A
 * dotted quad after a version marker (`v`, `version`, `versie`, `build`,
 * `release`, a product token `Name/`, or `@`) is a version and stays; a bare
 * one is an IP (privacy wins on ambiguity). Not applied to user agents.
 */

const V4 = /(?<![0-9A-Za-z.])([0-9]{1,3})\.([0-9]{1,3})\.([0-9]{1,3})\.([0-9]{1,3})(?![0-9A-Za-z]|\.[0-9])/g;
// Each group starts with `:`, so the split is unique; the final look-ahead
// keeps `a::after`, `std::vector` and clock times out.
const V6 = /(?<![0-9A-Za-z:.%])[0-9A-Fa-f]{0,4}(?::[0-9A-Fa-f]{0,4}){2,7}(?:\.[0-9]{1,3}){0,3}(?:%(?:25)?[0-9A-Za-z._~-]{1,32})?(?![0-9A-Za-z:])/g;
const VERSION_MARKER = /(?:(?:^|[^A-Za-z])(?:v|ver|version|versie|build|release)[\s:=]{0,3}|[A-Za-z][A-Za-z0-9_.-]{0,40}\/|@)$/i;
const HEX_GROUP = /^[0-9A-Fa-f]{1,4}$/;

const octetOk = (o: string): boolean => Number(o) <= 255;

/** True when four dotted parts are IPv4 octets. */
export const isIpv4 = (s: string): boolean => {
  const parts = s.split('.');
  return parts.length === 4 && parts.every((p) => /^[0-9]{1,3}$/.test(p) && octetOk(p));
};

/** True when `s` is an IPv6 address (zone id allowed). */
export const isIpv6 = (s: string): boolean => {
  const zone = s.indexOf('%');
  let addr = zone < 0 ? s : s.slice(0, zone);
  let extra = 0;
  const dot = addr.indexOf('.');
  if (dot >= 0) {
    const colon = addr.lastIndexOf(':');
    if (colon < 0 || colon > dot || !isIpv4(addr.slice(colon + 1))) return false;
    addr = addr.slice(0, colon + 1) + '0';
    extra = 1; // the v4 tail fills two groups, one already counted as '0'
  }
  const halves = addr.split('::');
  if (halves.length > 2) return false;
  const groups = halves.flatMap((h) => (h === '' ? [] : h.split(':')));
  if (!groups.every((g) => HEX_GROUP.test(g))) return false;
  const count = groups.length + extra;
  return halves.length === 2 ? count >= 1 && count <= 7 : count === 8;
};

/** Replaces every IP address in `s` with `[ip]`. */
export const scrubIps = (s: string): string => {
  let out = s;
  // v6 first: a v4-mapped address (`::ffff:10.0.0.1`) is one address.
  if (out.includes(':')) out = out.replace(V6, (m) => (isIpv6(m) ? P.ip : m));
  if (out.includes('.')) {
    out = out.replace(V4, (m, a: string, b: string, c: string, d: string, offset: number, whole: string) => {
      if (!octetOk(a) || !octetOk(b) || !octetOk(c) || !octetOk(d)) return m;
      return VERSION_MARKER.test(whole.slice(Math.max(0, offset - 48), offset)) ? m : P.ip;
    });
  }
  return out;
};
