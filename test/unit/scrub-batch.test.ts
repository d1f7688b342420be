import { describe, expect, it } from 'vitest';
import type { Batch } from '../../schema/index.js';
import type { ProcessedBatch, ProcessedEvent } from '../../collector/pipeline/types.js';
import { scrubBatch } from '../../collector/scrub/index.js';
import { exampleBatch, processedFrom } from '../support/batches.js';

const toProcessed = (batch: Batch): ProcessedBatch => processedFrom(batch);

/** Seeded personal data, one value per free-text place; none may survive. */
const PII = {
  email: 'jan.jansen@example.com',
  emailEncoded: 'piet%40example.org',
  phone: '06-12345678',
  iban: 'NL91ABNA0417164300',
  card: '4111 1111 1111 1111',
  bsn: '111222333',
  ip: '192.168.178.23',
  jwt: 'eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiIxIn0.c2lnbmF0dXJl',
  userName: 'Jan.de.Vries',
  query: 'zoekterm-geheim',
  orderId: '99887766',
  uuid: '3f2504e0-4f89-11d3-9a0c-0305e82c3301',
  password: 'hunter2-secret',
  postcode: '1012 LG',
  homeUser: 'marieke',
};

const seeded = (): ProcessedBatch => {
  const batch = toProcessed(exampleBatch({ release: `2026.11.1 by ${PII.email}`, env: `prod-${PII.phone}` }));
  batch.events = batch.events.map((e): ProcessedEvent => {
    if (e.type === 'page') {
      return {
        ...e,
        url: `https://shop.example/users/${PII.userName}/orders/${PII.orderId}?q=${PII.query}&utm_source=mail&page=2#/leden/${PII.orderId}/overzicht`,
        referrer: `https://${PII.emailEncoded}:pw@ref.example/?email=${PII.emailEncoded}`,
        route: `/orders/${PII.orderId}`,
      };
    }
    if (e.type === 'vital' && e.attribution?.selector !== undefined) {
      return {
        ...e,
        attribution: {
          ...e.attribution,
          selector: `main>img.hero#row-${PII.uuid}[alt="${PII.email}"]`,
          url: `https://cdn.example/u/${PII.uuid}/hero.avif?token=${PII.jwt}`,
        },
      };
    }
    if (e.type === 'workflow') {
      return {
        ...e,
        name: `checkout for ${PII.email}`,
        steps: [
          { name: 'address', start: 0, duration: 700 },
          { name: `payment ${PII.iban}`, start: 700, duration: 1150 },
        ],
        attrs: {
          plan: 'pro',
          items: 3,
          express: true,
          password: PII.password,
          [PII.email]: 'x',
          note: `call ${PII.phone} from ${PII.ip}`,
          ref: Number(PII.bsn),
          card_ref: 4111111111111111,
          postcode_hint: 'x',
          delivery_area: PII.postcode,
          token_refresh_ms: 350,
        },
        outcome: 'error',
        error: `Failed at C:\\Users\\${PII.homeUser}\\app.js: card ${PII.card} rejected (see https://api.example/pay?sig=${PII.jwt})`,
      };
    }
    return e;
  });
  return batch;
};

describe('scrubBatch', () => {
  it('leaves no seeded personal data anywhere in the batch', () => {
    const json = JSON.stringify(scrubBatch(seeded()));
    for (const [name, value] of Object.entries(PII)) {
      expect(json, name).not.toContain(value);
    }
    expect(json).not.toContain('jan.jansen');
    expect(json).not.toContain('12345678');
  });

  it('keeps the benign text', () => {
    const out = scrubBatch(seeded());
    const json = JSON.stringify(out);
    for (const benign of [
      'shop.example',
      'utm_source=mail',
      'page=2',
      '#/leden/',
      'main>img.hero',
      'cdn.example',
      'hero.avif',
      'checkout for',
      'address',
      'payment',
      '2026.11.1',
      'prod-',
      'app.js',
    ]) {
      expect(json).toContain(benign);
    }
    const page = out.events.find((e) => e.type === 'page');
    expect(page?.type === 'page' && page.route).toBe('/orders/:id');
    const workflow = out.events.find((e) => e.type === 'workflow');
    if (workflow?.type !== 'workflow') throw new Error('fixture lost its workflow');
    expect(workflow.attrs).toMatchObject({
      plan: 'pro',
      items: 3,
      express: true,
      password: '[redacted]',
      '[email]': 'x',
      ref: '[bsn]',
      card_ref: '[card]',
      postcode_hint: '[redacted]',
      delivery_area: '[postcode]',
      token_refresh_ms: 350,
    });
  });

  it('returns a new batch and does not touch its input', () => {
    const input = seeded();
    const before = structuredClone(input);
    const out = scrubBatch(input);
    expect(input).toEqual(before);
    expect(out).not.toBe(input);
    expect(out.events[0]).not.toBe(input.events[0]);
  });

  it('passes the unseeded fixture through unchanged but for ids in paths', () => {
    const input = toProcessed(exampleBatch());
    const out = scrubBatch(input);
    expect({ ...out, events: out.events.slice(1) }).toEqual({ ...input, events: input.events.slice(1) });
    const page = out.events[0];
    expect(page?.type === 'page' && page.url).toBe('https://shop.example/orders/:id?utm_source=mail');
  });

  it('keeps a dotted-quad release: a release is a version', () => {
    const out = scrubBatch(toProcessed(exampleBatch({ release: '4.2.0.17' })));
    expect(out.release).toBe('4.2.0.17');
  });
});
