import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DASHBOARD_APP } from '../../collector/config/defaults.js';
import type { ApiRoute } from '../../collector/api/route.js';
import { API_ROUTES } from '../../collector/routes/api/registry.js';
import type { Collector } from '../support/http.js';
import { apiGet, READERS, startApiCollector, TOKENS } from '../support/api.js';
import { DAY, insertRows, pageViewRow, vitalRow } from '../support/api-seeds.js';

/**
 * Token scope on EVERY endpoint of the registry: routes added later are
 * covered without touching this file. Each endpoint is called with no token,
 * an unknown token, an ingest key, a token for another app (for an app that
 * exists and one that does not), and its own token; the answers for app shop
 * never carry rows of app blog; and every call, refused or not, leaves one
 * audit row without the token.
 */
let collector: Collector;
const BLOG_MARK = 'blog-only-marker';
let calls = 0;

beforeAll(async () => {
  collector = await startApiCollector();
  const blogRows = [
    vitalRow({ app: 'blog', metric: 'LCP', value: 1234, metricId: 'blog-lcp-1', route: `/${BLOG_MARK}`, release: BLOG_MARK, selector: BLOG_MARK }),
    vitalRow({
      app: 'blog',
      metric: 'INP',
      value: 300,
      metricId: 'blog-inp-1',
      route: `/${BLOG_MARK}`,
      release: BLOG_MARK,
      selector: BLOG_MARK,
      eventType: 'keydown',
    }),
  ];
  await insertRows(collector.app.db.writer, 'vitals', [
    ...blogRows,
    vitalRow({ app: 'shop', metric: 'LCP', value: 2000, metricId: 'shop-lcp-1', route: '/cart' }),
  ]);
  await insertRows(collector.app.db.writer, 'page_views', [
    pageViewRow({ app: 'blog', pageId: 'blog-pv-1', release: BLOG_MARK, at: 0, route: `/${BLOG_MARK}` }),
    pageViewRow({ app: 'shop', pageId: 'shop-pv-1', release: '2.0.0', at: 0, route: '/cart' }),
  ]);
  collector.app.ingest.count('blog', 'rejected', BLOG_MARK, 7);
});
afterAll(async () => {
  await collector.close();
});

/** The route's URL for `app`, with its example parameters (path parameters filled in). */
const urlOf = (route: ApiRoute, app?: string, extra: Record<string, string> = {}): string => {
  let path = route.path;
  const query = new URLSearchParams();
  for (const [name, value] of Object.entries(route.example)) {
    if (path.includes(`:${name}`)) path = path.replace(`:${name}`, encodeURIComponent(value));
    else query.set(name, value);
  }
  if (app !== undefined && route.filters !== 'none') {
    query.set('app', app);
    query.set('from', DAY);
    query.set('to', DAY);
  }
  for (const [name, value] of Object.entries(extra)) query.set(name, value);
  const text = query.toString();
  return text ? `${path}?${text}` : path;
};

const call = (url: string, token?: string, headers?: Record<string, string>) => {
  calls += 1;
  return apiGet(collector, url, token, headers);
};

describe.each(API_ROUTES.map((route) => [route.path, route] as const))('%s', (_path, route) => {
  it('answers 401 without a token, with an unknown token and with an ingest key', async () => {
    for (const [token, headers] of [
      [undefined, {}],
      ['not-a-configured-token-000001', {}],
      ['shop-key-0001', {}],
      [undefined, { authorization: `Basic ${Buffer.from(`x:${TOKENS.all}`).toString('base64')}` }],
    ] as const) {
      const response = await call(urlOf(route, 'shop'), token, headers);
      expect(response.statusCode).toBe(401);
      expect((response.json() as { error: { code: string } }).error.code).toBe('unauthorized');
    }
  });

  if (route.filters === 'none') {
    it('lists only what the token may read', async () => {
      const response = await call(urlOf(route), TOKENS.shop);
      expect(response.statusCode).toBe(200);
      expect(JSON.stringify(response.json())).not.toContain('blog');
    });
    return;
  }

  it('answers 403 for an app outside the token, the same whether the app exists or not', async () => {
    const existing = await call(urlOf(route, 'blog'), TOKENS.shop);
    const missing = await call(urlOf(route, 'no-such-app'), TOKENS.shop);
    expect(existing.statusCode).toBe(403);
    expect(missing.statusCode).toBe(403);
    expect(existing.body).toBe(missing.body);
    expect((existing.json() as { error: { code: string } }).error.code).toBe('forbidden');
  });

  it('answers its own app, never with rows of another', async () => {
    for (const token of [TOKENS.shop, TOKENS.both, TOKENS.all]) {
      const response = await call(urlOf(route, 'shop'), token);
      expect(response.statusCode, response.body).toBe(200);
      expect(response.body).not.toContain(BLOG_MARK);
    }
    if (route.table) {
      const csv = await call(urlOf(route, 'shop', { format: 'csv' }), TOKENS.shop);
      expect(csv.statusCode).toBe(200);
      expect(csv.body).not.toContain(BLOG_MARK);
    }
  });

  it('serves a narrower token a result computed for its own scope, not a cached wider one', async () => {
    if (route.cacheable === false) {
      // Routes that opt out of the cache (alerts) are never served from it.
      const url = urlOf(route, 'shop');
      await call(url, TOKENS.all);
      expect(((await call(url, TOKENS.all)).json() as { meta: { cached: boolean } }).meta.cached).toBe(false);
      return;
    }
    // A flush between two calls (ingest counters every few seconds) may drop the wide entry; then try another range.
    for (const to of ['2026-11-11', '2026-11-12', '2026-11-13', '2026-11-14', '2026-11-15']) {
      const url = urlOf(route, 'shop', { to });
      const wide = await call(url, TOKENS.all);
      const again = await call(url, TOKENS.all);
      if (!(again.json() as { meta: { cached: boolean } }).meta.cached) continue;
      const narrow = await call(url, TOKENS.shop);
      expect((narrow.json() as { meta: { cached: boolean } }).meta.cached).toBe(false);
      expect((narrow.json() as { data: unknown }).data).toEqual((wide.json() as { data: unknown }).data);
      return;
    }
    throw new Error('The wide answer was never served from the cache.');
  });

  it('still answers 403 after a wider token cached the other app', async () => {
    expect((await call(urlOf(route, 'blog'), TOKENS.all)).statusCode).toBe(200);
    expect((await call(urlOf(route, 'blog'), TOKENS.shop)).statusCode).toBe(403);
  });
});

