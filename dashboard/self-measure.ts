import { init, route, workflow, type Workflow } from '../sdk/index.js';
import type { View } from './url-state.js';

/**
 * The dashboard measures itself with percept: its Web Vitals and the
 * workflows "open view" and "apply filter" go to the built-in
 * `percept-dashboard` app. The collector writes the app's public ingest key
 * into the page (data-self-key) only when that app is configured, so without
 * it nothing is sent and nothing is refused.
 */
let measuring = false;

export const startSelfMeasure = (): void => {
  const { selfKey, selfRelease } = document.body.dataset;
  if (!selfKey) return;
  init({ app: 'percept-dashboard', key: selfKey, release: selfRelease || 'unknown', env: 'production' });
  measuring = true;
};

/** Names the page view of a view by its template (the SDK starts one on every pushState). */
export const namePage = (view: View | 'sign-in'): void => {
  if (measuring) route(`/dashboard/${view}`);
};

/** Starts a workflow run, or nothing when self-measuring is off. */
export const measureWorkflow = (name: 'open view' | 'apply filter', attrs: Record<string, string>): Workflow | undefined =>
  measuring ? workflow(name, { attrs }) : undefined;
