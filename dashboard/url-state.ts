/**
 * Everything a view shows is in its URL: /dashboard/<view>?app=…&from=…, so a
 * copied link reproduces the view exactly. Filter parameters keep the API's
 * names and go to the API as they are; view options (percentile, sort,
 * selected workflow, compared releases) stay on the page.
 */
export const VIEWS = ['overview', 'routes', 'workflows', 'releases', 'usage', 'alerts'] as const;
export type View = (typeof VIEWS)[number];

export const VIEW_TITLES: Readonly<Record<View, string>> = {
  overview: 'Overview',
  routes: 'Routes',
  workflows: 'Workflows',
  releases: 'Releases',
  usage: 'Usage',
  alerts: 'Alerts',
};

/** Parameters every API call takes. */
export const FILTER_KEYS = ['app', 'from', 'to', 'env', 'release', 'route', 'device_class', 'browser', 'connection'] as const;
export type FilterKey = (typeof FILTER_KEYS)[number];

export const PERCENTILES = ['p50', 'p75', 'p90', 'p95', 'p99'] as const;
export type Percentile = (typeof PERCENTILES)[number];

export interface Place {
  view: View;
  params: URLSearchParams;
}

const BASE = '/dashboard';

export const placeOf = (location: Location): Place => {
  const name = location.pathname.slice(BASE.length).replace(/^\/+|\/+$/g, '');
  const view = (VIEWS as readonly string[]).includes(name) ? (name as View) : 'overview';
  return { view, params: new URLSearchParams(location.search) };
};

export const hrefOf = (place: Place): string => {
  const search = place.params.toString();
  return `${BASE}/${place.view}${search ? `?${search}` : ''}`;
};

/** The API's query for this place: the filters only, plus `extra`. */
export const apiQuery = (params: URLSearchParams, extra: Record<string, string> = {}): URLSearchParams => {
  const query = new URLSearchParams();
  for (const key of FILTER_KEYS) {
    const value = params.get(key);
    if (value) query.set(key, value);
  }
  for (const [key, value] of Object.entries(extra)) query.set(key, value);
  return query;
};

/** The query of endpoints that take only the app and the range (ingest, alerts). */
export const rangeQuery = (params: URLSearchParams): URLSearchParams => {
  const query = new URLSearchParams();
  for (const key of ['app', 'from', 'to']) {
    const value = params.get(key);
    if (value) query.set(key, value);
  }
  return query;
};

/** The chosen percentile; p75 (the Core Web Vitals one) unless the URL says otherwise. */
export const percentileOf = (params: URLSearchParams): Percentile => {
  const asked = params.get('pct');
  return (PERCENTILES as readonly string[]).includes(asked ?? '') ? (asked as Percentile) : 'p75';
};

/** A copy of `params` with some keys set (or, for '' / undefined, removed). */
export const withParams = (params: URLSearchParams, changes: Record<string, string | undefined>): URLSearchParams => {
  const next = new URLSearchParams(params);
  for (const [key, value] of Object.entries(changes)) {
    if (value === undefined || value === '') next.delete(key);
    else next.set(key, value);
  }
  return next;
};
