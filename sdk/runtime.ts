import { createClient } from './client.js';
import { guard } from './lib/index.js';
import type { Api, Options } from './options.js';

const noop = (): void => {};
const idleRun = { step: noop, end: noop, set: noop };

/** What answers before `init()`, in sampled-out sessions and where the SDK cannot start: nothing, harmlessly. */
export const idle: Api = {
  workflow: () => idleRun,
  measure: (_name, task) => (typeof task == 'function' ? (task as () => never)() : task),
  page: noop,
  route: noop,
  consent: noop,
  user: noop,
  flush: noop,
};

/** Starts the SDK; any failure leaves the page with the idle API. */
export const start = (options: Options): Api => guard(createClient)(options) || idle;
