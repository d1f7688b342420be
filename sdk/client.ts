import { WIRE_VERSION } from '../schema/version.js';
import { pack } from './pack.js';
import { afterLoad, guard, on, setDebug } from './lib/index.js';
import type { Api, Consent, Options } from './options.js';
import { createPages } from './pages.js';
import { createQueue } from './queue.js';
import { createSession, sampled } from './session.js';
import { createTransport } from './transport.js';
import { cleanUrl } from './url.js';
import { observeVitals } from './vitals.js';
import { pageId, toWire, type Held } from './wire.js';
import { adoptMeasures, createWorkflows } from './workflows.js';

/** The `sdk` field of every batch. */
export const SDK_VERSION = 'percept-js/0.1.0';
/** Events that trigger a flush before the timer. */
const FLUSH_SIZE = 50;

/**
 * Wires sources (pages, vitals, workflows) → queue → transport for one app.
 * Returns undefined when the session is sampled out or the page is not a
 * secure context: such a page does no work.
 *
 * What runs at start is what cannot wait: web-vitals' observers (as early as
 * the plain library would run them; its reports of a page left before load
 * need them), the History API hook and the hide listeners. Storage (session,
 * persisted batches) and random ids are first touched at the first send,
 * since the first access to Web Storage in a page is a synchronous call into
 * the browser; the `performance.measure()` and event-entry observers start
 * once the page has loaded and the browser is idle (both read buffered entries).
 */
export const createClient = (options: Options): Api | undefined => {
  setDebug(!!options.debug);
  // Batch ids need crypto.randomUUID, which only secure contexts (https, localhost) have: elsewhere stay idle.
  if (!crypto.randomUUID) return;
  const session = createSession();
  const rate = +(options.sampleRate ?? 1);
  if (rate < 1 && !sampled(session._id(), rate)) return;
  const nav = navigator as Navigator & { globalPrivacyControl?: boolean };
  const locked = (options.respectGpc && nav.globalPrivacyControl) || (options.respectDnt && nav.doNotTrack == '1');
  let consent: Consent = locked ? 'denied' : options.consent || 'granted';
  let userId: string | undefined;
  const allow = options.allowParams || [];
  const clean = (url: string): string => cleanUrl(url, allow);
  const granted = (): boolean => consent == 'granted';
  const transport = createTransport(
    `${(options.endpoint || location.origin).replace(/\/+$/, '')}/v1/batch?key=${options.key}`,
    'percept_outbox_' + options.app,
    granted,
  );
  // Pending consent holds events; denied drops them.
  const queue = createQueue(FLUSH_SIZE, +(options.flushMs || 5000), (events) => {
    if (consent == 'pending') return false;
    if (granted()) {
      const view = pages._view();
      const wire = toWire(events, view);
      transport._send(
        pack(wire, {
          v: WIRE_VERSION,
          app: options.app,
          session_id: session._id(),
          page_id: pageId(view),
          origin: performance.timeOrigin,
          url: view.url,
          route: view.route,
          sdk: SDK_VERSION,
          release: options.release,
          env: options.env,
          user_id: userId,
        }),
      );
      session._save();
    }
    return true;
  });
  const push = (event: Held): void => {
    if (consent != 'denied') queue._push(event);
  };
  const flush = (): void => {
    queue._flush(true);
    transport._send([]);
  };

  const pages = createPages(push, clean);
  const workflows = createWorkflows(push, pages._view, +(options.workflowTimeoutMs || 60_000));
  observeVitals(push, pages, clean);
  afterLoad(() => adoptMeasures(push, pages._view, options.measurePrefix ?? 'percept:'));

  const hide = (): void => {
    if (!document.hidden) return workflows._show();
    pages._hide();
    workflows._hide();
    queue._flush(true);
    transport._hide();
  };
  // One send per hide, at visibilitychange to hidden, in the bubble phase on window: web-vitals reports
  // final values in its capture-phase listeners of that event, INP work it left pending included.
  // Chromium fires pagehide first (HTML "unload a document": pagehide, then the visibility update), so
  // pagehide acts only on a page already hidden (a background tab closed), and sends only what is new.
  on('visibilitychange', hide);
  on('pagehide', hide);

  return {
    workflow: guard(workflows._start) as Api['workflow'],
    measure: workflows._measure,
    page: guard(pages._page),
    route: guard(pages._route),
    consent: guard((state: Consent) => {
      if (locked) return;
      consent = state;
      if (state == 'denied') transport._clear();
      flush();
    }),
    user: (id) => {
      userId = id ? String(id).slice(0, 256) : undefined;
    },
    flush: guard(flush),
  };
};
