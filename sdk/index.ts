export { consent, flush, init, measure, page, route, user, workflow } from './api.js';
export type { Api, Consent, Options } from './options.js';
export type { Workflow, WorkflowOptions } from './workflows.js';
