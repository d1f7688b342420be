import { describe, expect, it } from 'vitest';
import { eventsOf, isVital, waitForEvent } from '../support/e2e/beacons.js';
import { chromiumAvailable } from '../support/e2e/chromium.js';
import { leave, useE2E } from '../support/e2e/fixture.js';

interface Shift {
  value: number;
  hadRecentInput: boolean;
}

describe.skipIf(!chromiumAvailable())('CLS in Chromium', () => {
  const env = useE2E();

  it('reports a shift that happens on its own after load, with its source', async () => {
    const open = await env.open('cls.html?after-load=200');
    await open.page.waitForFunction(() => (window as unknown as { shifts: Shift[] }).shifts.length > 0);
    const shifts = await open.page.evaluate(() => (window as unknown as { shifts: Shift[] }).shifts);
    await leave(env, open.page);

    const { event } = await waitForEvent(open.accepted, isVital('CLS'), 'the CLS of cls.html');
    const expected = shifts.filter((s) => !s.hadRecentInput).reduce((sum, s) => sum + s.value, 0);
    expect(expected).toBeGreaterThan(0);
    expect(event.value).toBeCloseTo(expected, 3);
    expect(event.attribution?.selector).toMatch(/#content|#expand/);
  });

  it('ignores a shift that follows a click at once', async () => {
    const open = await env.open('cls.html');
    await open.page.click('#expand');
    await open.page.waitForFunction(() => (window as unknown as { shifts: Shift[] }).shifts.length > 0);
    const shifts = await open.page.evaluate(() => (window as unknown as { shifts: Shift[] }).shifts);
    expect(shifts.every((s) => s.hadRecentInput)).toBe(true);
    await leave(env, open.page);

    // A page without unexpected shifts still reports CLS 0: without it, percentiles would skew bad.
    await waitForEvent(open.accepted, isVital('CLS'), 'the CLS of cls.html');
    const cls = eventsOf(open.accepted()).filter(isVital('CLS'));
    expect(cls.map((d) => d.event.value)).toEqual(cls.map(() => 0));
  });
});
