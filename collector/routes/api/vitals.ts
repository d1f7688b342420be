import { z } from 'zod';
import { ENVELOPE_FILTERS } from '../../analysis/filter-sql.js';
import { BREAKDOWN_COLUMNS, DEFAULT_MIN_SAMPLES, vitalsBreakdown, type BreakdownBy } from '../../analysis/vitals-breakdown.js';
import { vitalsAttribution } from '../../analysis/vitals-attribution.js';
import { vitalsSeries } from '../../analysis/vitals-series.js';
import { vitalsSummary } from '../../analysis/vitals-summary.js';
import { METRICS } from '../../analysis/vitals-truth.js';
import { defineRoute } from '../../api/route.js';
import type { MetricName } from '../../../schema/events.js';

const metric = z
  .enum(METRICS as [MetricName, ...MetricName[]])
  .default('LCP')
  .describe('LCP, INP, CLS, FCP or TTFB. Default LCP.');

export const vitalsSummaryRoute = defineRoute({
  path: 'vitals/summary',
  summary: 'Per-metric percentiles, rating shares and the Core Web Vitals pass share',
  description:
    'p50/p75/p90/p95/p99, samples, estimated count and good / needs-improvement / poor shares for LCP, INP, CLS, FCP and TTFB; the share of page views passing Core Web Vitals.',
  filters: ENVELOPE_FILTERS,
  reads: ['vitals'],
  example: {},
  run: ({ db, filters }) => vitalsSummary(db, filters),
  table: (data) => data.metrics,
});

export const vitalsBreakdownRoute = defineRoute({
  path: 'vitals/breakdown',
  summary: 'One metric per route, device class, browser, release …, worst p75 first',
  description: 'Groups under minSamples come last, marked enoughData: false, and are not ranked.',
  filters: ENVELOPE_FILTERS,
  params: z.object({
    by: z
      .enum(Object.keys(BREAKDOWN_COLUMNS) as [BreakdownBy, ...BreakdownBy[]])
      .default('route')
      .describe(`${Object.keys(BREAKDOWN_COLUMNS).join(', ')}. Default route.`),
    metric,
    minSamples: z.coerce
      .number()
      .int()
      .min(1)
      .max(1_000_000)
      .default(DEFAULT_MIN_SAMPLES)
      .describe(`Fewest samples for a group to be ranked. Default ${DEFAULT_MIN_SAMPLES}.`),
  }),
  reads: ['vitals'],
  example: { by: 'route', metric: 'LCP' },
  run: ({ db, filters, params }) => vitalsBreakdown(db, filters, params),
  table: (data) => data.groups.map((group) => ({ by: data.by, metric: data.metric, ...group })),
});

export const vitalsSeriesRoute = defineRoute({
  path: 'vitals/series',
  summary: 'Percentiles (p50 … p99) and rating shares of one metric per day, or per hour for ranges of two days or less',
  description:
    'Each point has the fields of a vitals/summary metric (samples, count, p50, p75, p90, p95, p99, good, needsImprovement, poor, rating) and t, ' +
    'the start of the bucket in UTC. Only buckets with data are listed.',
  filters: ENVELOPE_FILTERS,
  params: z.object({ metric }),
  reads: ['vitals'],
  example: { metric: 'INP' },
  run: ({ db, filters, params }) => vitalsSeries(db, filters, params.metric),
  table: (data) => data.points.map((point) => ({ metric: data.metric, grain: data.grain, ...point })),
});

export const vitalsAttributionRoute = defineRoute({
  path: 'vitals/attribution',
  summary: 'Where the time goes: top LCP elements and resources, INP targets and event types, CLS sources, sub-part medians',
  description: 'Filter by route to look at one page template.',
  filters: ENVELOPE_FILTERS,
  params: z.object({ metric: z.enum(['LCP', 'INP', 'CLS']).default('LCP').describe('LCP, INP or CLS. Default LCP.') }),
  reads: ['vitals'],
  example: { metric: 'LCP' },
  run: ({ db, filters, params }) => vitalsAttribution(db, filters, params.metric),
  table: (data) => data.top.map((entry) => ({ metric: data.metric, route: data.route, ...entry })),
});
