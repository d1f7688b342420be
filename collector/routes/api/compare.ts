import { z } from 'zod';
import { compareReleases, DEFAULT_ALPHA, DEFAULT_MIN_SAMPLES } from '../../analysis/compare.js';
import { ENVELOPE_FILTERS } from '../../analysis/filter-sql.js';
import { defineRoute } from '../../api/route.js';

const release = z.string().min(1).max(200);

export const compareRoute = defineRoute({
  path: 'releases/compare',
  summary: 'Release a against baseline b: p75 differences with confidence intervals and tested verdicts',
  description:
    'Per metric (all routes and each route) and per workflow. Timings: Mann–Whitney U; completion: two-proportion z-test; ' +
    'p-values corrected across the answer (Holm by default). Verdicts: regressed, improved, no change, not enough data.',
  filters: ENVELOPE_FILTERS.filter((field) => field !== 'release'),
  params: z.object({
    a: release.describe('The release under test (new).'),
    b: release.optional().describe('The baseline. Default: the release first seen before a.'),
    alpha: z.coerce.number().gt(0).lt(0.5).default(DEFAULT_ALPHA).describe(`Significance level after correction. Default ${DEFAULT_ALPHA}.`),
    correction: z
      .enum(['holm', 'benjamini-hochberg'])
      .default('holm')
      .describe('holm (family-wise error) or benjamini-hochberg (false discovery rate). Default holm.'),
    minSamples: z.coerce
      .number()
      .int()
      .min(10)
      .max(1_000_000)
      .default(DEFAULT_MIN_SAMPLES)
      .describe(`Fewest samples per side for a test. Default ${DEFAULT_MIN_SAMPLES}.`),
  }),
  reads: ['vitals', 'workflow_runs', 'page_views'],
  example: { a: '1.1.0', b: '1.0.0' },
  run: ({ db, filters, params }) => compareReleases(db, filters, params),
  table: (data) =>
    data.metrics.map(({ a, b, ci, ratingShareDiff, ...rest }) => ({
      ...rest,
      a_samples: a.samples,
      a_p75: a.p75,
      b_samples: b.samples,
      b_p75: b.p75,
      ci_low: ci?.[0] ?? null,
      ci_high: ci?.[1] ?? null,
      good_share_diff: ratingShareDiff.good,
      poor_share_diff: ratingShareDiff.poor,
    })),
});
