/** Percent-decoding that never throws, for looking at URL parts (never for rebuilding them). */

const ESCAPES = /(?:%[0-9A-Fa-f]{2})+/g;

/** Decodes `%XX` runs; a malformed run (a stray byte of UTF-8) stays as written. */
export const decodeLoose = (s: string): string => {
  if (!s.includes('%')) return s;
  return s.replace(ESCAPES, (m) => {
    try {
      return decodeURIComponent(m);
    } catch {
      return m;
    }
  });
};

/**
 * Decodes a query key or value for scanning. `+` stays a plus, not a space:
 * `?ref=+31612345678` is a phone and `jan+news%40x.nl` one address, and a
 * space would split them past the detectors.
 */
export const decodeQueryPart = decodeLoose;

const READABLE: Readonly<Record<string, string>> = { '%5B': '[', '%5D': ']', '%3A': ':', '%2F': '/' };

/**
 * Encodes a scrubbed query value. Brackets, `:` and `/` (legal in a query)
 * stay as written so placeholders such as `[email]` and `:id` stay readable.
 */
export const encodeQueryPart = (s: string): string => encodeURIComponent(s).replace(/%5B|%5D|%3A|%2F/g, (m) => READABLE[m]!);
