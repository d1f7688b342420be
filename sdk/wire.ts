import type { Event, PageEvent } from '../schema/index.js';
import { id } from './lib/id.js';

/** An event as queued. Vitals and workflows refer to their page view; a page event is its own. */
export type Held = Event & { _v?: PageEvent };

type Loose = Event & { page_id?: string; url?: string; route?: string; nav?: string; delta?: number; value?: number };

/** A page view's id, made when first sent: random ids and their crypto calls wait until a send needs them. */
export const pageId = (view: PageEvent): string => (view.page_id ||= id());

/**
 * The wire form of held events for a batch whose envelope names `current`.
 * Events of that page view carry no `page_id`: the envelope says it. Events
 * of an earlier one (a hard load's LCP, CLS and INP come at hide, often after
 * SPA route changes) carry its `page_id`, and vitals and workflows also its
 * `url` and `route`, so the collector files them where they happened
 * (docs/wire-format.md, "Events"). Events leave out what the collector
 * fills in: `nav` when it is `navigate`, a vital's `delta` when it equals its `value`.
 */
export const toWire = (held: Held[], current: PageEvent): Event[] =>
  held.map((h) => {
    const { _v = h as PageEvent, page_id, ...e }: Held & Loose = h;
    if (e.nav == 'navigate') e.nav = undefined;
    if (e.delta == e.value) e.delta = undefined;
    if (_v != current) {
      (e as Loose).page_id = pageId(_v);
      if (e.type != 'page') {
        e.url = _v.url;
        e.route = _v.route;
      }
    }
    return e;
  });
