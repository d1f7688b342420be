import { describe, expect, it } from 'vitest';
import type { VitalEvent } from '../../schema/index.js';
import { isVital, waitForEvent } from '../support/e2e/beacons.js';
import { chromiumAvailable } from '../support/e2e/chromium.js';
import { leave, useE2E } from '../support/e2e/fixture.js';

const BUSY_MS = 300;

/** Input delay, processing and presentation split the interaction's latency (each rounded to whole ms). */
const expectPhasesToAddUp = (event: VitalEvent): void => {
  const a = event.attribution ?? {};
  const sum = (a.input_delay ?? NaN) + (a.processing ?? NaN) + (a.presentation ?? NaN);
  expect(Math.abs(sum - event.value)).toBeLessThanOrEqual(2);
};

describe.skipIf(!chromiumAvailable())('INP in Chromium', () => {
  const env = useE2E();

  it('reports a slow click handler with its target and event type', async () => {
    const open = await env.open(`inp.html?busy=${BUSY_MS}`);
    await open.page.click('#slow');
    await open.page.waitForFunction(() => document.getElementById('out')?.textContent === 'Clicked.');
    await leave(env, open.page);

    const { event } = await waitForEvent(open.accepted, isVital('INP'), 'the INP of the slow click');
    expect(event.value).toBeGreaterThanOrEqual(BUSY_MS);
    expect(event.value).toBeLessThan(2 * BUSY_MS);
    expect(event.attribution?.selector).toContain('#slow');
    // The work sat in the click handler, not in pointerdown, which starts the interaction and lasts longest.
    expect(event.attribution?.event).toBe('click');
    expect(event.attribution?.processing).toBeGreaterThanOrEqual(BUSY_MS - 5);
    expectPhasesToAddUp(event);
  });

  it('reports a slow keydown handler with its target and event type', async () => {
    const open = await env.open(`inp.html?busy=${BUSY_MS}`);
    // focus() is not an interaction, so the key press is the only one.
    await open.page.focus('#field');
    await open.page.keyboard.press('a');
    await open.page.waitForFunction(() => document.getElementById('out')?.textContent === 'Typed.');
    await leave(env, open.page);

    const { event } = await waitForEvent(open.accepted, isVital('INP'), 'the INP of the slow key press');
    expect(event.value).toBeGreaterThanOrEqual(BUSY_MS);
    expect(event.value).toBeLessThan(2 * BUSY_MS);
    expect(event.attribution?.selector).toContain('#field');
    expect(event.attribution?.event).toBe('keydown');
    expect(event.attribution?.processing).toBeGreaterThanOrEqual(BUSY_MS - 5);
    expectPhasesToAddUp(event);
  });
});
