import { z } from 'zod';
import { WORKFLOW_FILTERS } from '../../analysis/filter-sql.js';
import { WORKFLOW_BREAKDOWN, workflowDetail, workflowsSummary, type WorkflowBreakdownBy } from '../../analysis/workflows.js';
import { defineRoute } from '../../api/route.js';

export const workflowsSummaryRoute = defineRoute({
  path: 'workflows/summary',
  summary: 'Every workflow: runs, completion / error / abandonment / timeout rates, duration and perceived p50/p75/p95',
  description: 'One run counts once (its last report wins); rates and runs weighted by 1/sample_rate. Most runs first.',
  filters: WORKFLOW_FILTERS,
  reads: ['workflow_runs'],
  example: {},
  run: ({ db, filters }) => workflowsSummary(db, filters),
  table: (data) =>
    data.workflows.map(({ duration, perceived, ...rest }) => ({
      ...rest,
      duration_p50: duration.p50,
      duration_p75: duration.p75,
      duration_p95: duration.p95,
      perceived_p50: perceived.p50,
      perceived_p75: perceived.p75,
      perceived_p95: perceived.p95,
    })),
});

/** One workflow's figures; two addresses serve it (below). */
const detailRoute = (path: string, description: string) =>
  defineRoute({
    path,
    summary: 'One workflow: figures, step funnel and per-step percentiles, top errors, series, optional breakdown',
    description,
    filters: WORKFLOW_FILTERS,
    params: z.object({
      name: z.string().min(1).max(200).describe('Workflow name as the SDK sent it.'),
      by: z
        .enum(Object.keys(WORKFLOW_BREAKDOWN) as [WorkflowBreakdownBy, ...WorkflowBreakdownBy[]])
        .optional()
        .describe(`Adds a breakdown by ${Object.keys(WORKFLOW_BREAKDOWN).join(', ')}.`),
    }),
    reads: ['workflow_runs', 'workflow_steps'],
    example: { name: 'checkout' },
    run: ({ db, filters, params }) => workflowDetail(db, filters, params.name, params.by),
  });

export const workflowDetailRoute = detailRoute(
  'workflows/:name',
  'steps[].reached is the number of runs that reached the step (weighted). A workflow without runs in the range answers runs: 0. ' +
    'A workflow named summary is read at GET /workflow?name=summary (workflows/summary is the list).',
);

/**
 * The same answer with the name in the query string: the one address that
 * reads any workflow, including one named `summary`, whose path form is the
 * summary endpoint.
 */
export const workflowByNameRoute = detailRoute(
  'workflow',
  'The same answer as GET /workflows/{name}, the name given as ?name= (URL-encoded); it reads any workflow, including one named summary.',
);
