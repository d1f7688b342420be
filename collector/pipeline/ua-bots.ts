/**
 * Crawlers, link previewers, monitors and HTTP libraries, named. A bot keeps
 * its own name as the browser family (`Googlebot`, `bingbot`, `curl`) and is
 * flagged with the device class `bot`, so the analysis can leave it out.
 * ua-parser-js 1.x reads none of these.
 */

/** A product token as it is written in a UA; its major version follows `/` when there is one. */
export interface Product {
  name: string;
  major: number;
}

// Well-known fetchers whose names do not say "bot": link previewers, monitors,
// HTTP clients and scrapers. Matched case-sensitively, as they write themselves.
const KNOWN =
  /(?<![A-Za-z0-9])(facebookexternalhit|facebookcatalog|Slurp|Chrome-Lighthouse|Google-InspectionTool|Google-Read-Aloud|GoogleOther|Mediapartners-Google|AdsBot-Google|FeedFetcher-Google|WhatsApp|Pingdom[A-Za-z.]*|UptimeRobot|StatusCake|Site24x7|PhantomJS|curl|Wget|python-requests|python-urllib|aiohttp|Go-http-client|node-fetch|axios|undici|got|okhttp-bot|Java|libwww-perl|Scrapy|Apache-HttpClient|PostmanRuntime|HTTPie|Embedly|Iframely|SkypeUriPreview|vkShare|redditbot|Bytespider|CCBot|GPTBot|ChatGPT-User|ClaudeBot|anthropic-ai|PerplexityBot|Amazonbot|DataForSeoBot)(?:\/([0-9]{1,6}))?/;
// Anything that calls itself a bot, crawler or spider as a product token
// (`Googlebot/2.1`, `AhrefsBot/7.0`, `Slackbot-LinkExpanding`, `(compatible; Foobot)`),
// not a device name that happens to end so (`CUBOT X30`, a phone brand).
const SELF_NAMED = /(?<![A-Za-z0-9])([A-Za-z][A-Za-z0-9_.-]{0,30}?(?:bot|Bot|BOT|crawler|Crawler|spider|Spider))(?=[/;)-]|$)(?:[/-]v?([0-9]{1,6}))?/;
const SAFE_NAME = /^[A-Za-z][A-Za-z0-9_.-]{1,40}$/;

/** The bot's name and major version, or undefined when `ua` is not a known or self-declared bot. */
export const botProduct = (ua: string): Product | undefined => {
  const m = SELF_NAMED.exec(ua) ?? KNOWN.exec(ua);
  if (m === null || !SAFE_NAME.test(m[1]!)) return undefined;
  return { name: m[1]!, major: m[2] === undefined ? 0 : Number(m[2]) };
};
