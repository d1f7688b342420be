import { describe, expect, it } from 'vitest';
import type { WorkflowEvent } from '../../schema/index.js';
import { isWorkflow, waitForEvent, type Delivered } from '../support/e2e/beacons.js';
import { chromiumAvailable } from '../support/e2e/chromium.js';
import { closeTab, leave, useE2E } from '../support/e2e/fixture.js';

const WORK_MS = 250;
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
