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
  // One column per reason seen anywhere in the range, in name order, so every line has the same columns.
  table: (data) => {
    const reasons = [...new Set(data.points.flatMap((point) => Object.keys(point.reasons)))].sort();
    return data.points.map(({ reasons: counts, ...point }) => ({
      ...point,
      ...Object.fromEntries(reasons.map((reason) => [`reason_${reason}`, counts[reason] ?? 0])),
    }));
  },
});
