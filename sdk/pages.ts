import type { NavigationType, PageEvent } from '../schema/index.js';
import { epoch, guard, on, uuid } from './lib/index.js';

export interface Pages {
  /** Id of the current page view. */
  _id: () => string;
  /** The current page view. */
  _view: () => PageEvent;
  /** Id of the page view of the current navigation (hard load, prerender activation, bfcache restore): Web Vitals belong to it. */
  _nav: () => string;
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
 */
export const createPages = (push: (event: PageEvent) => void, clean: (url: string) => string): Pages => {
  let current: PageEvent;
  let navId: string;
  const start = (kind: PageEvent['kind'], nav: NavigationType, route?: string): PageEvent => {
    current = { type: 'page', ts: Date.now(), page_id: uuid(), kind, nav, url: clean(location.href), route };
    if (kind != 'route') navId = current.page_id!;
    return current;
  };
  const soft = (nav: NavigationType): void => {
    if (clean(location.href) != current.url) push(start('route', nav));
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
    _id: () => current.page_id!,
    _view: () => current,
    _nav: () => navId,
    _navigated: (nav, activationStart) => {
      if (nav == 'back-forward-cache') push(start('bfcache', nav));
      else {
        first.nav = nav;
        if (nav == 'prerender') {
          first.kind = nav;
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
