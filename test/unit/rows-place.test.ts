import { describe, expect, it } from 'vitest';
import { rate } from '../../schema/index.js';
import type { ProcessedBatch, ProcessedEvent } from '../../collector/pipeline/types.js';
import { scrubBatch } from '../../collector/scrub/index.js';
import { rowObjects } from '../support/rows.js';

const lcp = (patch: Partial<Extract<ProcessedEvent, { type: 'vital' }>> = {}): ProcessedEvent => ({
  type: 'vital',
  ts: 1_764_345_600_000,
  name: 'LCP',
  value: 1800,
  delta: 1800,
  id: 'v5-lcp-00000001',
  nav: 'navigate',
  rating: rate('LCP', 1800),
  ...patch,
});

const batch = (events: ProcessedEvent[], place: { url?: string; route?: string } = {}): ProcessedBatch => ({
  app: 'demo',
  batch_id: '0b6f7c1e-3f7a-4d2e-9b1a-5c8d2e4f6a7b',
  session_id: 'sess-00000001',
  page_id: 'page-current',
  received_at: 1_764_345_601_000,
  clock_skew_ms: 0,
  sdk: '0.1.0',
  release: '',
  env: '',
  client: {},
  ua: { browser: 'Chrome', browser_major: 120, os: 'Linux', device_class: 'desktop' },
  user_hash: '',
  retention_days: 90,
  sample_rate: 1,
  events,
  ...place,
});

describe('vitals and workflows are filed under their page view', () => {
  it("take the envelope's url and route when they belong to its page view", () => {
    const rows = rowObjects(batch([lcp()], { url: 'https://shop.example/orders/:id', route: '/orders/:id' }));
    expect(rows.vitals?.[0]).toMatchObject({ page_id: 'page-current', route: '/orders/:id', url: 'https://shop.example/orders/:id' });
  });

  it('take their own place when they belong to an earlier page view (LCP reported at hide after a route change)', () => {
    const rows = rowObjects(
      batch([lcp({ page_id: 'page-earlier', route: '/', url: 'https://shop.example/' })], { route: '/cart', url: 'https://shop.example/cart' }),
    );
    expect(rows.vitals?.[0]).toMatchObject({ page_id: 'page-earlier', route: '/', url: 'https://shop.example/' });
  });

  it('are not filed under the envelope page when they name another page view without a place', () => {
    const rows = rowObjects(batch([lcp({ page_id: 'page-unknown' })], { route: '/cart' }));
    expect(rows.vitals?.[0]).toMatchObject({ page_id: 'page-unknown', route: '' });
  });

  it('have their places scrubbed before they become rows', () => {
    const scrubbed = scrubBatch(
      batch([lcp({ page_id: 'page-earlier', url: 'https://shop.example/u/jan.jansen@example.com?token=abc' }), lcp({ id: 'v5-lcp-00000002' })], {
        url: 'https://shop.example/orders/1234567?email=jan%40example.com',
      }),
    );
    const text = JSON.stringify(rowObjects(scrubbed));
    expect(text).not.toContain('jansen');
    expect(text).not.toContain('1234567');
    expect(text).not.toContain('jan%40example');
    expect(text).toContain('https://shop.example/orders/');
    expect(text).toContain('https://shop.example/u/');
  });
});
