import { describe, expect, it } from 'vitest';
import type { PageEvent } from '../../schema/index.js';
import { isPage, isVital, waitFor, waitForEvent, type Delivered } from '../support/e2e/beacons.js';
import { chromiumAvailable } from '../support/e2e/chromium.js';
import { leave, useE2E } from '../support/e2e/fixture.js';

const pageOfKind =
  (kind: PageEvent['kind']) =>
  (d: Delivered): d is Delivered<PageEvent> =>
    isPage(d) && d.event.kind === kind;

describe.skipIf(!chromiumAvailable())('single-page apps in Chromium', () => {
  const env = useE2E();

  it('files the hard load’s vitals under the first page view after a route change', async () => {
    const open = await env.open('spa.html');
    // LCP is final once the user interacts; wait for it to be painted first.
    await open.page.evaluate(() => new Promise((done) => requestAnimationFrame(() => requestAnimationFrame(done))));
    await open.page.click('#open');
    await open.page.waitForFunction(() => document.getElementById('out')?.textContent === 'Order 42.');
    await open.page.click('#slow');
    await open.page.waitForFunction(() => document.getElementById('out')?.textContent === 'Slow.');
    await leave(env, open.page);

    const load = await waitForEvent(open.accepted, pageOfKind('load'), 'the hard-load page view');
    const route = await waitForEvent(open.accepted, pageOfKind('route'), 'the route-change page view');
    expect(route.event).toMatchObject({ route: '/orders/:id' });
    expect(route.event.url).toMatch(/\/pages\/orders\/42$/);
    expect(route.pageId).not.toBe(load.pageId);

    const lcp = await waitForEvent(open.accepted, isVital('LCP'), 'the LCP of the hard load');
    const inp = await waitForEvent(open.accepted, isVital('INP'), 'the INP of the page');
    for (const vital of [lcp, inp]) {
      // Sent at hide, when the envelope names the route's page view: the event names its own.
      expect(vital.beacon.batch?.page_id).toBe(route.pageId);
      expect(vital.event.page_id).toBe(load.pageId);
      expect(vital.event.url).toMatch(/\/pages\/spa\.html$/);
      expect(vital.event).not.toHaveProperty('route');
    }
    expect(lcp.event.attribution?.selector).toContain('#hero');

    // Events of the envelope's own page view carry no page_id or url.
    await waitFor(() => (open.accepted().length > 0 ? true : undefined), 'a batch');
    for (const beacon of open.accepted())
      for (const event of beacon.batch?.events ?? []) if (event.page_id !== undefined) expect(event.page_id).not.toBe(beacon.batch?.page_id);
  });
});
