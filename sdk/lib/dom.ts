import { guard } from './guard.js';

/** Adds a guarded bubble-phase listener to the window. */
export const on = (type: string, fn: (event: any) => void): void => addEventListener(type, guard(fn));

/** Milliseconds since the time origin, the timebase of `Event.timeStamp` and performance entries. */
export const now = (): number => performance.now();

/** An epoch time in ms for a `performance.now()`-based time. */
export const epoch = (time: number): number => Math.round(performance.timeOrigin + time);

/** Rounds a duration to whole ms and clamps it at 0, the wire's lower bound. */
export const ms = (value: number): number => Math.max(0, Math.round(value));

/** Runs work that can wait when the browser is idle (or soon, where it has no idle callback). */
export const whenIdle = (fn: () => void): void => {
  (self.requestIdleCallback || setTimeout)(guard(fn));
};

/** UTF-8 byte length, the unit of the keepalive quota. */
export const bytes = (text: string): number => new Blob([text]).size;
