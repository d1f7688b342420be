import { now } from './lib/index.js';

/** An entry with Chromium's paint timing: when its frame was painted on the main thread and when it reached the screen. */
type Painted = PerformanceEntry & { paintTime: number; presentationTime: number };

/**
 * Entry types whose entries carry their frame's paint timing in Chromium
 * (measured in 156, docs/sdk.md): a long animation frame (50 ms or more of
 * main-thread work), the first paint of an element the page marked with
 * `elementtiming`, and content painted in response to an interaction. Each
 * covers frames the others miss: a frame heavy to raster but light on the
 * main thread has no long-animation-frame entry.
 */
const PAINTED = ['long-animation-frame', 'element', 'interaction-contentful-paint'];

/** How long a frame's entries are awaited after its paint, ms: a frame shown later keeps the fallback, and the observer ends. */
const WAIT_MS = 1e4;

/**
 * Calls `shown` with the time the next frame reaches the screen, as far as the
 * browser tells. The frame is the one whose requestAnimationFrame callbacks
 * run next; its main-thread work ends before the task that follows them. When
 * that frame has an entry of a type in `PAINTED` (its `paintTime` after the
 * callback and not after that task), its `presentationTime` is the answer:
 * the compositor's raster and draw included. Otherwise, and where the browser
 * has no such entries, the time of that task is (docs/sdk.md, "Workflows"),
 * and an entry that comes later corrects it with a second call.
 *
 * In a hidden page no frame runs, so nothing is called until the page shows
 * one again.
 */
export const nextPaint = (shown: (at: number) => void): void => {
  let frame: number;
  // The time of the task after the frame; 0 once the frame's entry has answered.
  let task: number | undefined;
  const seen = new PerformanceObserver((list) => {
    for (const e of list.getEntries() as Painted[])
      if (e.paintTime > frame && !(e.paintTime > task!) && e.presentationTime) {
        seen.disconnect();
        task = 0;
        return shown(e.presentationTime);
      }
  });
  // Observing a type the browser lacks would only warn in its console.
  const types = PAINTED.filter((type) => PerformanceObserver.supportedEntryTypes.includes(type));
  if (types[0]) seen.observe({ entryTypes: types });
  requestAnimationFrame(() => {
    frame = now();
    setTimeout(() => {
      task ?? shown((task = now()));
      setTimeout(() => seen.disconnect(), WAIT_MS);
    });
  });
};
