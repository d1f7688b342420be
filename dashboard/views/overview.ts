import { apiGet } from '../api.js';
import type { Breakdown, Compare, Ingest, Release, Series, VitalsSummary, WorkflowsSummary } from '../api-types.js';
import { ratedValue, ratingBar } from '../charts/rating-bar.js';
import { sparkline } from '../charts/sparkline.js';
import { h } from '../dom.js';
import { count, METRIC_NAMES, METRICS, metricDiff, metricValue, ms, ratingOf, share } from '../format.js';
import { drawnLater, laterSection, noData, section } from '../states.js';
import { apiQuery, percentileOf, rangeQuery, withParams } from '../url-state.js';
import type { ViewContext, ViewDefinition } from './view.js';
import { verdictChip } from './verdict.js';
import { viewLink } from './link.js';

/** Each metric's daily p75 line, drawn into its card's slot when its answer comes. */
const dailyLines = ({ params }: ViewContext): Map<string, HTMLElement> => {
  const slots = new Map(METRICS.map((metric) => [metric, h('div', { class: 'spark-slot' })]));
  // The lines are extras: the cards are drawn from the summary alone, and these calls queue after the first view's.
  drawnLater(
    Promise.all(
      METRICS.map(async (metric) => {
        const answer = await apiGet<Series>('vitals/series', apiQuery(params, { metric }), { priority: 'later' }).catch(() => undefined);
        const points = answer?.data.points ?? [];
        if (points.length > 1)
          slots.get(metric)!.replaceChildren(
            sparkline(
              points.map((p) => p.p75),
              `${metric} p75 per ${answer!.data.grain}`,
            ),
          );
      }),
    ),
  );
  return slots;
};

const vitalsCards = async (context: ViewContext): Promise<Node> => {
  const { params } = context;
  const pct = percentileOf(params);
  const answer = apiGet<VitalsSummary>('vitals/summary', apiQuery(params));
  const lines = dailyLines(context);
  const summary = await answer;
  if (summary.data.metrics.every((m) => m.samples === 0)) return noData('Web Vitals');
  const cards = METRICS.map((metric) => {
    const m = summary.data.metrics.find((row) => row.metric === metric);
    if (!m || m.samples === 0) return h('article', { class: 'card' }, h('h3', {}, metric), h('p', {}, 'No samples'));
    return h(
      'article',
      { class: 'card', 'data-metric': metric },
      h('h3', {}, h('abbr', { title: METRIC_NAMES[metric] }, metric), h('small', {}, ` ${pct}`)),
      h('p', { class: 'big' }, ratedValue(metricValue(metric, m[pct]), ratingOf(metric, m[pct]), `${metric}.${pct}`)),
      ratingBar(m),
      h('p', { class: 'meta' }, h('span', { 'data-k': `${metric}.samples` }, count(m.samples)), ' samples'),
      lines.get(metric),
    );
  });
  return h(
    'div',
    {},
    h('div', { class: 'cards' }, cards),
    h(
      'p',
      { class: 'cwv' },
      'Core Web Vitals pass (LCP, INP and CLS all good) on ',
      h('strong', { 'data-k': 'cwv.passShare' }, share(summary.data.cwvPass.passShare)),
      ' of ',
      h('span', { 'data-k': 'cwv.pageViews' }, count(summary.data.cwvPass.pageViews)),
      ' page views.',
    ),
  );
};

const slowestRoutes = async (context: ViewContext): Promise<Node> => {
  const { params } = context;
  const pct = percentileOf(params);
  const answer = await apiGet<Breakdown>('vitals/breakdown', apiQuery(params, { by: 'route', metric: 'LCP' }));
  const ranked = answer.data.groups
    .filter((g) => g.enoughData)
    .sort((a, b) => (b[pct] ?? -1) - (a[pct] ?? -1))
    .slice(0, 3);
  if (ranked.length === 0) return noData('routes with enough LCP samples');
  return h(
    'ol',
    { class: 'ranked' },
    ranked.map((group) => {
      const link = viewLink(context, group.key, { route: group.key }, 'routes');
      return h(
        'li',
        {},
        link,
        ' ',
        ratedValue(metricValue('LCP', group[pct]), ratingOf('LCP', group[pct]), `route.${group.key}`),
        h('small', {}, ` LCP ${pct}, ${count(group.samples)} samples`),
      );
    }),
  );
};

