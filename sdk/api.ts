import type { Api, Options } from './options.js';
import { idle, start } from './runtime.js';

let client: Api | undefined;
const current = (): Api => client || idle;

/** Starts the SDK once; later calls are ignored. */
export const init = (options: Options): void => {
  client ||= start(options);
};
/** Starts a run of workflow `name` (see docs/sdk.md). */
export const workflow: Api['workflow'] = (name, options) => current().workflow(name, options);
/** Runs a one-step task as a workflow run and returns its result unchanged. */
export const measure: Api['measure'] = (name, task) => current().measure(name, task);
/** Starts a page view, or names the current one when its URL has not changed since it started. */
export const page: Api['page'] = (route) => current().page(route);
/** Sets the route template of the current page view without starting a new one. */
export const route: Api['route'] = (template) => current().route(template);
/** Grants or denies consent. */
export const consent: Api['consent'] = (state) => current().consent(state);
/** Sets or clears the app's opaque user id. */
export const user: Api['user'] = (id) => current().user(id);
/** Sends everything queued now. */
export const flush: Api['flush'] = () => current().flush();
