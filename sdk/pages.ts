import type { NavigationType, PageEvent } from '../schema/index.js';
import { epoch, guard, on } from './lib/index.js';

export interface Pages {
  /** The current page view: what the envelope names. */
  _view: () => PageEvent;
  /** The page view of the current navigation (hard load, prerender activation, bfcache restore): Web Vitals belong to it. */
  _nav: () => PageEvent;
  /** A navigation is ready, as web-vitals' TTFB report says: queue its page view. */
  _navigated: (nav: NavigationType, activationStart?: number) => void;
  /** `page(route)`: names the current page view if its URL is unchanged and unnamed, else starts a new one. */
  _page: (route?: string) => void;
  /** `route(template)`: sets the route template of the current page view. */
  _route: (template: string) => void;
  /** Page hide: queue the hard-load page view now if it is still waiting. */
  _hide: () => void;
}

/**
 * Page views. A hard load (or prerender activation) and each bfcache restore
 * start one; web-vitals reports TTFB exactly once for each, after load and
 * after activation, with the navigation type computed as for every metric, so
 * the page view is queued from that report. SPA route changes
 * (`history.pushState`, `popstate`, `page()`) start one too.
 *
 * A page view is its own page event: events refer to the object, so a route
 * named after they were queued still reaches them, and the wire form
 * (sdk/wire.ts) can tell whether they belong to the envelope's page view.
 * Its `page_id` is made when it is first sent (sdk/wire.ts, `pageId`).
 */
export const createPages = (push: (event: PageEvent) => void, clean: (url: string) => string): Pages => {
  let current: PageEvent;
  let nav: PageEvent;
  const start = (kind: PageEvent['kind'], type: NavigationType, route?: string): PageEvent => {
    current = { type: 'page', ts: Date.now(), kind, nav: type, url: clean(location.href), route };
    if (kind != 'route') nav = current;
    return current;
  };
  const soft = (type: NavigationType): void => {
    if (clean(location.href) != current.url) push(start('route', type));
  };

  const first = start('load', 'navigate');
  first.ts = epoch(0);
  let waiting = true;
  const pushFirst = (): void => {
    if (waiting) push(first);
    waiting = false;
  };

  const pushState = history.pushState;
  history.pushState = function (this: History, ...args: Parameters<History['pushState']>) {
    pushState.apply(this, args);
    guard(soft)('navigate');
  };
  on('popstate', () => soft('back-forward'));

  return {
    _view: () => current,
    _nav: () => nav,
    _navigated: (type, activationStart) => {
      // The restored document is the one that was hidden, so it keeps the route template it had.
      if (type == 'back-forward-cache') push(start('bfcache', type, current.route));
      else {
        first.nav = type;
        if (type == 'prerender') {
          first.kind = type;
          first.ts = epoch(activationStart || 0);
        }
        pushFirst();
      }
    },
    _page: (route) => {
      if (clean(location.href) == current.url && !current.route) current.route = route;
      else push(start('route', 'navigate', route));
    },
    _route: (template) => {
      current.route = template;
    },
    _hide: pushFirst,
  };
};
