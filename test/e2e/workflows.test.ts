import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import type { WorkflowEvent } from '../../schema/index.js';
import { eventsOf, isWorkflow, waitForEvent, type Delivered } from '../support/e2e/beacons.js';
import { chromiumAvailable } from '../support/e2e/chromium.js';
import { closeTab, leave, useE2E } from '../support/e2e/fixture.js';

const WORK_MS = 250;

/**
 * A tab switch as the page sees it. Headless Chromium never hides a page (a
 * background tab or a minimised window stay `visible` there), so the document's
 * visibility is set and `visibilitychange` dispatched as the browser does;
 * everything after it (the SDK's beacon, the collector) is real.
 */
const setVisibility = (page: Page, state: 'hidden' | 'visible') =>
  page.evaluate((state) => {
    const doc = document as unknown as Record<string, unknown>;
    if (state === 'hidden') {
      Object.defineProperty(document, 'visibilityState', { configurable: true, get: () => 'hidden' });
      Object.defineProperty(document, 'hidden', { configurable: true, get: () => true });
    } else {
      // Back to the browser's own (visible) state, so the real hide at leaving is seen.
      delete doc.visibilityState;
      delete doc.hidden;
    }
    document.dispatchEvent(new Event('visibilitychange', { bubbles: true }));
  }, state);
const workflowNamed =
  (name: string) =>
  (d: Delivered): d is Delivered<WorkflowEvent> =>
    isWorkflow(d) && d.event.name === name;

describe.skipIf(!chromiumAvailable())('workflows in Chromium', () => {
  const env = useE2E();

  it('reports a workflow still running when the tab closes as abandoned', async () => {
    const open = await env.open('workflow.html');
    await open.page.click('#start');
    await open.page.waitForFunction(() => document.getElementById('status')?.textContent === 'Checking out…');
    await closeTab(open.page);

    const { event } = await waitForEvent(open.accepted, workflowNamed('checkout'), 'the checkout workflow');
    expect(event.outcome).toBe('abandoned');
    expect(event.steps?.map((s) => s.name)).toContain('address');
    expect(event.attrs).toEqual({ plan: 'pro' });
    expect(event.run_id).toMatch(/^[A-Za-z0-9_-]{8,64}$/);
  });

  it('reports a run that outlives a tab switch with its real outcome and duration, superseding the provisional record', async () => {
    const open = await env.open('workflow.html');
    await open.page.click('#start');
    // Switch to another tab: the page is hidden and sends a provisional record of the open run.
    await setVisibility(open.page, 'hidden');
    const provisional = await waitForEvent(open.accepted, workflowNamed('checkout'), 'the provisional checkout record');
    expect(provisional.event.outcome).toBe('abandoned');
    const hiddenMs = 400;
    await new Promise((resolve) => setTimeout(resolve, hiddenMs));
    // Back to the tab, finish the run, leave.
    await setVisibility(open.page, 'visible');
    await open.page.click('#finish');
    await open.page.waitForFunction(() => document.getElementById('status')?.textContent === 'Checked out.');
    await leave(env, open.page);

    const final = await waitForEvent(
      open.accepted,
      (d): d is Delivered<WorkflowEvent> => workflowNamed('checkout')(d) && d.event.outcome === 'ok',
      'the final checkout record',
    );
    expect(final.event.run_id).toBe(provisional.event.run_id);
    expect(final.event.duration).toBeGreaterThanOrEqual(provisional.event.duration + hiddenMs);
    expect(final.event.perceived).toBeGreaterThanOrEqual(final.event.duration);
    // The final record is the last one of its run: what storage and analysis keep.
    const records = eventsOf(open.accepted())
      .filter(workflowNamed('checkout'))
      .map((d) => d.event.outcome);
    expect(records.at(-1)).toBe('ok');
  });

  it('counts the paint after end() in the perceived duration', async () => {
    const open = await env.open(`workflow.html?work=${WORK_MS}`);
    await open.page.click('#pay');
    await open.page.waitForFunction(() => document.getElementById('status')?.textContent === 'Paid.');
    await leave(env, open.page);

    const { event } = await waitForEvent(open.accepted, workflowNamed('payment'), 'the payment workflow');
    expect(event.outcome).toBe('ok');
    // end() comes 50 ms after the click; the page then blocks WORK_MS before anything can paint.
    expect(event.duration).toBeGreaterThanOrEqual(50);
    expect(event.duration).toBeLessThan(50 + WORK_MS);
    expect(event.perceived).toBeDefined();
    // Whole milliseconds on the wire: allow one for rounding.
    expect(event.perceived! - event.duration).toBeGreaterThanOrEqual(WORK_MS - 1);
    expect(event.attrs).toEqual({ items: 3 });
  });
});
