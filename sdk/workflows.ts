import type { Attributes, PageEvent, WorkflowEvent, WorkflowOutcome, WorkflowStep } from '../schema/index.js';
import { epoch, guard, id, ms, now } from './lib/index.js';
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
  /** Page hide: every open run ends as `abandoned`. */
  _hide: () => void;
}

type Finish = (outcome: WorkflowOutcome, error?: unknown) => void;

/**
 * Workflow runs. Besides the duration to `end()`, a run records `perceived`:
 * the time to the first paint after `end()`, taken as a requestAnimationFrame
 * callback followed by a macrotask, because that paint is when the user sees
 * the result. The event is queued at `end()` and `perceived` added to it when
 * the paint comes, so a hide right after `end()` still reports the run.
 */
export const createWorkflows = (push: (event: Held) => void, view: () => PageEvent, timeoutMs: number): Workflows => {
  const open = new Set<Finish>();

  const start = (name: string, options: WorkflowOptions = {}): Workflow => {
    const begin = options.event?.timeStamp || now();
    const page = view();
    const steps: WorkflowStep[] = [];
    const attrs = { ...options.attrs };
    let stepName: string | undefined;
    let stepStart = begin;
    const closeStep = (): void => {
      if (stepName) steps.push({ name: stepName, start: ms(stepStart - begin), duration: ms(now() - stepStart) });
    };
    const finish: Finish = (outcome, error) => {
      if (!open.delete(finish)) return;
      clearTimeout(timer);
      closeStep();
      const event: Held = {
        type: 'workflow',
        ts: epoch(begin),
        name,
        run_id: id(),
        outcome,
        duration: ms(now() - begin),
        steps: steps[0] && steps,
        attrs: Object.keys(attrs)[0] ? attrs : undefined,
        error: error ? String((error as Error).message ?? error).slice(0, 1024) : undefined,
        _v: page,
      };
      push(event);
      if (outcome == 'ok' || outcome == 'error') requestAnimationFrame(() => setTimeout(() => ((event as WorkflowEvent).perceived = ms(now() - begin))));
    };
    open.add(finish);
    const timer = setTimeout(
      guard(() => finish('timeout')),
      options.timeoutMs || timeoutMs,
    );
    return {
      step: guard((next: string) => {
        closeStep();
        stepName = next;
        stepStart = now();
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
    _hide: () => open.forEach((finish) => finish('abandoned')),
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
            ts: epoch(e.startTime),
            name: e.name.slice(prefix.length, prefix.length + 64),
            run_id: id(),
            outcome: 'ok',
            duration: ms(e.duration),
            _v: view(),
          });
    }),
  ).observe({ type: 'measure', buffered: true });
};
