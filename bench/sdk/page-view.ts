import type { Browser } from 'playwright-core';
import type { RecordingCollector } from '../../test/support/e2e/collector.js';
import type { Site } from '../../test/support/e2e/site.js';
import type { Variant } from './pages.js';

/** What one page view cost, measured in Chromium. */
export interface PageViewCost {
  /** Request bodies sent to the collector, bytes. */
  bytes: number;
  requests: number;
  /** CDP Performance.getMetrics ScriptDuration up to just before the page is hidden, ms. */
  scriptMs: number;
  /** CDP TaskDuration over the same span: all main-thread tasks, ms. */
  taskMs: number;
  /** Long tasks (>50 ms) on the page, whoever caused them (the page's own load included). */
  longTasks: number;
  /** Scripts of the variant's own file that ran 50 ms or more in one go: long tasks the SDK caused. */
  sdkLongTasks: number;
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/**
 * Counts long tasks from the very start of the document, before any page
 * script, and, from long-animation-frame script attribution, those in which
 * the variant's own script (percept.js or a web-vitals baseline) ran ≥ 50 ms.
 */
const LONG_TASK_COUNTER = `
  window.__perf = { longTasks: 0, sdkLongTasks: 0 };
  const sdk = /\\/(percept|bench\\/web-vitals[a-z-]*)\\.js/;
  new PerformanceObserver((list) => { window.__perf.longTasks += list.getEntries().length; }).observe({ type: 'longtask' });
  new PerformanceObserver((list) => {
    for (const frame of list.getEntries())
      for (const script of frame.scripts)
        if (sdk.test(script.sourceURL) && script.duration >= 50) window.__perf.sdkLongTasks += 1;
  }).observe({ type: 'long-animation-frame' });
`;

/** Waits until the collector has had no request for `quietMs` (or a deadline passes). */
const settle = async (collector: RecordingCollector, quietMs: number, deadlineMs: number): Promise<void> => {
  const deadline = Date.now() + deadlineMs;
  let seen = -1;
  let since = Date.now();
  while (Date.now() < deadline) {
    if (collector.attempts.length !== seen) {
      seen = collector.attempts.length;
      since = Date.now();
    } else if (seen > 0 && Date.now() - since >= quietMs) return;
    await sleep(25);
  }
};

/**
 * One page view of a bench page in a fresh context: load, a second of idle
 * (the SDK starts after load), one click, 1.2 s for its INP, then the
 * main-thread metrics, then leave to a page without any script and collect
 * what the variant sent on hide.
 */
export async function measurePageView(browser: Browser, site: Site, collector: RecordingCollector, variant: Variant): Promise<PageViewCost> {
  collector.clear();
  const context = await browser.newContext();
  try {
    await context.addInitScript(LONG_TASK_COUNTER);
    const page = await context.newPage();
    const cdp = await context.newCDPSession(page);
    await cdp.send('Performance.enable', { timeDomain: 'threadTicks' });
    await page.goto(`${site.origin}/bench/${variant}.html`, { waitUntil: 'load' });
    await sleep(1000);
    await page.click('#buy');
    // web-vitals processes interaction entries in an idle callback (≤ 1 s); the plain baselines lose an INP
    // hidden before it (percept does not: docs/sdk.md), so every variant gets the time to report it.
    await sleep(1200);
    const { metrics } = await cdp.send('Performance.getMetrics');
    const metric = (name: string) => (metrics.find((m) => m.name === name)?.value ?? 0) * 1000;
    const perf = await page.evaluate(() => (window as unknown as { __perf: { longTasks: number; sdkLongTasks: number } }).__perf);
    await page.goto(site.page('blank.html'), { waitUntil: 'load' });
    if (variant !== 'none') await settle(collector, 500, 5000);
    return {
      bytes: collector.attempts.reduce((sum, b) => sum + b.bytes, 0),
      requests: collector.attempts.length,
      scriptMs: metric('ScriptDuration'),
      taskMs: metric('TaskDuration'),
      longTasks: perf.longTasks,
      sdkLongTasks: perf.sdkLongTasks,
    };
  } finally {
    await context.close();
  }
}
