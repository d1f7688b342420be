import { isAssetTld, localStart } from './email.js';
import { P } from './placeholders.js';

/**
 * Obfuscated email addresses (docs/privacy.md): `jan [at] example [dot] nl`,
 * `jan(at)example.nl`, `jan {at} example {dot} nl`, `jan AT example DOT nl`.
 * A bracketed `at` is enough; a bare ` at ` counts only when the domain is
 * spelled with a `dot` word too, so prose such as "failed at Object.render
 * (app.js)" stays.
 */

// `[at]`, `(at)`, `{at}`, `<at>` with optional spaces, or ` at ` between spaces; any case.
const AT_WORD = /\s{0,3}[[({<]\s{0,3}at\s{0,3}[\])}>]\s{0,3}|\s{1,3}at\s{1,3}/giy;
const AT_HINT = /(?:^|[^\p{L}])at(?:$|[^\p{L}])/iu;
// A domain label, then its separator: `.`, a bracketed `dot`, or ` dot `.
const LABEL = /[\p{L}\p{M}\p{Nd}-]{1,63}/uy;
const DOT_WORD = /\s{0,3}[[({<]\s{0,3}dot\s{0,3}[\])}>]\s{0,3}|\s{1,3}dot\s{1,3}/iy;
const TLD = /^(?:\p{L}[\p{L}\p{M}]{1,23}|xn--[a-z0-9-]{1,59})$/iu;
const SCAN = /at/gi;

/** End of a domain of ≥ 2 labels starting at `i`, and whether a `dot` word separated its labels; null when none. */
const domainEnd = (s: string, i: number): { end: number; dotWord: boolean } | null => {
  let pos = i;
  let labels = 0;
  let dotWord = false;
  let lastLabel = '';
  let end = -1;
  let dotWordBeforeEnd = false;
  while (labels < 9) {
    LABEL.lastIndex = pos;
    const label = LABEL.exec(s);
    if (label === null) break;
    labels += 1;
    pos = LABEL.lastIndex;
    lastLabel = label[0];
    if (labels >= 2 && TLD.test(lastLabel) && !isAssetTld(lastLabel)) {
      end = pos;
      dotWordBeforeEnd = dotWord;
    }
    if (s[pos] === '.') {
      pos += 1;
      continue;
    }
    DOT_WORD.lastIndex = pos;
    const dot = DOT_WORD.exec(s);
    if (dot === null) break;
    dotWord = true;
    pos = DOT_WORD.lastIndex;
  }
  return end < 0 ? null : { end, dotWord: dotWordBeforeEnd };
};

/** Replaces every obfuscated email address in `s` with `[email]`. */
export const scrubObfuscatedEmails = (s: string): string => {
  if (!AT_HINT.test(s)) return s;
  let out = '';
  let from = 0;
  SCAN.lastIndex = 0;
  let m: RegExpExecArray | null;
  while ((m = SCAN.exec(s)) !== null) {
    // Back up over the opening bracket and spaces of the marker.
    let markerStart = m.index;
    while (markerStart > from && m.index - markerStart < 7 && /[\s[({<]/.test(s[markerStart - 1]!)) markerStart--;
    AT_WORD.lastIndex = markerStart;
    const marker = AT_WORD.exec(s);
    if (marker === null || marker.index !== markerStart) continue;
    const start = localStart(s, markerStart, from);
    if (start === markerStart) continue;
    const bracketed = /[[({<]/.test(marker[0]);
    const domain = domainEnd(s, AT_WORD.lastIndex);
    if (domain === null || (!bracketed && !domain.dotWord)) continue;
    out += s.slice(from, start) + P.email;
    from = domain.end;
    SCAN.lastIndex = from;
  }
  return from === 0 ? s : out + s.slice(from);
};
