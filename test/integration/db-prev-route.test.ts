import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Databases } from '../../collector/db/types.js';
import { rowsText } from '../../collector/rows/row-text.js';
import type { Event } from '../../schema/index.js';
import { exampleBatch } from '../support/batches.js';
import { openMigrated, processed } from '../support/db-fixtures.js';

const NOW = Date.UTC(2026, 10, 2, 12, 0, 0, 0);

/** A session of one document: a hard load of /, then SPA route changes / → /cart → /checkout → /cart. */
const pages: Event[] = [
  { type: 'page', ts: NOW - 4000, page_id: 'page-prev-000001', kind: 'load', nav: 'navigate', url: 'https://shop.example/', route: '/' },
  {
    type: 'page',
    ts: NOW - 3000,
    page_id: 'page-prev-000002',
    kind: 'route',
    nav: 'navigate',
    url: 'https://shop.example/cart',
    route: '/cart',
    prev_route: '/',
  },
  { type: 'page', ts: NOW - 2000, page_id: 'page-prev-000003', kind: 'route', url: 'https://shop.example/checkout', route: '/checkout', prev_route: '/cart' },
  { type: 'page', ts: NOW - 1000, page_id: 'page-prev-000004', kind: 'route', url: 'https://shop.example/cart', route: '/cart', prev_route: '/checkout' },
];

let dbs: Databases;
beforeAll(async () => {
  dbs = await openMigrated();
  const batch = processed(exampleBatch({ events: pages }, NOW));
  for (const { table, text } of rowsText(batch)) await dbs.writer.insertNdjson(table, text, `${batch.batch_id}:${table}`);
});
afterAll(() => dbs.close());

describe('prev_route in ClickHouse (migration 010)', () => {
  it('stores each page view with the route it came from, empty on entry, through the ingest row writer', async () => {
    const rows = await dbs.reader.query<{ route: string; prev_route: string; nav: string }>(
      `SELECT route, prev_route, nav FROM page_views WHERE page_id LIKE 'page-prev-%' ORDER BY time`,
    );
    expect(rows).toEqual([
      { route: '/', prev_route: '', nav: 'navigate' },
      { route: '/cart', prev_route: '/', nav: 'navigate' },
      { route: '/checkout', prev_route: '/cart', nav: 'navigate' },
      { route: '/cart', prev_route: '/checkout', nav: 'navigate' },
    ]);
  });

  it('answers route → next route in one scan', async () => {
    const rows = await dbs.reader.query<{ from_route: string; to_route: string; transitions: number }>(
      `SELECT prev_route AS from_route, route AS to_route, toUInt32(count()) AS transitions FROM page_views
       WHERE page_id LIKE 'page-prev-%' AND kind = 'route' GROUP BY from_route, to_route ORDER BY from_route`,
    );
    expect(rows).toEqual([
      { from_route: '/', to_route: '/cart', transitions: 1 },
      { from_route: '/cart', to_route: '/checkout', transitions: 1 },
      { from_route: '/checkout', to_route: '/cart', transitions: 1 },
    ]);
  });
});
