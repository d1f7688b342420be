import { randomBytes } from 'node:crypto';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, afterEach, beforeAll } from 'vitest';
import { launchChromium } from './chromium.js';
import { startCollector, type Beacon, type RecordingCollector } from './collector.js';
import { startSite, type Site } from './site.js';

/** A scenario page open in its own fresh browser context. */
export interface OpenPage {
  page: Page;
  context: BrowserContext;
  /** Uncaught exceptions and unhandled rejections in the page. */
  pageErrors: string[];
  /** Console messages of type error, including the browser's own network errors. */
  consoleErrors: string[];
  /**
   * The `data-release` this page was given, unique per `open()`: it tells this
   * test's beacons from late ones of an earlier test, without SDK internals.
   */
  release: string;
  /** Requests to /v1/batch from this test's pages, whatever was answered. */
  attempts(): Beacon[];
  /** The beacons of this test's pages that the collector accepted. */
  accepted(): Beacon[];
}

/** What one e2e test file shares: one browser, one collector, one site. */
export interface E2E {
  readonly browser: Browser;
  readonly collector: RecordingCollector;
  readonly site: Site;
  /**
   * Opens a scenario page (`'inp.html?busy=300'`) in a new context and waits
   * for its load event. The page gets a unique `release`.
   */
  open(pathAndQuery: string): Promise<OpenPage>;
  /** Opens another page in the same context as `open`, with the same release. */
  openBeside(open: OpenPage, pathAndQuery: string): Promise<OpenPage>;
  /** The URL of a scenario page carrying `open`'s release. */
  url(open: Pick<OpenPage, 'release'>, pathAndQuery: string): string;
}

const watch = (page: Page, context: BrowserContext, release: string, collector: RecordingCollector): OpenPage => {
  const mine = (beacon: Beacon) => beacon.batch?.release === release;
  const open: OpenPage = {
    page,
    context,
    release,
    pageErrors: [],
    consoleErrors: [],
    attempts: () => collector.attempts.filter(mine),
    accepted: () => collector.attempts.filter((beacon) => mine(beacon) && beacon.status === 202),
  };
  page.on('pageerror', (error) => open.pageErrors.push(error.message));
  page.on('console', (message) => {
    if (message.type() === 'error') open.consoleErrors.push(message.text());
  });
  return open;
};

/**
 * Registers the hooks of an e2e test file: one Chromium for the file, one
 * recording collector and one page server; each test's contexts are closed and
 * the collector reset after it.
 */
export function useE2E(): E2E {
  let browser: Browser | undefined;
  let collector: RecordingCollector | undefined;
  let site: Site | undefined;
  const contexts: BrowserContext[] = [];
  const need = <T>(value: T | undefined): T => {
    if (value === undefined) throw new Error('the e2e environment is not started: call useE2E() at the top of the file');
    return value;
  };

  beforeAll(async () => {
    collector = await startCollector();
    site = await startSite(collector.url);
    browser = await launchChromium();
  });
  afterEach(async () => {
    await Promise.all(contexts.splice(0).map((context) => context.close()));
    collector?.accept();
    collector?.clear();
  });
  afterAll(async () => {
    await browser?.close();
    await site?.close();
    await collector?.close();
  });

  const env: E2E = {
    get browser() {
      return need(browser);
    },
    get collector() {
      return need(collector);
    },
    get site() {
      return need(site);
    },
    async open(pathAndQuery) {
      const context = await need(browser).newContext();
      contexts.push(context);
      return openIn(context, `e2e-${randomBytes(6).toString('hex')}`, pathAndQuery);
    },
    openBeside: (open, pathAndQuery) => openIn(open.context, open.release, pathAndQuery),
    url: (open, pathAndQuery) => {
      const separator = pathAndQuery.includes('?') ? '&' : '?';
      return need(site).page(`${pathAndQuery}${separator}release=${open.release}`);
    },
  };
  const openIn = async (context: BrowserContext, release: string, pathAndQuery: string): Promise<OpenPage> => {
    const page = await context.newPage();
    const open = watch(page, context, release, need(collector));
    await page.goto(env.url(open, pathAndQuery), { waitUntil: 'load' });
    return open;
  };
  return env;
}

/** Hides the page the way a user does by following a link: navigates it to a page without the SDK. */
export async function leave(env: E2E, page: Page): Promise<void> {
  await page.goto(env.site.page('blank.html'), { waitUntil: 'load' });
}

/** Closes the tab, running `pagehide` and `visibilitychange` as a real close does. */
export async function closeTab(page: Page): Promise<void> {
  await page.close({ runBeforeUnload: true });
}
