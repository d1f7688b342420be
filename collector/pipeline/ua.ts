import { createRequire } from 'node:module';
import { scrub } from '../scrub/index.js';
import { androidWebView, appProduct, inAppBrowser } from './ua-apps.js';
import { botProduct, type Product } from './ua-bots.js';
import type { ClientInfo } from './types.js';

interface UAResult {
  browser: { name?: string; major?: string };
  os: { name?: string; version?: string };
  device: { type?: string; model?: string };
}
type UAParserClass = new (ua: string) => { getResult(): UAResult };

// ua-parser-js 1.x (MIT) is CommonJS without type declarations.
const UAParser = createRequire(import.meta.url)('ua-parser-js') as UAParserClass;

/** Longer UAs are cut before parsing: real ones stay far below, and it bounds the regex work. */
const MAX_UA_LENGTH = 512;
const CACHE_SIZE = 2000;
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
const UNKNOWN: ClientInfo = Object.freeze({ browser: '', browser_major: 0, os: '', device_class: 'unknown', device_model: '' });
// What may be stored as a browser family or device model: a short plain name.
const SAFE_NAME = /^[A-Za-z0-9][A-Za-z0-9 ()._+-]{0,39}$/;
// Chrome's reduced UA writes the model as "K" (developer.chrome.com/docs/privacy-security/user-agent-client-hints).
const NO_MODEL = new Set(['K']);

const cache = new Map<string, ClientInfo>();

/** `name` when it is a plain short name that holds no personal data (a custom UA can carry an email or IMEI), else ''. */
const safe = (name: string | undefined): string => (name !== undefined && SAFE_NAME.test(name) && scrub('user_agent', name) === name ? name : '');

const majorOf = (version: string | undefined): number => {
  const major = Number.parseInt(version ?? '', 10);
  return Number.isSafeInteger(major) && major >= 0 && major < 65536 ? major : 0;
};

/**
 * The browser family: a bot's own name; an in-app browser or WebView the
 * parser misses or misnames; the parser's answer; and, when the parser knows
 * no browser (or only the bare engine), the app's own product token.
 */
const browserOf = (ua: string, result: UAResult, bot: Product | undefined): Product => {
  if (bot) return bot;
  const known = inAppBrowser(ua) ?? androidWebView(ua);
  if (known) return known;
  const name = result.browser.name;
  if (name !== undefined && name !== 'WebKit') return { name, major: majorOf(result.browser.major) };
  const app = appProduct(ua);
  if (app) return app;
  // A WKWebView with no app token: its engine is the iOS version's.
  if (name === 'WebKit' && result.os.name === 'iOS') return { name: 'iOS WebView', major: majorOf(result.os.version) };
  return { name: name ?? '', major: majorOf(result.browser.major) };
};

const deviceClass = (result: UAResult, bot: Product | undefined): ClientInfo['device_class'] => {
  if (bot) return 'bot';
  const type = result.device.type;
  if (type === 'mobile' || type === 'wearable') return 'mobile';
  if (type === 'tablet') return 'tablet';
  if (type === undefined && result.os.name !== undefined && DESKTOP_OS.has(result.os.name)) return 'desktop';
  return 'unknown';
};

const parse = (ua: string): ClientInfo => {
  const result = new UAParser(ua).getResult();
  const bot = botProduct(ua);
  const browser = browserOf(ua, result, bot);
  const model = result.device.model;
  const name = safe(browser.name);
  return {
    browser: name,
    browser_major: name === '' ? 0 : browser.major,
    os: safe(result.os.name),
    device_class: deviceClass(result, bot),
    device_model: model === undefined || NO_MODEL.has(model) ? '' : safe(model),
  };
};

/**
 * Reduces a User-Agent header to coarse fields: browser family (bots by
 * name, WebViews and in-app browsers as such, an app's own product token
 * when no browser matches), major version, OS, device class and device
 * model (`iPhone`, `Pixel 7`, `SM-S918B`). The raw header goes no further
 * than this function, and no field keeps text the scrubber would remove.
 * Results are cached (a few thousand distinct UAs cover most traffic),
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
