import type { Metric } from 'web-vitals';
import { onCLS } from 'web-vitals/onCLS.js';
import { onFCP } from 'web-vitals/onFCP.js';
import { onINP } from 'web-vitals/onINP.js';
import { onLCP } from 'web-vitals/onLCP.js';
import { onTTFB } from 'web-vitals/onTTFB.js';
import type { NavigationType } from '../schema/index.js';
import { attribution } from './attribution.js';
import { observeInteractions } from './interactions.js';
import { guard, ms, now } from './lib/index.js';
import type { Pages } from './pages.js';
import type { Held } from './wire.js';

/**
 * Reports LCP, INP, CLS, FCP and TTFB as web-vitals and CrUX define them:
 * final values (CLS, INP, LCP on page hide), a new metric id per bfcache
 * restore, and nothing for a metric that does not apply (e.g. LCP of a page
 * loaded in a background tab). Each report belongs to the page view of its
 * navigation; the TTFB report, once per navigation, also queues that page view.
 *
 * INP is observed with `reportAllChanges`, which the build sets in web-vitals'
 * onINP (rollup.config.mjs, TRIMS) rather than this passing it: the options
 * object and onINP's handling of it cost bytes. web-vitals 6 handles event
 * entries in an idle callback; when the page hides first, it forces its final report
 * before that pending work runs, and the value the pending work then finds is
 * reported only with `reportAllChanges` (onINP.ts, whenIdleOrHidden.ts). The
 * queue keeps one report per metric id, so the extra reports cost no bytes.
 *
 * Values are rounded: whole ms, CLS to 4 decimals. `delta` is the difference
 * of the rounded values, so the deltas of one metric still add up to its value.
 */
export const observeVitals = (push: (event: Held) => void, pages: Pages, clean: (url: string) => string): void => {
  const interaction = observeInteractions();
  const report = guard((metric: Metric) => {
    const nav = metric.navigationType as NavigationType;
    const round = (value: number): number => (metric.name == 'CLS' ? +value.toFixed(4) : Math.round(value));
    if (metric.name == 'TTFB') pages._navigated(nav, (metric.entries[0] as { activationStart?: number } | undefined)?.activationStart);
    push({
      type: 'vital',
      ts: ms(now()),
      name: metric.name,
      value: round(metric.value),
      delta: round(round(metric.value) - round(metric.value - metric.delta)),
      // The random tail of web-vitals' id: unique among a page view's metrics, which is all the collector needs (it keys on page_id and metric).
      id: metric.id.slice(-8),
      nav,
      attribution: attribution(metric, clean, interaction),
      _v: pages._nav(),
    } as Held);
  });
  for (const on of [onTTFB, onFCP, onLCP, onCLS, onINP] as ((report: (metric: Metric) => void) => void)[]) guard(on)(report);
};
