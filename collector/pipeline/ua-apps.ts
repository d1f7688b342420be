import type { Product } from './ua-bots.js';

/**
 * Browsers the UA parser misses or misnames: WebViews, in-app browsers on
 * iOS and Android, and an app's own client (`MyClubApp/3.2.1 (iPhone; …)`).
 */

/** In-app browsers, by the token each app adds to the system WebView's UA. */
const IN_APP: readonly [RegExp, string][] = [
  [/\bFBAN\/|\bFBAV\/|\bFB_IAB\//, 'Facebook'],
  [/\bInstagram[ /]/, 'Instagram'],
  [/\bLinkedInApp\b/, 'LinkedIn'],
  [/\[?Pinterest\/|\bPinterest for /, 'Pinterest'],
  [/\bSnapchat\//, 'Snapchat'],
  [/\bTwitter for (?:iPhone|iPad|Android)\b|\bTwitterAndroid\b/, 'Twitter'],
  [/\bmusical_ly_|\bBytedanceWebview\b|\bTikTok\b/, 'TikTok'],
  [/\bGSA\//, 'Google App'],
  [/\bMicroMessenger\//, 'WeChat'],
  [/\bLine\//, 'LINE'],
  [/\bDiscord\//, 'Discord'],
  [/\bReddit\//, 'Reddit'],
];
const VERSION_AFTER: Readonly<Record<string, RegExp>> = {
  Facebook: /\bFBAV\/([0-9]{1,6})/,
  Instagram: /\bInstagram ([0-9]{1,6})/,
  LinkedIn: /\bLinkedInApp\/\[?version:?([0-9]{1,6})/,
  Pinterest: /\bPinterest\/([0-9]{1,6})/,
  Snapchat: /\bSnapchat\/([0-9]{1,6})/,
  Twitter: /\bTwitter for [A-Za-z]+\/([0-9]{1,6})/,
  TikTok: /\bmusical_ly_([0-9]{1,6})/,
  'Google App': /\bGSA\/([0-9]{1,6})/,
  WeChat: /\bMicroMessenger\/([0-9]{1,6})/,
  LINE: /\bLine\/([0-9]{1,6})/,
  Discord: /\bDiscord\/([0-9]{1,6})/,
  Reddit: /\bReddit\/([0-9]{1,6})/,
};

/** The in-app browser named by a token in `ua`, with its app's major version (0 when absent). */
export const inAppBrowser = (ua: string): Product | undefined => {
  for (const [pattern, name] of IN_APP) {
    if (!pattern.test(ua)) continue;
    const version = VERSION_AFTER[name]?.exec(ua);
    return { name, major: version ? Number(version[1]) : 0 };
  }
  return undefined;
};

/*
 * A Chrome WebView on Android: `; wv)` (Android 5+), or the older form that
 * carries `Version/4.0` beside a `Chrome/` token, which ua-parser-js reports as
 * "Android Browser 4" (developer.chrome.com/docs/multidevice/user-agent#webview_user_agent).
 */
const ANDROID_WEBVIEW = /; wv\)|\bVersion\/[0-9.]+ (?:Mobile )?Chrome\/|\bVersion\/[0-9.]+ Chrome\//;
const CHROME_MAJOR = /\bChrome\/([0-9]{1,4})/;

/** Chrome WebView and its Chrome major, or undefined when `ua` is not an Android WebView. */
export const androidWebView = (ua: string): Product | undefined => {
  if (!ua.includes('Android') || !ANDROID_WEBVIEW.test(ua)) return undefined;
  const major = CHROME_MAJOR.exec(ua);
  return major === null ? undefined : { name: 'Chrome WebView', major: Number(major[1]) };
};

// An app's own client: the UA starts with its product token, which no parser knows.
const LEADING_PRODUCT = /^([A-Za-z][A-Za-z0-9_.-]{1,39})\/v?([0-9]{1,6})(?:[.\s;(]|$)/;
// Tokens that name an engine, runtime or HTTP stack, not the app.
const NOT_AN_APP = new Set(['Mozilla', 'Opera', 'Dalvik', 'CFNetwork', 'Darwin', 'okhttp', 'AppleWebKit']);

/** The app's product token and major version when `ua` starts with one (`MyClubApp/3.2.1 …` → MyClubApp 3). */
export const appProduct = (ua: string): Product | undefined => {
  const m = LEADING_PRODUCT.exec(ua);
  if (m === null || NOT_AN_APP.has(m[1]!)) return undefined;
  return { name: m[1]!, major: Number(m[2]) };
};
