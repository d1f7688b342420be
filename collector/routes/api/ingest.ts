import { ingestHistory } from '../../analysis/ingest-history.js';
import { defineRoute } from '../../api/route.js';

export const ingestRoute = defineRoute({
  path: 'ingest',
  summary: 'Events accepted, rejected and dropped over time, by reason',
  description: 'From ingest_counters: per day, or per hour for ranges of two days or less. Counts are events as received, before sampling.',
  // The counters are kept per app and minute only, so no other filter can apply.
  filters: [],
  reads: ['ingest_counters'],
  example: {},
  run: ({ db, filters }) => ingestHistory(db, filters),
  table: (data) => data.points.map(({ reasons, ...point }) => ({ ...point, ...Object.fromEntries(Object.entries(reasons).map(([reason, n]) => [`reason_${reason}`, n])) })),
});
