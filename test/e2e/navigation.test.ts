import { describe, expect, it } from 'vitest';
import { eventsOf, isPage, waitForEvent, type Delivered } from '../support/e2e/beacons.js';
import type { PageEvent, VitalEvent } from '../../schema/index.js';
import { chromiumAvailable } from '../support/e2e/chromium.js';
import { leave, useE2E } from '../support/e2e/fixture.js';

const isVitalEvent = (d: Delivered): d is Delivered<VitalEvent> => d.event.type === 'vital';
const pageWith =
  (nav: PageEvent['nav']) =>
  (d: Delivered): d is Delivered<PageEvent> =>
    isPage(d) && d.event.nav === nav;

describe.skipIf(!chromiumAvailable())('navigations in Chromium', () => {
  const env = useE2E();

  it('starts a new page view with nav reload when the page is reloaded', async () => {
    const open = await env.open('article.html');
    await open.page.reload({ waitUntil: 'load' });
    await leave(env, open.page);

    const first = await waitForEvent(open.accepted, pageWith('navigate'), 'the first page view');
    const reloaded = await waitForEvent(open.accepted, pageWith('reload'), 'the reloaded page view');
    expect(reloaded.event.kind).toBe('load');
    expect(reloaded.pageId).not.toBe(first.pageId);
    const vitals = eventsOf(open.accepted())
      .filter(isVitalEvent)
      .filter((d) => d.pageId === reloaded.pageId);
    expect(vitals.length).toBeGreaterThan(0);
    expect(new Set(vitals.map((d) => d.event.nav))).toEqual(new Set(['reload']));
  });

  it('starts a new page view with fresh metric ids after a bfcache restore', async () => {
    const open = await env.open('article.html');
    // Playwright keeps pages visible: only navigating away hides one and lets it enter the bfcache.
    await leave(env, open.page);
    // A restore fires no load event, so wait for the commit only.
    await open.page.goBack({ waitUntil: 'commit' });
    await open.page.waitForFunction(() => document.body.dataset.restored === 'yes');
    await leave(env, open.page);

    const original = await waitForEvent(open.accepted, pageWith('navigate'), 'the original page view');
    const restored = await waitForEvent(open.accepted, pageWith('back-forward-cache'), 'the restored page view');
    expect(restored.event.kind).toBe('bfcache');
    expect(restored.pageId).not.toBe(original.pageId);

    const vitals = eventsOf(open.accepted()).filter(isVitalEvent);
    const before = vitals.filter((d) => d.pageId === original.pageId);
    const after = vitals.filter((d) => d.pageId === restored.pageId);
    expect(before.length).toBeGreaterThan(0);
    expect(after.length).toBeGreaterThan(0);
    expect(new Set(after.map((d) => d.event.nav))).toEqual(new Set(['back-forward-cache']));
    const oldIds = new Set(before.map((d) => d.event.id));
    expect(after.filter((d) => oldIds.has(d.event.id))).toEqual([]);
  });
});
