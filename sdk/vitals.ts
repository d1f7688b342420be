import type { Metric } from 'web-vitals';
import { onCLS } from 'web-vitals/onCLS.js';
import { onFCP } from 'web-vitals/onFCP.js';
import { onINP } from 'web-vitals/onINP.js';
import { onLCP } from 'web-vitals/onLCP.js';
import { onTTFB } from 'web-vitals/onTTFB.js';
import type { NavigationType, VitalEvent } from '../schema/index.js';
import { attribution } from './attribution.js';
import { guard } from './lib/index.js';
import type { Pages } from './pages.js';

/**
 * Reports LCP, INP, CLS, FCP and TTFB as web-vitals and CrUX define them:
 * final values (CLS, INP, LCP on page hide), a new metric id per bfcache
 * restore, and nothing for a metric that does not apply (e.g. LCP of a page
 * loaded in a background tab). Each report belongs to the page view of its
 * navigation; the TTFB report, once per navigation, also queues that page view.
 */
export const observeVitals = (push: (event: VitalEvent) => void, pages: Pages, clean: (url: string) => string): void => {
  const report = guard((metric: Metric) => {
    const nav = metric.navigationType as NavigationType;
    if (metric.name == 'TTFB')
      pages._navigated(nav, (metric.entries[0] as { activationStart?: number } | undefined)?.activationStart);
    push({
      type: 'vital',
      ts: Date.now(),
      page_id: pages._nav(),
      name: metric.name,
      value: metric.value,
      delta: metric.delta,
      id: metric.id,
      nav,
      attribution: attribution(metric, clean),
    } as VitalEvent);
  });
  for (const on of [onTTFB, onFCP, onLCP, onINP, onCLS] as ((report: (metric: Metric) => void) => void)[]) guard(on)(report);
};
