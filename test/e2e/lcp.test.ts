import { describe, expect, it } from 'vitest';
import { isVital, waitForEvent } from '../support/e2e/beacons.js';
import { chromiumAvailable } from '../support/e2e/chromium.js';
import { leave, useE2E } from '../support/e2e/fixture.js';

describe.skipIf(!chromiumAvailable())('LCP in Chromium', () => {
  const env = useE2E();

  it('names a text block as the largest paint, with no resource url', async () => {
    const open = await env.open('lcp-text.html');
    // The load event can come before the first paint on a busy machine; a user who leaves
    // before anything painted has no LCP, so wait until the browser has an entry to report.
    await open.page.evaluate(() => new Promise((done) => new PerformanceObserver(done).observe({ type: 'largest-contentful-paint', buffered: true })));
    await leave(env, open.page);

    const { event } = await waitForEvent(open.accepted, isVital('LCP'), 'the LCP of lcp-text.html');
    expect(event.attribution?.selector).toContain('#story');
    expect(event.attribution?.url || undefined).toBeUndefined();
    expect(event.value).toBeGreaterThan(0);
    expect(event.nav).toBe('navigate');
  });

  it('names a late image and its url once it replaces the text', async () => {
    const open = await env.open('lcp-image.html?delay=300');
    await open.page.waitForFunction(() => document.querySelector<HTMLImageElement>('img.hero')?.complete === true);
    // Two frames: the image's paint has happened, and its LCP entry has been dispatched.
    await open.page.evaluate(() => new Promise((done) => requestAnimationFrame(() => requestAnimationFrame(done))));
    await leave(env, open.page);

    const { event } = await waitForEvent(open.accepted, isVital('LCP'), 'the LCP of lcp-image.html');
    expect(event.attribution?.selector).toMatch(/img\.hero$/);
    expect(event.attribution?.url).toMatch(/\/slow\/300\/hero\.png$/);
    // Requested 300 ms after the script ran and answered 300 ms later.
    expect(event.value).toBeGreaterThanOrEqual(600);
  });
});
