import type { Attributes, PageEvent, WorkflowEvent, WorkflowOutcome, WorkflowStep } from '../schema/index.js';
import { guard, id, ms, now } from './lib/index.js';
import { nextPaint } from './paint.js';
import type { Held } from './wire.js';

/** Options of `workflow()`. */
export interface WorkflowOptions {
  /** Flat attributes: strings, finite numbers, booleans. */
  attrs?: Attributes;
  /** The user event that started the run: its `timeStamp` becomes the start, so input delay counts. */
  event?: Event;
  /** Overrides the default timeout of this run, ms. */
  timeoutMs?: number;
}

/** A running workflow. */
export interface Workflow {
  /** Starts step `name`, ending the previous step; `end()` ends the last one. */
  step: (name: string) => void;
  /** Ends the run: `ok` (default) or `error`, with an optional error or message. Later calls are ignored. */
  end: (outcome?: 'ok' | 'error', error?: string | Error) => void;
  /** Sets one attribute. */
  set: (key: string, value: string | number | boolean) => void;
}

export interface Workflows {
  _start: (name: string, options?: WorkflowOptions) => Workflow;
  _measure: <T>(name: string, task: T | (() => T)) => T;
  /** Page hide: every open run queues a provisional `abandoned` record, once per hidden spell, and stays open. */
  _hide: () => void;
  /** The page is visible again: the next hide records open runs anew. */
  _show: () => void;
}

/**
 * Workflow runs. Besides the duration to `end()`, a run records `perceived`:
 * the time until the first frame after `end()` is on screen, because that is
 * when the user sees the result: the browser's presentation time of that
 * frame where it gives one, else a requestAnimationFrame callback followed by
 * a macrotask (sdk/paint.ts). The event is queued at `end()` and `perceived`
 * added to it when the frame comes (and corrected when its presentation time
 * comes later), so a hide right after `end()` still reports the run; if the
 * record was already handed to the transport by then, it is queued again
 * with `perceived` (same `run_id`: the later record supersedes).
 *
 * A hide is not an abandonment: the page may come back (a tab switch). Each
 * open run queues a provisional `abandoned` record with its duration so far,
 * because the page may also never come back, and stays open; if it ends
 * later, its final record (same `run_id`) supersedes the provisional one
 * (docs/sdk.md, "Workflows"). A run that ends while the page is hidden gets
 * `perceived` only from a frame that later shows it: requestAnimationFrame
 * does not run in a hidden page.
 */
export const createWorkflows = (push: (event: Held) => void, view: () => PageEvent, timeoutMs: number): Workflows => {
  /** The provisional record of each open run, queued at hide. */
  const open = new Set<() => void>();
  /** Runs recorded since the page was last visible: a pagehide after the hide adds nothing. */
  const recorded = new Set<() => void>();

  const start = (name: string, options: WorkflowOptions = {}): Workflow => {
    const begin = options.event?.timeStamp || now();
    const page = view();
    const attrs = { ...options.attrs };
    let steps: WorkflowStep[] = [];
    let stepName: string | undefined;
    let stepStart = begin;
    let runId: string | undefined;
    /** The steps with the open one ended at `at`. */
    const stepsAt = (at: number): WorkflowStep[] =>
      stepName ? [...steps, { name: stepName, start: ms(stepStart - begin), duration: ms(at - stepStart) }] : steps;
    const record = (outcome: WorkflowOutcome, at: number, error?: unknown): WorkflowEvent & Held => {
      const done = stepsAt(at);
      return {
        type: 'workflow',
        ts: ms(begin),
        name,
        // Made at the first record, so the provisional and the final record name the same run.
        run_id: (runId ||= id()),
        outcome,
        duration: ms(at - begin),
        steps: done[0] && done,
        attrs: Object.keys(attrs)[0] ? { ...attrs } : undefined,
        error: error ? String((error as Error).message ?? error).slice(0, 1024) : undefined,
        _v: page,
      };
    };
    const provisional = (): void => push(record('abandoned', now()));
    // `at` defaults to the clock, read on entry, before any other work of `end()`.
    const finish = (outcome: WorkflowOutcome, error?: unknown, at = now()): void => {
      if (!open.delete(provisional)) return;
      clearTimeout(timer);
      const event = record(outcome, at, error);
      push(event);
      if (outcome == 'ok' || outcome == 'error')
        nextPaint((shown) => {
          event.perceived = ms(shown - begin);
          push(event);
        });
    };
    open.add(provisional);
    // The timeout counts from this call, not from the input event (docs/sdk.md).
    const timer = setTimeout(
      guard(() => finish('timeout')),
      options.timeoutMs || timeoutMs,
    );
    return {
      step: guard((next: string) => {
        const at = now();
        steps = stepsAt(at);
        stepName = next;
        stepStart = at;
      }),
      end: guard((outcome = 'ok', error) => finish(outcome, error)),
      set: guard((key, value) => {
        attrs[key] = value;
      }),
    };
  };

  return {
    _start: start,
    _measure: (name, task) => {
      const run = start(name);
      try {
        const result = typeof task == 'function' ? (task as () => unknown)() : task;
        // A plain value ends the run in a microtask: the same duration, one code path.
        Promise.resolve(result).then(
          () => run.end(),
          (e) => run.end('error', e),
        );
        return result as never;
      } catch (error) {
        // The task's own error belongs to the app: record it, then rethrow unchanged.
        run.end('error', error as Error);
        throw error;
      }
    },
    _hide: () => open.forEach((provisional) => recorded.has(provisional) || (recorded.add(provisional), provisional())),
    _show: () => recorded.clear(),
  };
};

/**
 * Adopts the page's own `performance.measure()` entries named `${prefix}name`
 * as `ok` runs of workflow `name`, including those measured before the SDK loaded.
 */
export const adoptMeasures = (push: (event: Held) => void, view: () => PageEvent, prefix: string): void => {
  new PerformanceObserver(
    guard((list: PerformanceObserverEntryList) => {
      for (const e of list.getEntries())
        if (e.name.startsWith(prefix))
          push({
            type: 'workflow',
            ts: ms(e.startTime),
            name: e.name.slice(prefix.length, prefix.length + 64),
            run_id: id(),
            outcome: 'ok',
            duration: ms(e.duration),
            _v: view(),
          });
    }),
  ).observe({ type: 'measure', buffered: true });
};
