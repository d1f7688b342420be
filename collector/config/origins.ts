/**
 * Which browser origins may send to an app. An app's `origins` list holds:
 * - an exact origin, `https://shop.example` (scheme, host and port compare exactly),
 * - a port wildcard, `http://localhost:*`: that scheme and host on any port,
 *   for local development servers that pick their port,
 * - `self`: the collector's own origin (an Origin equal to the request's Host),
 *   so a page served by the collector, like the demo, may send,
 * - `*`: any origin, only when configured on purpose.
 * A request without an Origin header is not from a page script and is let
 * through (the ingest key still gates it); `Origin: null` matches only `*`
 * or a literal `null` entry.
 */
export interface OriginPolicy {
  readonly any: boolean;
  readonly self: boolean;
  readonly exact: ReadonlySet<string>;
  /** `scheme://host` prefixes of port wildcards. */
  readonly anyPort: ReadonlySet<string>;
}

/** Throws a readable error for an entry that is none of the accepted forms. */
export const compileOrigins = (entries: readonly string[], where: string): OriginPolicy => {
  const exact = new Set<string>();
  const anyPort = new Set<string>();
  let any = false;
  let self = false;
  for (const entry of entries) {
    if (entry === '*') any = true;
    else if (entry === 'self') self = true;
    else if (entry === 'null') exact.add('null');
    else if (entry.endsWith(':*')) anyPort.add(parseOrigin(entry.slice(0, -2), where, entry).base);
    else exact.add(parseOrigin(entry, where, entry).origin);
  }
  return { any, self, exact, anyPort };
};

const parseOrigin = (text: string, where: string, entry: string): { origin: string; base: string } => {
  let url: URL;
  try {
    url = new URL(text);
  } catch {
    throw new Error(`${where}: origin "${entry}" is not a URL; write it as https://host[:port], http://host:*, self or *.`);
  }
  if (url.pathname !== '/' || url.search || url.hash || url.username) {
    throw new Error(`${where}: origin "${entry}" must be scheme://host[:port] only, without path, query or user.`);
  }
  return { origin: url.origin, base: `${url.protocol}//${url.hostname}` };
};

/** Splits `http://localhost:5173` into `http://localhost`, or undefined for `null` and junk. */
const withoutPort = (origin: string): string | undefined => {
  try {
    const url = new URL(origin);
    return `${url.protocol}//${url.hostname}`;
  } catch {
    return undefined;
  }
};

/** True when `origin` may send under `policy`; `host` is the request's Host header for `self`. */
export const originAllowed = (policy: OriginPolicy, origin: string | undefined, host: string | undefined): boolean => {
  if (origin === undefined || policy.any) return true;
  if (policy.exact.has(origin)) return true;
  if (policy.self && host !== undefined && (origin === `http://${host}` || origin === `https://${host}`)) return true;
  if (policy.anyPort.size === 0) return false;
  const base = withoutPort(origin);
  return base !== undefined && policy.anyPort.has(base);
};
