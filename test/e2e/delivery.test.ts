import { describe, expect, it } from 'vitest';
import { batchSchema, type PageEvent } from '../../schema/index.js';
import { isPage, isVital, waitFor, waitForBeacons, waitForEvent, type Delivered } from '../support/e2e/beacons.js';
import { chromiumAvailable } from '../support/e2e/chromium.js';
import { startCollector } from '../support/e2e/collector.js';
import { leave, useE2E } from '../support/e2e/fixture.js';

/** Chromium's own log line for any failed request; the page cannot prevent it, so it is not the SDK's error. */
const isNetworkLog = (text: string): boolean => text.startsWith('Failed to load resource');

const pageViewOtherThan =
  (pageId: string) =>
  (d: Delivered): d is Delivered<PageEvent> =>
    isPage(d) && d.pageId !== pageId;

describe.skipIf(!chromiumAvailable())('delivery in Chromium', () => {
  const env = useE2E();

  it('sends a valid batch as text/plain with the key in the query and no query string in urls', async () => {
    const open = await env.open('article.html?utm_source=mail');
    await leave(env, open.page);

    const { beacon, event } = await waitForEvent(open.accepted, isPage, 'the page view');
    const parsed = batchSchema.safeParse(beacon.batch);
    expect(parsed.success, JSON.stringify(parsed.error?.issues)).toBe(true);
    expect(beacon.headers['content-type']).toMatch(/^text\/plain/);
    expect(beacon.headers.cookie).toBeUndefined();
    expect(beacon.query.get('key')).toBe('demo-public-key');
    expect(beacon.batch?.app).toBe('demo');
    expect(event.kind).toBe('load');
    expect(event.url).toMatch(/\/pages\/article\.html$/);
  });

  it('sends one request per hide, carrying the page view and every vital, without repeating the envelope', async () => {
    const open = await env.open('article.html');
    await open.page.click('#count');
    await leave(env, open.page);

    await waitForEvent(open.accepted, isPage, 'the page view');
    await waitForEvent(open.accepted, isVital('CLS'), 'the CLS, reported at hide');
    // Chromium fires pagehide, then visibilitychange: give a second request time to arrive, if one were sent.
    await new Promise((resolve) => setTimeout(resolve, 1000));
    expect(open.attempts()).toHaveLength(1);
    const batch = open.attempts()[0]!.batch!;
    expect(batchSchema.safeParse(batch).success).toBe(true);
    expect(batch.events.map((e) => (e.type === 'vital' ? e.name : e.type)).sort()).toEqual(['CLS', 'FCP', 'INP', 'LCP', 'TTFB', 'page']);
    expect(batch).not.toHaveProperty('key');
    expect(batch.session_id).toMatch(/^[A-Za-z0-9_]{16}$/);
    expect(batch.page_id).toMatch(/^[A-Za-z0-9_]{16}$/);
    // The page event is the envelope's page view: the event has no page_id, the envelope no url.
    expect(batch).not.toHaveProperty('url');
    for (const event of batch.events) {
      expect(event).not.toHaveProperty('page_id');
      expect(event).not.toHaveProperty('rating');
    }
  });

  it('retries a batch answered 503 with the same batch_id after Retry-After', async () => {
    env.collector.unavailable(1, 1);
    const open = await env.open('article.html?flush-ms=200');

    const [refused] = await waitForBeacons(open.attempts, 1, 'the first attempt');
    expect(refused!.status).toBe(503);
    const batchId = refused!.batch!.batch_id;
    const retried = await waitFor(() => open.accepted().find((b) => b.batch?.batch_id === batchId), `a retry of batch ${batchId}`);
    expect(retried.at - refused!.at).toBeGreaterThanOrEqual(900);
    expect(retried.batch?.events).toEqual(refused!.batch?.events);
  });

  it('keeps a batch the endpoint never got and sends it from the next page of the origin', async () => {
    env.collector.drop();
    const open = await env.open('article.html?flush-ms=200');
    const [lost] = await waitForBeacons(open.attempts, 1, 'an attempt while the endpoint is down');
    await leave(env, open.page);
    expect(open.accepted()).toEqual([]);

    env.collector.accept();
    await open.page.goto(env.url(open, 'article.html'), { waitUntil: 'load' });
    const lostPageId = lost!.batch!.page_id;
    const late = await waitFor(
      () => open.accepted().find((b) => b.batch?.batch_id === lost!.batch!.batch_id),
      `batch ${lost!.batch!.batch_id} of the earlier page, sent late`,
      15_000,
    );
    expect(late.batch?.events).toEqual(lost!.batch!.events);
    expect(late.batch?.page_id).toBe(lostPageId);
    const current = await waitForEvent(open.accepted, pageViewOtherThan(lostPageId), 'the next page view');
    expect(current.event.kind).toBe('load');
  });

  it('throws nothing into the page when the endpoint is unreachable', async () => {
    const gone = await startCollector();
    await gone.close();
    const open = await env.open(`article.html?flush-ms=200&endpoint=${encodeURIComponent(gone.url)}`);
    const failed: string[] = [];
    open.page.on('requestfailed', (request) => {
      if (request.url().startsWith(gone.url)) failed.push(request.url());
    });
    for (let i = 0; i < 3; i += 1) await open.page.click('#count');
    expect(await open.page.textContent('#clicks')).toBe('3');
    await waitFor(() => (failed.length > 0 ? failed : undefined), 'a failed send to the closed port');
    await leave(env, open.page);

    expect(open.pageErrors).toEqual([]);
    expect(open.consoleErrors.filter((text) => !isNetworkLog(text))).toEqual([]);
  });
});
