import { createRequire } from 'node:module';
import type { ClientInfo } from './types.js';

interface UAResult {
  browser: { name?: string; major?: string };
  os: { name?: string };
  device: { type?: string };
}
type UAParserClass = new (ua: string) => { getResult(): UAResult };

// ua-parser-js 1.x (MIT) is CommonJS without type declarations.
const UAParser = createRequire(import.meta.url)('ua-parser-js') as UAParserClass;

/** Longer UAs are cut before parsing: real ones stay far below, and it bounds the regex work. */
const MAX_UA_LENGTH = 512;
const CACHE_SIZE = 2000;
const BOT = /bot\b|crawl|spider|slurp|facebookexternalhit|bingpreview|lighthouse|pingdom|uptime/i;
const DESKTOP_OS: ReadonlySet<string> = new Set([
  'Windows',
  'Mac OS',
  'macOS',
  'Linux',
  'Ubuntu',
  'Debian',
  'Fedora',
  'Chrome OS',
  'Chromium OS',
  'FreeBSD',
  'OpenBSD',
]);
const UNKNOWN: ClientInfo = Object.freeze({ browser: '', browser_major: 0, os: '', device_class: 'unknown' });

const cache = new Map<string, ClientInfo>();

const deviceClass = (ua: string, result: UAResult): ClientInfo['device_class'] => {
  if (BOT.test(ua)) return 'bot';
  const type = result.device.type;
  if (type === 'mobile' || type === 'wearable') return 'mobile';
  if (type === 'tablet') return 'tablet';
  if (type === undefined && result.os.name !== undefined && DESKTOP_OS.has(result.os.name)) return 'desktop';
  return 'unknown';
};

const parse = (ua: string): ClientInfo => {
  const result = new UAParser(ua).getResult();
  const major = Number.parseInt(result.browser.major ?? '', 10);
  return {
    browser: (result.browser.name ?? '').slice(0, 64),
    browser_major: Number.isSafeInteger(major) && major >= 0 ? major : 0,
    os: (result.os.name ?? '').slice(0, 64),
    device_class: deviceClass(ua, result),
  };
};

/**
 * Reduces a User-Agent header to coarse fields: browser family, major
 * version, OS and device class. The raw header goes no further than this
 * function. Results are cached (a few thousand distinct UAs cover most traffic),
 * evicting the oldest entry when full.
 */
export const clientInfo = (userAgent: string | undefined): ClientInfo => {
  if (!userAgent) return UNKNOWN;
  const ua = userAgent.slice(0, MAX_UA_LENGTH);
  const hit = cache.get(ua);
  if (hit) return hit;
  const info = parse(ua);
  if (cache.size >= CACHE_SIZE) cache.delete(cache.keys().next().value!);
  cache.set(ua, info);
  return info;
};
