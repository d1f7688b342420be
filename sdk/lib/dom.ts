import { guard } from './guard.js';

/** Adds a guarded bubble-phase listener to the window. */
export const on = (type: string, fn: (event: any) => void): void => addEventListener(type, guard(fn));

/**
 * Milliseconds since the time origin, the timebase of `Event.timeStamp` and performance entries,
 * and of event times on the wire (version 2: the envelope's `origin` is the time origin).
 */
export const now = (): number => performance.now();

/** Rounds a duration to whole ms and clamps it at 0, the wire's lower bound. */
export const ms = (value: number): number => Math.max(0, Math.round(value));

/**
 * Runs work that can wait once the page has loaded and the browser is idle:
 * the page's own load work comes first (docs/sdk.md, "Never breaking the page"). The
 * idle callback is capped at 2 s so a busy page still gets it; where there is
 * none (Safari), a timeout stands in.
 */
export const afterLoad = (fn: () => void): void => {
  const idle = (): void => void (globalThis.requestIdleCallback || setTimeout)(guard(fn), { timeout: 2000 });
  if (document.readyState == 'complete') idle();
  else addEventListener('load', idle, { once: true });
};

/** UTF-8 byte length, the unit of the keepalive quota. */
export const bytes = (text: string): number => new Blob([text]).size;