const slowestWorkflows = async (context: ViewContext): Promise<Node> => {
  const { params } = context;
  const answer = await apiGet<WorkflowsSummary>('workflows/summary', apiQuery(params));
  const ranked = [...answer.data.workflows].sort((a, b) => (b.perceived.p75 ?? -1) - (a.perceived.p75 ?? -1)).slice(0, 3);
  if (ranked.length === 0) return noData('workflow runs');
  return h(
    'ol',
    { class: 'ranked' },
    ranked.map((w) => {
      const link = viewLink(context, w.workflow, { workflow: w.workflow }, 'workflows');
      return h(
        'li',
        {},
        link,
        ' ',
        h('strong', { 'data-k': `workflow.${w.workflow}` }, ms(w.perceived.p75)),
        h('small', {}, ` perceived p75, ${share(w.completion)} completed, ${count(w.runs)} runs`),
      );
    }),
  );
};

const lastRelease = async ({ params }: ViewContext): Promise<Node> => {
  const scope = withParams(params, { release: undefined });
  const latest = (await apiGet<Release[]>('releases', apiQuery(scope), { priority: 'later' })).data;
  if (latest.length < 2) return noData('two releases to compare');
  const answer = await apiGet<Compare>('releases/compare', apiQuery(scope, { a: latest[0]!.release }), { priority: 'later' });
  const { a, b, metrics, workflows } = answer.data;
  // Every metric over all routes, plus the routes where a metric changed for real, plus the workflows.
  const changed = metrics.filter((m) => m.scope !== 'all' && (m.verdict === 'regressed' || m.verdict === 'improved'));
  const all = [
    ...metrics.filter((m) => m.scope === 'all').map((m) => ({ name: m.metric, diff: metricDiff(m.metric, m.diff), verdict: m.verdict })),
    ...changed.map((m) => ({ name: `${m.metric} ${m.scope}`, diff: metricDiff(m.metric, m.diff), verdict: m.verdict })),
    ...workflows.map((w) => ({ name: w.workflow, diff: metricDiff('ms', w.diff), verdict: w.verdict })),
  ].sort((x, y) => Number(y.verdict === 'regressed') - Number(x.verdict === 'regressed'));
  return h(
    'div',
    {},
    h('p', {}, 'Release ', h('strong', {}, a), ' against ', h('strong', {}, b), ':'),
    h(
      'ul',
      { class: 'verdicts' },
      all.map((row) =>
        h(
          'li',
          {},
          h('span', { class: 'name' }, row.name),
          h('span', { 'data-k': `verdict.${row.name}` }, verdictChip(row.verdict)),
          h('small', {}, ` ${row.diff}`),
        ),
      ),
    ),
  );
};

const ingestHealth = async ({ params }: ViewContext): Promise<Node> => {
  const answer = await apiGet<Ingest>('ingest', rangeQuery(params));
  const total = answer.data.points.reduce(
    (sum, p) => ({ accepted: sum.accepted + p.accepted, rejected: sum.rejected + p.rejected, dropped: sum.dropped + p.dropped }),
    { accepted: 0, rejected: 0, dropped: 0 },
  );
  const seen = total.accepted + total.rejected + total.dropped;
  return h(
    'p',
    { class: 'ingest' },
    h('span', { 'data-k': 'ingest.accepted' }, count(total.accepted)),
    ' events accepted, ',
    h('span', { 'data-k': 'ingest.rejected' }, count(total.rejected)),
    ' rejected and ',
    h('span', { 'data-k': 'ingest.dropped' }, count(total.dropped)),
    ` dropped (${share(seen === 0 ? 0 : (total.rejected + total.dropped) / seen)} not stored).`,
  );
};

/** Overview: are we fast, where are we slow, did the last release help, is data arriving. */
export const overview: ViewDefinition = {
  usesPercentile: true,
  render: (context) =>
    h(
      'div',
      { class: 'view overview' },
      h('h1', {}, 'Overview'),
      section('Web Vitals', () => vitalsCards(context), 'vitals-title'),
      h(
        'div',
        { class: 'grid-2' },
        section('Slowest routes (LCP)', () => slowestRoutes(context), 'slow-routes-title'),
        section('Slowest workflows (perceived)', () => slowestWorkflows(context), 'slow-workflows-title'),
      ),
      h(
        'div',
        { class: 'grid-2' },
        laterSection('Last release', () => lastRelease(context), {
          id: 'release-title',
          // Comparing two releases reads every sample of both, so it comes after the numbers above.
          loading: 'Loading the release verdicts, after the panels above…',
          advice: 'Or open Releases to compare any two releases.',
        }),
        section('Ingest', () => ingestHealth(context), 'ingest-title'),
      ),
    ),
};
