import type { Event } from '../schema/index.js';
import { pack } from './batch.js';
import { guard, on, setDebug, whenIdle } from './lib/index.js';
import type { Api, Consent, Options } from './options.js';
import { createPages } from './pages.js';
import { createQueue } from './queue.js';
import { createSession, sampled } from './session.js';
import { createTransport } from './transport.js';
import { cleanUrl } from './url.js';
import { observeVitals } from './vitals.js';
import { adoptMeasures, createWorkflows } from './workflows.js';

/** The `sdk` field of every batch. */
export const SDK_VERSION = 'percept-js/0.1.0';
/** Events that trigger a flush before the timer. */
const FLUSH_SIZE = 50;

/**
 * Wires sources (pages, vitals, workflows) → queue → transport for one app.
 * Returns undefined when the session is sampled out: such a page does no work.
 */
export const createClient = (options: Options): Api | undefined => {
  setDebug(!!options.debug);
  const session = createSession();
  if (!sampled(session._id(), +(options.sampleRate ?? 1))) return;
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
      session._save();
      transport._send(
        pack(events, {
          v: 1,
          app: options.app,
          key: options.key,
          session_id: session._id(),
          page_id: view.page_id!,
          url: view.url,
          route: view.route,
          sent_at: Date.now(),
          sdk: SDK_VERSION,
          release: options.release,
          env: options.env,
          user_id: userId,
        }),
      );
    }
    return true;
  });
  const push = (event: Event): void => {
    session._id();
    if (consent != 'denied') queue._push(event);
  };
  const flush = (): void => {
    queue._flush();
    transport._send([]);
  };

  const pages = createPages(push, clean);
  const workflows = createWorkflows(push, pages._id, +(options.workflowTimeoutMs || 60_000));
  observeVitals(push, pages, clean);
  guard(adoptMeasures)(push, pages._id, options.measurePrefix ?? 'percept:');

  // Bubble phase on window: runs after web-vitals' capture-phase listeners have queued final values.
  const hide = (): void => {
    pages._hide();
    workflows._hide();
    queue._flush();
    transport._hide();
  };
  on('visibilitychange', () => document.hidden && hide());
  on('pagehide', hide);
  whenIdle(transport._load);

  return {
    workflow: (name, options) => guard(workflows._start)(name, options)!,
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
