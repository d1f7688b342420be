import { ENVELOPE_FILTERS } from '../../analysis/filter-sql.js';
import { usage } from '../../analysis/usage.js';
import { defineRoute } from '../../api/route.js';

export const usageRoute = defineRoute({
  path: 'usage',
  summary: 'Page views, sessions, entry / exit routes, route transitions, mixes and an hour-of-week heatmap',
  description:
    'The usage pattern next to the waits: one page view per page_id, weighted by 1/sample_rate; transitions are consecutive page views within a session.',
  filters: ENVELOPE_FILTERS,
  reads: ['page_views', 'workflow_runs'],
  example: {},
  run: ({ db, filters }) => usage(db, filters),
});
