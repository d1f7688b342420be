/**
 * Minimises a URL at the source: no userinfo, no fragment, and only the
 * allowlisted query parameters. Non-http URLs (data:, blob:) shrink to their
 * scheme, since their body can be large or personal.
 */
export const cleanUrl = (raw: string, allow: readonly string[]): string => {
  try {
    const url = new URL(raw, location.href);
    const kept = new URLSearchParams();
    url.searchParams.forEach((value, key) => allow.includes(key) && kept.append(key, value));
    url.search = '' + kept;
    url.hash = url.username = url.password = '';
    return /^https?:$/.test(url.protocol) ? url.href.slice(0, 2048) : url.protocol;
  } catch {
    return '';
  }
};
