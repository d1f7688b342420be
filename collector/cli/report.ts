import type { VitalsBreakdown } from '../analysis/vitals-breakdown.js';
import type { VitalsSummary } from '../analysis/vitals-summary.js';
import type { WorkflowFigures } from '../analysis/workflows.js';
import { toCsv } from '../api/csv.js';
import type { Format } from './args.js';
import { withProgress } from './progress.js';
import type { ReadSource } from './source.js';
import { count, ms, percent, textTable } from './table.js';

export interface ReportOptions {
  app: string;
  sinceDays: number;
  env?: string;
  format: Format;
  /** Today, ms; the range ends on its UTC day. */
  now: number;
}

/** How many routes the report lists, slowest first. */
const TOP_ROUTES = 10;
const day = (ms: number) => new Date(ms).toISOString().slice(0, 10);

/** `percept report`: the vitals summary, the slowest routes by LCP p75, and the workflows, as one text. */
export const runReport = async (source: ReadSource, options: ReportOptions): Promise<string> => {
  const from = day(options.now - (options.sinceDays - 1) * 86_400_000);
  const to = day(options.now);
  const query = { app: options.app, from, to, ...(options.env ? { env: options.env } : {}) };
  const [summary, routes, workflows] = await withProgress(`reading ${options.app}, ${from} to ${to}`, () =>
    Promise.all([
      source.get<VitalsSummary>('vitals/summary', query),
      source.get<VitalsBreakdown>('vitals/breakdown', { ...query, by: 'route', metric: 'LCP' }),
      source.get<{ workflows: WorkflowFigures[] }>('workflows/summary', query),
    ]),
  );
  const slowest = routes.data.groups.slice(0, TOP_ROUTES);
  if (options.format === 'json') {
    return `${JSON.stringify({ app: options.app, from, to, env: options.env ?? null, vitals: summary.data, slowestRoutes: slowest, workflows: workflows.data.workflows }, null, 2)}\n`;
  }
  if (options.format === 'csv') {
    // Three tables, each with its own header, separated by a blank line.
    const vitals = summary.data.metrics.map(({ metric, samples, count, p50, p75, p90, p95, p99, good, needsImprovement, poor, rating }) => ({
      metric,
      samples,
      count,
      p50,
      p75,
      p90,
      p95,
      p99,
      good,
      needsImprovement,
      poor,
      rating,
    }));
    const routeRows = slowest.map((group) => ({
      route: group.key,
      samples: group.samples,
      lcpP75: group.p75,
      good: group.good,
      poor: group.poor,
      enoughData: group.enoughData,
    }));
    const flowRows = workflows.data.workflows.map((flow) => ({
      workflow: flow.workflow,
      runs: flow.runs,
      completion: flow.completion,
      error: flow.error,
      abandonment: flow.abandonment,
      perceivedP50: flow.perceived.p50,
      perceivedP75: flow.perceived.p75,
      perceivedP95: flow.perceived.p95,
    }));
    return [toCsv(vitals), toCsv(routeRows), toCsv(flowRows)].join('\r\n');
  }

  const { metrics, cwvPass } = summary.data;
  const sections = [
    `percept report: ${options.app}, ${from} to ${to} (UTC)${options.env ? `, env ${options.env}` : ''}`,
    '',
    `Core Web Vitals: ${percent(cwvPass.passShare)} of ${count(cwvPass.pageViews)} page views pass (LCP, INP and CLS all good).`,
    '',
    textTable(
      [
        { title: 'metric', value: (m) => m.metric },
        { title: 'p75', value: (m) => ms(m.p75, m.metric), align: 'right' },
        { title: 'p95', value: (m) => ms(m.p95, m.metric), align: 'right' },
        { title: 'good', value: (m) => percent(m.good), align: 'right' },
        { title: 'poor', value: (m) => percent(m.poor), align: 'right' },
        { title: 'samples', value: (m) => count(m.samples), align: 'right' },
        { title: 'rating (p75)', value: (m) => m.rating ?? 'no data' },
      ],
      metrics,
    ),
    '',
    'Slowest routes by LCP p75:',
    slowest.length === 0
      ? '  no LCP samples in this range'
      : textTable(
          [
            { title: 'route', value: (g) => g.key },
            { title: 'LCP p75', value: (g) => ms(g.p75), align: 'right' },
            { title: 'poor', value: (g) => percent(g.poor), align: 'right' },
            { title: 'samples', value: (g) => count(g.samples), align: 'right' },
            { title: 'note', value: (g) => (g.enoughData ? '' : `< ${routes.data.minSamples} samples`) },
          ],
          slowest,
        ),
    '',
    'Workflows (perceived = until the next paint after the last step):',
    workflows.data.workflows.length === 0
      ? '  no workflow runs in this range'
      : textTable(
          [
            { title: 'workflow', value: (w) => w.workflow },
            { title: 'runs', value: (w) => count(w.runs), align: 'right' },
            { title: 'completed', value: (w) => percent(w.completion), align: 'right' },
            { title: 'errors', value: (w) => percent(w.error), align: 'right' },
            { title: 'perceived p75', value: (w) => ms(w.perceived.p75), align: 'right' },
            { title: 'p95', value: (w) => ms(w.perceived.p95), align: 'right' },
          ],
          workflows.data.workflows,
        ),
  ];
  return `${sections.join('\n')}\n`;
};
