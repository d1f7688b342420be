import { afterEach, beforeEach, expect, test, vi } from 'vitest';
import { nextPaint } from '../../sdk/paint.js';

/** A frame's entry as Chromium's paint timing gives it. */
interface Entry {
  entryType: string;
  paintTime?: number;
  presentationTime?: number;
}

/**
 * Stands in for the browser's PerformanceObserver, whose entries (and their
 * paint times) only a real browser makes: the tests hand entries to the
 * observers the code under test registered, as the browser would.
 */
class Observer {
  static supportedEntryTypes = ['element', 'event', 'long-animation-frame', 'interaction-contentful-paint'];
  static live = new Set<Observer>();
  types: string[] = [];
  constructor(private readonly callback: (list: { getEntries: () => Entry[] }) => void) {}
  observe(options: { entryTypes: string[] }) {
    this.types = options.entryTypes;
    Observer.live.add(this);
  }
  disconnect() {
    Observer.live.delete(this);
  }
  static deliver(...entries: Entry[]) {
    for (const o of [...Observer.live]) o.callback({ getEntries: () => entries.filter((e) => o.types.includes(e.entryType)) });
  }
}

/** Runs nextPaint and returns what it reported; the clock is at 1000 ms when it is called. */
const start = () => {
  const shown: number[] = [];
  nextPaint((at) => shown.push(at));
  return shown;
};
/** Runs the next frame's requestAnimationFrame callbacks and returns the time they saw. */
const frame = () => {
  vi.advanceTimersToNextFrame();
  return performance.now();
};

beforeEach(() => {
  vi.useFakeTimers({ now: 0 });
  vi.advanceTimersByTime(1000);
  Observer.live.clear();
  vi.stubGlobal('PerformanceObserver', Observer);
});
afterEach(() => {
  vi.unstubAllGlobals();
  vi.useRealTimers();
});

test('observes only the paint-timed entry types the browser has', () => {
  start();
  expect([...Observer.live].map((o) => o.types)).toEqual([['long-animation-frame', 'element', 'interaction-contentful-paint']]);
  Observer.live.clear();
  Observer.supportedEntryTypes = ['event'];
  try {
    start();
    expect(Observer.live.size).toBe(0);
  } finally {
    Observer.supportedEntryTypes = ['element', 'event', 'long-animation-frame', 'interaction-contentful-paint'];
  }
});

test("the frame's presentation time corrects the frame-and-task time, ignoring other frames", () => {
  const shown = start();
  // A frame painted before the next frame's callbacks is not the one after the call.
  Observer.deliver({ entryType: 'long-animation-frame', paintTime: 990, presentationTime: 1010 });
  const at = frame();
  vi.advanceTimersByTime(1);
  const task = performance.now();
  expect(shown).toEqual([task]);
  // An element of a later frame (painted after the task) neither.
  Observer.deliver({ entryType: 'element', paintTime: task + 20, presentationTime: task + 40 });
  expect(shown).toEqual([task]);
  // The frame's own entry: its presentation, raster and draw included.
  Observer.deliver({ entryType: 'long-animation-frame', paintTime: at + 1, presentationTime: at + 60 });
  expect(shown).toEqual([task, at + 60]);
  expect(Observer.live.size).toBe(0);
});

test('an entry that answers before the task leaves nothing for the task to report', () => {
  const shown = start();
  const at = frame();
  Observer.deliver({ entryType: 'interaction-contentful-paint', paintTime: at + 1, presentationTime: at + 5 });
  vi.advanceTimersByTime(1);
  expect(shown).toEqual([at + 5]);
});

test('an entry without a presentation time is not used', () => {
  const shown = start();
  const at = frame();
  vi.advanceTimersByTime(1);
  Observer.deliver({ entryType: 'element', paintTime: at + 1 });
  expect(shown).toHaveLength(1);
});

test('a frame without entries keeps the frame-and-task time; the observer gives up after 10 s', () => {
  const shown = start();
  frame();
  vi.advanceTimersByTime(1);
  expect(shown).toHaveLength(1);
  vi.advanceTimersByTime(9_999);
  expect(Observer.live.size).toBe(1);
  vi.advanceTimersByTime(1);
  expect(Observer.live.size).toBe(0);
});
