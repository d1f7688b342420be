import { describe, expect, it } from 'vitest';
import { clientInfo } from '../../collector/pipeline/ua.js';
import type { ClientInfo } from '../../collector/pipeline/types.js';

/** Real User-Agent strings of every kind the collector must read right, with what must be stored. */
const CORPUS: [string, string, Partial<ClientInfo>][] = [
  // Browsers
  [
    'Chrome on Windows',
    'Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/131.0.0.0 Safari/537.36',
    { browser: 'Chrome', browser_major: 131, os: 'Windows', device_class: 'desktop', device_model: '' },
  ],
  [
    'Safari on iPhone',
    'Mozilla/5.0 (iPhone; CPU iPhone OS 17_1 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/17.1 Mobile/15E148 Safari/604.1',
    { browser: 'Mobile Safari', browser_major: 17, os: 'iOS', device_class: 'mobile', device_model: 'iPhone' },
  ],
  [
    'Chrome on a Galaxy',
    'Mozilla/5.0 (Linux; Android 14; SM-S918B) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/120.0.0.0 Mobile Safari/537.36',
    { browser: 'Chrome', browser_major: 120, os: 'Android', device_class: 'mobile', device_model: 'SM-S918B' },
  ],
  [
    'Chrome reduced UA',
    'Mozilla/5.0 (Linux; Android 10; K) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/120.0.0.0 Mobile Safari/537.36',
    { browser: 'Chrome', device_class: 'mobile', device_model: '' },
  ],
  [
    'Chrome on iOS',
    'Mozilla/5.0 (iPhone; CPU iPhone OS 17_1 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) CriOS/120.0.6099.119 Mobile/15E148 Safari/604.1',
    { browser: 'Chrome', browser_major: 120, os: 'iOS', device_model: 'iPhone' },
  ],
  [
    'Safari on iPad',
    'Mozilla/5.0 (iPad; CPU OS 17_1 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/17.1 Mobile/15E148 Safari/604.1',
    { device_class: 'tablet', device_model: 'iPad' },
  ],
  [
    'Headless Chrome (synthetic checks, tests)',
    'Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) HeadlessChrome/120.0.6099.109 Safari/537.36',
    { browser: 'Chrome Headless', browser_major: 120, device_class: 'desktop' },
  ],
  // WebViews
  [
    'Android WebView (wv)',
    'Mozilla/5.0 (Linux; Android 13; Pixel 7 Build/TQ3A.230805.001; wv) AppleWebKit/537.36 (KHTML, like Gecko) Version/4.0 Chrome/120.0.6099.144 Mobile Safari/537.36',
    { browser: 'Chrome WebView', browser_major: 120, os: 'Android', device_class: 'mobile', device_model: 'Pixel 7' },
  ],
  [
    'Android WebView without wv',
    'Mozilla/5.0 (Linux; Android 13; SM-A536B) AppleWebKit/537.36 (KHTML, like Gecko) Version/4.0 Chrome/119.0.6045.163 Mobile Safari/537.36',
    { browser: 'Chrome WebView', browser_major: 119, device_model: 'SM-A536B' },
  ],
  [
    'iOS WKWebView, no app token',
    'Mozilla/5.0 (iPhone; CPU iPhone OS 17_1 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Mobile/15E148',
    { browser: 'iOS WebView', browser_major: 17, os: 'iOS', device_model: 'iPhone' },
  ],
  [
    'old Android stock browser stays itself',
    'Mozilla/5.0 (Linux; U; Android 4.4.2; en-us; SM-T230 Build/KOT49H) AppleWebKit/534.30 (KHTML, like Gecko) Version/4.0 Safari/534.30',
    { browser: 'Android Browser', browser_major: 4, device_class: 'tablet' },
  ],
  // In-app browsers
  [
    'Facebook on iOS',
    'Mozilla/5.0 (iPhone; CPU iPhone OS 17_1 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Mobile/15E148 [FBAN/FBIOS;FBDV/iPhone14,5;FBMD/iPhone;FBSN/iOS;FBSV/17.1;FBSS/3;FBID/phone;FBLC/nl_NL;FBOP/5;FBAV/441.0.0.23.105]',
    { browser: 'Facebook', browser_major: 441, os: 'iOS', device_model: 'iPhone' },
  ],
  [
    'Facebook on Android',
    'Mozilla/5.0 (Linux; Android 13; SM-A536B Build/TP1A.220624.014; wv) AppleWebKit/537.36 (KHTML, like Gecko) Version/4.0 Chrome/119.0.6045.163 Mobile Safari/537.36 [FB_IAB/FB4A;FBAV/441.0.0.23.105;]',
    { browser: 'Facebook', browser_major: 441, os: 'Android' },
  ],
  [
    'Instagram on iOS',
    'Mozilla/5.0 (iPhone; CPU iPhone OS 17_1 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Mobile/15E148 Instagram 307.0.0.34.111 (iPhone14,5; iOS 17_1; nl_NL; nl; scale=3.00; 1170x2532; 530338736)',
    { browser: 'Instagram', browser_major: 307, os: 'iOS' },
  ],
  [
    'LinkedIn on iOS',
    'Mozilla/5.0 (iPhone; CPU iPhone OS 17_0 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Mobile/15E148 LinkedInApp',
    { browser: 'LinkedIn', browser_major: 0, os: 'iOS' },
  ],
  [
    'Pinterest on iOS',
    'Mozilla/5.0 (iPhone; CPU iPhone OS 17_1 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Mobile/15E148 [Pinterest/iOS]',
    { browser: 'Pinterest' },
  ],
  [
    'TikTok on iOS',
    'Mozilla/5.0 (iPhone; CPU iPhone OS 16_6 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Mobile/15E148 musical_ly_30.5.0 JsSdk/2.0 NetType/WIFI Channel/App Store ByteLocale/en Region/US',
    { browser: 'TikTok', browser_major: 30 },
  ],
  [
    'Snapchat on iOS',
    'Mozilla/5.0 (iPhone; CPU iPhone OS 17_1 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Mobile/15E148 Snapchat/12.60.0.46 (like Safari/8617.2.4.10.8, panda)',
    { browser: 'Snapchat', browser_major: 12 },
  ],
  [
    'Google App on iOS',
    'Mozilla/5.0 (iPhone; CPU iPhone OS 17_1 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) GSA/292.0.585775307 Mobile/15E148 Safari/604.1',
    { browser: 'Google App', browser_major: 292 },
  ],
  [
    'Twitter on iOS',
    'Mozilla/5.0 (iPhone; CPU iPhone OS 17_1 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Mobile/15E148 Twitter for iPhone/10.20',
    { browser: 'Twitter', browser_major: 10 },
  ],
  // Bots keep their names and are flagged.
  ['Googlebot', 'Mozilla/5.0 (compatible; Googlebot/2.1; +http://www.google.com/bot.html)', { browser: 'Googlebot', browser_major: 2, device_class: 'bot' }],
  [
    'Googlebot smartphone',
    'Mozilla/5.0 (Linux; Android 6.0.1; Nexus 5X Build/MMB29P) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/120.0.6099.71 Mobile Safari/537.36 (compatible; Googlebot/2.1; +http://www.google.com/bot.html)',
    { browser: 'Googlebot', browser_major: 2, os: 'Android', device_class: 'bot' },
  ],
  ['bingbot', 'Mozilla/5.0 (compatible; bingbot/2.0; +http://www.bing.com/bingbot.htm)', { browser: 'bingbot', browser_major: 2, device_class: 'bot' }],
  ['Applebot', 'Mozilla/5.0 (compatible; Applebot/0.1; +http://www.apple.com/go/applebot)', { browser: 'Applebot', device_class: 'bot' }],
  [
    'GPTBot',
    'Mozilla/5.0 AppleWebKit/537.36 (KHTML, like Gecko; compatible; GPTBot/1.0; +https://openai.com/gptbot)',
    { browser: 'GPTBot', browser_major: 1, device_class: 'bot' },
  ],
  ['Baiduspider', 'Mozilla/5.0 (compatible; Baiduspider/2.0; +http://www.baidu.com/search/spider.html)', { browser: 'Baiduspider', device_class: 'bot' }],
  [
    'Facebook link preview',
    'facebookexternalhit/1.1 (+http://www.facebook.com/externalhit_uatext.php)',
    { browser: 'facebookexternalhit', browser_major: 1, device_class: 'bot' },
  ],
  [
    'Lighthouse',
    'Mozilla/5.0 (Linux; Android 11; moto g power (2022)) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/119.0.0.0 Mobile Safari/537.36 Chrome-Lighthouse',
    { browser: 'Chrome-Lighthouse', device_class: 'bot' },
  ],
  ['Slackbot link expander', 'Slackbot-LinkExpanding 1.0 (+https://api.slack.com/robots)', { browser: 'Slackbot', device_class: 'bot' }],
  [
    'a phone brand ending in "bot" is not a bot',
    'Mozilla/5.0 (Linux; Android 10; CUBOT X30) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/120.0.0.0 Mobile Safari/537.36',
    { browser: 'Chrome', device_class: 'mobile' },
  ],
  ['curl', 'curl/8.5.0', { browser: 'curl', browser_major: 8, device_class: 'bot' }],
  ['python-requests', 'python-requests/2.31.0', { browser: 'python-requests', browser_major: 2, device_class: 'bot' }],
  // An app's own client keeps its product token.
  [
    'custom app on iPhone',
    'MyClubApp/3.2.1 (iPhone; iOS 17.1; Scale/3.00)',
    { browser: 'MyClubApp', browser_major: 3, os: 'iOS', device_class: 'mobile', device_model: 'iPhone' },
  ],
  [
    'custom app on Android',
    'MyClubApp/3.2.1 (Linux; Android 14; SM-S918B) okhttp/4.12.0',
    { browser: 'MyClubApp', browser_major: 3, os: 'Android', device_model: 'SM-S918B' },
  ],
  ['custom app over CFNetwork', 'MyClubApp/3.2.1 CFNetwork/1485 Darwin/23.1.0', { browser: 'MyClubApp', browser_major: 3 }],
  [
    'Dalvik is a runtime, not an app',
    'Dalvik/2.1.0 (Linux; U; Android 13; SM-A536B Build/TP1A.220624.014)',
    { browser: '', browser_major: 0, os: 'Android', device_model: 'SM-A536B' },
  ],
  // Nothing personal survives from a custom UA.
  ['an app token that is an email', 'jan.jansen@example.com/1.0 (iPhone; iOS 17.1)', { browser: '', browser_major: 0 }],
  [
    'an IMEI as the model',
    'Mozilla/5.0 (Linux; Android 13; 356938035643809) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/120.0.0.0 Mobile Safari/537.36',
    { browser: 'Chrome', device_model: '' },
  ],
  ['nothing', '', { browser: '', browser_major: 0, os: '', device_class: 'unknown', device_model: '' }],
];

describe('user agents read right', () => {
  it.each(CORPUS)('%s', (_label, ua, expected) => {
    expect(clientInfo(ua)).toMatchObject(expected);
  });

  it('never stores the raw string, an email, an id or an IMEI that a UA carries', () => {
    for (const [, ua] of CORPUS) {
      const stored = Object.values(clientInfo(ua)).join(' ');
      if (ua.length > 40) expect(stored).not.toContain(ua);
      expect(stored).not.toMatch(/@|[0-9]{9,}/);
    }
    const info = clientInfo('MyApp/2.0 (Android 14; Pixel 8; user=jan@example.com; imei=356938035643809)');
    expect(JSON.stringify(info)).not.toMatch(/jan|356938035643809/);
  });

  it('reads the same string the same way every time (cached or not)', () => {
    const ua = CORPUS[0]![1];
    expect(clientInfo(ua)).toEqual(clientInfo(`${ua}`));
  });
});
