import { randomUUID } from 'node:crypto';
import { exampleEvents } from './batches.js';

/**
 * Personal data seeded into every free-text place of a batch and every
 * header a browser or proxy might send, for the whole-system privacy test.
 * The card passes Luhn and the IIN check, the BSN the 11-proef, the IBAN its
 * mod-97 check: the scrubber has to recognise them, not guess.
 */
const EMAIL = 'alice.seed@example.com';
const EMAIL_ENCODED = 'alice.seed%40example.com';
const PHONE = '+31 6 48213957';
const IBAN = 'NL91ABNA0417164300';
const CARD = '4111 1111 1111 1111';
const BSN = '111222333';
const JWT = 'eyJhbGciOiJIUzI1NiIsInR5cCI6IkpXVCJ9.eyJzdWIiOiJzZWVkLXVzZXItOTkifQ.c2VlZC1zaWduYXR1cmUtOWYzYTdjLXNlZWQ';
const BEARER = 'seedbearerABCDEF0123456789';
const SK_LIVE = 'sk_live_51SeedSecretKey9f3a7c0123456789';
const QUERY_TOKEN = 'qtok-seed-77aa99bb';
const MAC = 'f0:18:98:a1:b2:c3';
const IMEI = '35-693803-564380-9';
const INTL_EMAIL = 'åsa.öberg@exempel.se';
const OBFUSCATED_EMAIL = 'alice [at] voorbeeld [dot] nl';
const E164 = '+4915123456789';
const VISIT = 'Dhr. Verhoeven, Kerkstraat 14b, 52.370216, 4.895168';
export const SOURCE_ADDRESS = '127.0.0.77';
export const USER_AGENT = 'Mozilla/5.0 (X11; Linux x86_64) PerceptSeed/9f3a7c Chrome/120.0.0.0 Safari/537.36';
/** Benign text that must land, so the test fails for the right reason. */
export const BENIGN_WORKFLOW = 'seed-benign-checkout';

/** Every string that must appear nowhere: logs, spool, ClickHouse. */
export const NEEDLES = [
  EMAIL,
  EMAIL_ENCODED,
  'alice@example.com',
  'alice%40example.com',
  '48213957',
  IBAN,
  'NL91 ABNA 0417 1643 00',
  CARD,
  CARD.replaceAll(' ', ''),
  BSN,
  JWT.split('.')[1]!,
  BEARER,
  SK_LIVE,
  QUERY_TOKEN,
  SOURCE_ADDRESS,
  'PerceptSeed',
  '203.0.113.9',
  'seedcookie',
  MAC,
  '564380',
  'åsa.öberg',
  'alice [at]',
  '15123456789',
  'Verhoeven',
  'Kerkstraat',
  '52.370216',
  '4.895168',
];

/** Headers of every request: raw user agent, forwarded address, credentials a proxy would pass on. */
export const SEED_HEADERS = {
  'user-agent': USER_AGENT,
  'x-forwarded-for': '203.0.113.9',
  authorization: `Bearer ${BEARER}`,
  cookie: 'session=seedcookie-9f3a7c',
  referer: `https://shop.example/account?email=${EMAIL_ENCODED}&token=${QUERY_TOKEN}`,
};

const url = `https://shop.example/account/${EMAIL}/orders/12345?email=${EMAIL_ENCODED}&token=${QUERY_TOKEN}&utm_source=mail`;

/** A valid batch with personal data in every free-text place. */
export const seededBatch = (now = Date.now()): Record<string, unknown> => {
  const [page, ttfb, fcp, lcp, inp, cls, workflow] = exampleEvents(now) as Record<string, unknown>[];
  return {
    v: 1,
    app: 'demo',
    key: 'demo-public-key',
    batch_id: randomUUID(),
    session_id: 'sess-seed-0001',
    page_id: 'page-seed-0001',
    sent_at: now,
    sdk: '0.1.0',
    release: `2026.11.1 ${EMAIL}`,
    env: `prod ${BSN}`,
    user_id: 'alice@example.com',
    client: { viewport_width: 1280, viewport_height: 800 },
    events: [
      {
        ...page,
        url,
        route: `/account/${EMAIL}/iban/${IBAN}`,
        referrer: `https://mail.example/inbox?email=${EMAIL_ENCODED}&phone=%2B31648213957&access_token=${JWT}`,
      },
      ttfb,
      fcp,
      {
        ...(lcp as object),
        attribution: { selector: `img[alt="${EMAIL}"]#card-${CARD.replaceAll(' ', '')}`, url: `https://cdn.example/hero.avif?token=${QUERY_TOKEN}&u=${EMAIL}` },
      },
      { ...(inp as object), attribution: { selector: `input[value="${PHONE}"]`, event: 'click' } },
      cls,
      {
        ...workflow,
        name: BENIGN_WORKFLOW,
        outcome: 'error',
        error: `Payment failed for ${EMAIL} card ${CARD} iban ${IBAN} bsn ${BSN} phone ${PHONE} auth Bearer ${BEARER} key ${SK_LIVE} jwt ${JWT}`,
        steps: [
          { name: `confirm ${EMAIL}`, start: 0, duration: 700 },
          { name: 'payment', start: 700, duration: 1150 },
        ],
        attrs: {
          plan: 'pro',
          email: EMAIL,
          note: `call ${PHONE}`,
          iban: IBAN,
          card: CARD,
          bsn_note: `bsn ${BSN}`,
          link: url,
          api: SK_LIVE,
          device_note: `wifi ${MAC} imei ${IMEI}`,
          contact_note: `mail ${INTL_EMAIL} or ${OBFUSCATED_EMAIL}, ${E164}`,
          visit_note: VISIT,
        },
      },
    ],
  };
};

/** Batches the collector refuses, each carrying personal data, so error paths run too. */
export const refusedBodies = (now = Date.now()): string[] => [
  JSON.stringify({ ...seededBatch(now), app: EMAIL }),
  JSON.stringify({
    ...seededBatch(now),
    events: [{ type: 'vital', name: 'LCP', ts: now, value: CARD, email: EMAIL, id: 'v5-seed-bad-0001', nav: 'navigate' }],
  }),
  JSON.stringify({ ...seededBatch(now), batch_id: `${EMAIL}-${BSN}` }),
  `{"v":1,"app":"demo","email":"${EMAIL}","iban":"${IBAN}",`,
];

/** A valid batch whose one invalid event names personal data; the rest is stored. */
export const partlyInvalidBatch = (now = Date.now()): Record<string, unknown> => {
  const batch = seededBatch(now);
  const events = batch.events as Record<string, unknown>[];
  return { ...batch, events: [...events, { ...events[1], phone: PHONE, id: `v5-${BSN}-x` }] };
};

/** Paths a seeded batch is posted to: an unknown key, and extra query parameters. */
export const seededPaths = [`/v1/batch?key=${EMAIL}&token=${QUERY_TOKEN}`, `/v1/batch?key=demo-public-key&email=${EMAIL_ENCODED}&token=${QUERY_TOKEN}`];
