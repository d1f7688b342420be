/**
 * Minimises a URL at the source: no userinfo, no fragment, and only the
 * allowlisted query parameters. Non-http URLs (data:, blob:) shrink to their
 * scheme, since their body can be large or personal. An absolute http(s) URL
 * with none of those parts is already minimal and skips the URL parser, which
 * is most page and resource URLs.
 */
export const cleanUrl = (raw: string, allow: readonly string[]): string => {
  try {
    if (!/^https?:\/\/[^@?#]*$/.test(raw)) {
      const url = new URL(raw, location.href);
      const kept = new URLSearchParams();
      url.searchParams.forEach((value, key) => allow.includes(key) && kept.append(key, value));
      url.search = '' + kept;
      url.hash = url.username = url.password = '';
      raw = /^https?:$/.test(url.protocol) ? url.href : url.protocol;
    }
    return raw.slice(0, 2048);
  } catch {
    return '';
  }
};