describe('/apps', () => {
  it('lists the apps of the token; a "*" token every configured app, the dashboard\'s own included', async () => {
    const apps = async (token: string) => ((await call('apps', token)).json() as { data: { app: string }[] }).data.map((row) => row.app);
    expect(await apps(TOKENS.all)).toEqual(['blog', 'demo', 'open', DASHBOARD_APP, 'shop']);
    expect(await apps(TOKENS.shop)).toEqual(['shop']);
    expect(await apps(TOKENS.both)).toEqual(['blog', 'shop']);
  });
});

describe('unknown endpoints', () => {
  it('answer 404 and are audited', async () => {
    const response = await call('vitals/nonexistent?app=shop', TOKENS.shop);
    expect(response.statusCode).toBe(404);
    expect((response.json() as { error: { code: string } }).error.code).toBe('not_found');
  });
});

describe('read tokens on /v1/batch', () => {
  it('are not ingest keys', async () => {
    for (const body of [{ key: TOKENS.all }, {}]) {
      const response = await collector.app.inject({
        method: 'POST',
        url: '/v1/batch',
        headers: { 'content-type': 'application/json', authorization: `Bearer ${TOKENS.all}` },
        payload: JSON.stringify({
          v: 1,
          app: 'shop',
          batch_id: '00000000-0000-4000-8000-000000000001',
          sent_at: Date.now(),
          session_id: 'session-0001',
          events: [],
          ...body,
        }),
      });
      expect(response.statusCode).toBe(401);
    }
  });
});

describe('the audit log', () => {
  it('has one row per call, refused ones included, and never a token', async () => {
    const rows = await waitForAudit(calls);
    expect(rows).toHaveLength(calls);
    const text = JSON.stringify(rows);
    for (const { token } of READERS) expect(text).not.toContain(token);
    expect(text).not.toContain('shop-key-0001');
    expect(text).not.toContain('not-a-configured-token');
    const statuses = new Set(rows.map((row) => row.status));
    expect([...statuses].sort()).toEqual(['200', '401', '403', '404']);
    expect(rows.filter((row) => row.status === '401').every((row) => row.actor === '' && row.error === 'unauthorized')).toBe(true);
    expect(rows.filter((row) => row.status === '403').every((row) => row.actor === 'shop-team' && row.error === 'forbidden')).toBe(true);
    const summary = rows.find((row) => row.query === '/api/v1/vitals/summary' && row.status === '200' && row.actor === 'shop-team')!;
    expect(summary).toMatchObject({ apps: ['shop'], rows: 5, error: '' });
    expect(JSON.parse(summary.params)).toMatchObject({ app: 'shop', from: DAY, to: DAY });
    expect(rows.some((row) => row.cached === true)).toBe(true);
    expect(new Set(rows.map((row) => row.query))).toEqual(new Set([...API_ROUTES.map((route) => `/api/v1/${route.path}`), '(unmatched)']));
  });
});

interface AuditRead {
  actor: string;
  apps: string[];
  query: string;
  params: string;
  rows: number;
  status: string;
  error: string;
  cached: boolean;
}

/** Audit rows reach ClickHouse through the spool; wait until `n` have been flushed. */
const waitForAudit = async (n: number): Promise<AuditRead[]> => {
  for (let i = 0; i < 200; i++) {
    const rows = await collector.app.db.reader.query<AuditRead>('SELECT actor, apps, query, params, rows, status, error, cached FROM audit_log');
    if (rows.length >= n) return rows;
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  throw new Error(`Fewer than ${n} audit rows after 20 s.`);
};
