import type { Metric } from 'web-vitals';
import type { Attribution } from '../schema/index.js';
import { ms } from './lib/index.js';
import { selector } from './selector.js';

type LcpEntry = PerformanceEntry & { element: Element | null; url: string };
type EventEntry = PerformanceEventTiming & { target?: Node | null };
type ShiftEntry = PerformanceEntry & { value: number; sources: { node: Node | null }[] };

/**
 * Attribution from the standard web-vitals build: `metric.entries` holds the
 * elements and timings, so the 5 KB attribution build is not needed. The
 * arithmetic mirrors web-vitals' attribution build (src/attribution/*.ts).
 */
export const attribution = (metric: Metric, clean: (url: string) => string): Attribution | undefined => {
  const entries = metric.entries;
  if (metric.name == 'LCP') {
    const lcp = entries[entries.length - 1] as LcpEntry | undefined;
    return lcp && { selector: selector(lcp.element), url: lcp.url && clean(lcp.url) };
  }
  if (metric.name == 'INP') {
    const list = entries as EventEntry[];
    const first = list[0];
    if (!first) return;
    const end = Math.max(...list.map((e) => e.processingEnd));
    return {
      selector: selector(list.find((e) => e.target)?.target),
      event: first.name,
      input_delay: ms(first.processingStart - first.startTime),
      processing: ms(end - first.processingStart),
      presentation: ms(first.startTime + metric.value - end),
    };
  }
  if (metric.name == 'CLS') {
    const largest = (entries as ShiftEntry[]).reduce<ShiftEntry | undefined>((a, e) => (a && a.value >= e.value ? a : e), undefined);
    const sources = largest?.sources || [];
    const source = sources.find((s) => s.node?.nodeType == 1) || sources[0];
    return source && { selector: selector(source.node) };
  }
  return undefined;
};
