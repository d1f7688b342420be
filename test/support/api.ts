import { startCollector, type Collector } from './http.js';

/** Read tokens of the API tests: one for every app, one per app, one for two apps. */
export const TOKENS = {
  all: 'all-apps-reader-token-000001',
  shop: 'shop-reader-token-0000000001',
  blog: 'blog-reader-token-0000000001',
  both: 'shop-blog-reader-token-00001',
} as const;

export const READERS = [
  { name: 'analyst', token: TOKENS.all, apps: ['*'] },
  { name: 'shop-team', token: TOKENS.shop, apps: ['shop'] },
  { name: 'blog-team', token: TOKENS.blog, apps: ['blog'] },
  { name: 'both-teams', token: TOKENS.both, apps: ['shop', 'blog'] },
];

/** A real collector with the API readers configured; `file` adds config fields. */
export const startApiCollector = (file: Record<string, unknown> = {}): Promise<Collector> => startCollector({ readers: READERS, ...file });

export interface ApiAnswer<D = unknown> {
  filters: Record<string, unknown>;
  params: Record<string, unknown>;
  data: D;
  meta: { method: string; cached: boolean; rows: number };
}

/** GET under /api/v1/ with a bearer token (none when `token` is undefined). */
export const apiGet = (collector: Collector, path: string, token?: string, headers: Record<string, string> = {}) =>
  collector.app.inject({
    method: 'GET',
    url: `/api/v1/${path}`,
    headers: { ...(token === undefined ? {} : { authorization: `Bearer ${token}` }), ...headers },
  });
