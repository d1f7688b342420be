import type { Metric } from 'web-vitals';
import type { Attribution } from '../schema/index.js';
import type { EventEntry } from './interactions.js';
import { ms } from './lib/index.js';
import { selector } from './selector.js';

type LcpEntry = PerformanceEntry & { element: Element | null; url: string };
type ShiftEntry = PerformanceEntry & { value: number; sources: { node: Node | null }[] };

/** Event Timing rounds durations to 8 ms: entries whose paint is that close share one frame. */
const FRAME_SLACK = 8;

const processing = (e: EventEntry): number => e.processingEnd - e.processingStart;

/**
 * Attribution from the standard web-vitals build: `metric.entries` holds the
 * elements and timings, so the 5 KB attribution build is not needed. The
 * arithmetic follows web-vitals' attribution build (src/attribution/*.ts).
 * `interaction(id)` gives all event entries of an interaction (sdk/interactions.ts).
 */
export const attribution = (metric: Metric, clean: (url: string) => string, interaction: (id: number) => EventEntry[]): Attribution | undefined => {
  const entries = metric.entries;
  if (metric.name == 'LCP') {
    const lcp = entries.at(-1) as LcpEntry | undefined;
    const found = selector(lcp?.element);
    // Text has no url; an element removed from the DOM before the report has no selector.
    const url = (lcp?.url && clean(lcp.url)) || undefined;
    return found || url ? { selector: found, url } : undefined;
  }
  if (metric.name == 'INP') {
    const first = entries[0] as EventEntry | undefined;
    if (!first) return;
    const paint = first.startTime + first.duration;
    // The interaction's entries painted in the INP frame: pointerdown, pointerup and click of one tap, or keydown and keyup.
    const frame = [first, ...interaction(first.interactionId)].filter((e) => Math.abs(e.startTime + e.duration - paint) <= FRAME_SLACK);
    let longest = first;
    let start = first.processingStart;
    let end = first.processingEnd;
    for (const e of frame) {
      if (processing(e) > processing(longest)) longest = e;
      start = Math.min(start, e.processingStart);
      end = Math.max(end, e.processingEnd);
    }
    return {
      selector: selector(longest.target || frame.find((e) => e.target)?.target),
      event: longest.name,
      input_delay: ms(start - first.startTime),
      processing: ms(end - start),
      presentation: ms(paint - end),
    };
  }
  if (metric.name == 'CLS') {
    const largest = (entries as ShiftEntry[]).reduce<ShiftEntry | undefined>((a, e) => (a!.value >= e.value ? a : e), entries[0] as ShiftEntry);
    const sources = largest?.sources || [];
    const found = selector((sources.find((s) => s.node?.nodeType == 1) || sources[0])?.node);
    return found ? { selector: found } : undefined;
  }
  return undefined;
};
