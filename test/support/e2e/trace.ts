import type { Page } from 'playwright-core';

/** One event of a Chromium trace (Trace Event Format); `ts` in µs of the browser's monotonic clock. */
export interface TraceEvent {
  name: string;
  ph: string;
  ts: number;
  pid: number;
  id2?: { local?: string };
  args?: { data?: { startTime?: number }; frame_reporter?: { state?: string } };
}

/** A running Chromium trace of one page. */
export interface Trace {
  /** Ends the trace and returns its events. */
  stop(): Promise<TraceEvent[]>;
}

/**
 * Starts a trace over CDP with the categories that time frames, as DevTools'
 * frame track does: the compositor's `PipelineReporter` slices, one per frame
 * from its begin-frame signal to its presentation, with their stages; and the
 * page's marks, which tie the trace's clock to `performance.now()`.
 */
export async function startTrace(page: Page): Promise<Trace> {
  const cdp = await page.context().newCDPSession(page);
  const events: TraceEvent[] = [];
  cdp.on('Tracing.dataCollected', ({ value }) => events.push(...(value as unknown as TraceEvent[])));
  await cdp.send('Tracing.start', {
    traceConfig: { includedCategories: ['disabled-by-default-devtools.timeline.frame', 'blink.user_timing'] },
    transferMode: 'ReportEvents',
  });
  return {
    async stop() {
      const complete = new Promise((resolve) => cdp.once('Tracing.tracingComplete', resolve));
      await cdp.send('Tracing.end');
      await complete;
      await cdp.detach();
      return events;
    },
  };
}

/** An async slice: a `b` event and its `e`, same process, name and id. */
interface Slice {
  name: string;
  key: string;
  start: number;
  end: number;
  begin: TraceEvent;
}

const slicesOf = (events: readonly TraceEvent[], names: string[]): Slice[] => {
  const open = new Map<string, TraceEvent>();
  const slices: Slice[] = [];
  for (const e of [...events].sort((a, b) => a.ts - b.ts)) {
    if (!names.includes(e.name)) continue;
    const key = `${e.pid} ${e.id2?.local}`;
    const at = `${e.name} ${key}`;
    if (e.ph === 'b') open.set(at, e);
    const begin = open.get(at);
    if (e.ph === 'e' && begin) {
      open.delete(at);
      slices.push({ name: e.name, key, start: begin.ts, end: e.ts, begin });
    }
  }
  return slices;
};

/**
 * When the frame whose main-thread update ran at `at` (a time inside its
 * requestAnimationFrame callbacks) was presented, in the page's
 * `performance.now()` time. The frame is the compositor's `PipelineReporter`
 * slice holding the `SendBeginMainFrameToCommit` stage around `at` (the same
 * slice id); the slice ends when the frame was presented, raster and draw
 * included. The page's `performance.mark(mark)` names the page's process
 * and maps the trace's clock: its trace event carries both its trace time and
 * its `startTime`.
 */
export function presentedAt(events: readonly TraceEvent[], mark: string, at: number): number {
  const marked = events.find((e) => e.name === mark && e.args?.data?.startTime !== undefined);
  if (!marked) throw new Error(`the trace has no performance.mark('${mark}'): did the page call it while tracing?`);
  const offset = marked.ts / 1000 - marked.args!.data!.startTime!;
  const page = (ts: number) => ts / 1000 - offset;
  const slices = slicesOf(events, ['PipelineReporter', 'SendBeginMainFrameToCommit']);
  // The page's own compositor: the browser's has frames of its own.
  const main = slices.find((s) => s.name === 'SendBeginMainFrameToCommit' && s.begin.pid === marked.pid && page(s.start) <= at && at <= page(s.end));
  if (!main) throw new Error(`the trace has no main-thread frame update around ${at} ms`);
  const frame = slices.find((s) => s.name === 'PipelineReporter' && s.key === main.key && s.start <= main.start && main.end <= s.end);
  if (frame?.begin.args?.frame_reporter?.state !== 'STATE_PRESENTED_ALL')
    throw new Error(`the frame updated at ${at} ms was not presented (${frame?.begin.args?.frame_reporter?.state ?? 'no PipelineReporter slice'})`);
  return page(frame.end);
}
