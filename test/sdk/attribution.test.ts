import { expect, test } from 'vitest';
import type { Metric } from 'web-vitals';
import { attribution } from '../../sdk/attribution.js';
import type { EventEntry } from '../../sdk/interactions.js';

const entry = (name: string, target: Element, startTime: number, duration: number, processingStart: number, processingEnd: number) =>
  ({ name, target, startTime, duration, processingStart, processingEnd, interactionId: 7 }) as unknown as EventEntry;

test('INP names the entry that did the work and splits the latency into phases', () => {
  document.body.innerHTML = '<main><button id="buy">Buy</button></main>';
  const button = document.querySelector('button')!;
  // One tap: pointerdown starts first and lasts longest, so web-vitals hands only it to INP; the click did the work.
  const down = entry('pointerdown', button, 100, 312, 103, 104);
  const up = entry('pointerup', button, 101, 311, 104, 105);
  const click = entry('click', button, 101, 311, 105, 402);
  // An earlier frame of the same interaction id does not count.
  const early = entry('keydown', button, 10, 40, 11, 45);
  const metric = { name: 'INP', value: 312, entries: [down] } as unknown as Metric;
  expect(
    attribution(
      metric,
      (u) => u,
      () => [early, down, up, click],
    ),
  ).toEqual({
    selector: '#buy',
    event: 'click',
    input_delay: 3,
    processing: 299,
    presentation: 10,
  });
  // Without the other entries (an interaction before the observer started), the metric's own entries are used.
  expect(
    attribution(
      metric,
      (u) => u,
      () => [],
    ),
  ).toMatchObject({ event: 'pointerdown', input_delay: 3, processing: 1, presentation: 308 });
});

test('LCP and CLS attribution leave out what is empty', () => {
  const lcp = { name: 'LCP', entries: [{ element: null, url: '' }] } as unknown as Metric;
  expect(
    attribution(
      lcp,
      (u) => u,
      () => [],
    ),
  ).toBeUndefined();
  const cls = { name: 'CLS', entries: [{ value: 0.1, sources: [] }] } as unknown as Metric;
  expect(
    attribution(
      cls,
      (u) => u,
      () => [],
    ),
  ).toBeUndefined();
});
