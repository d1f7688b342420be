import { ENVELOPE_FILTERS } from '../../analysis/filter-sql.js';
import { releasesSeen } from '../../analysis/releases.js';
import { defineRoute } from '../../api/route.js';

export const releasesRoute = defineRoute({
  path: 'releases',
  summary: 'Releases seen in the range, newest first',
  description: 'First and last page view of each release and its page views (weighted by 1/sample_rate).',
  filters: ENVELOPE_FILTERS.filter((field) => field !== 'release'),
  reads: ['page_views'],
  example: {},
  run: ({ db, filters }) => releasesSeen(db, filters),
  table: (data) => data,
});
