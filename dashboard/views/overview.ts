import { apiGet } from '../api.js';
import type { Breakdown, Compare, Ingest, Release, Series, VitalsSummary, WorkflowsSummary } from '../api-types.js';
import { ratedValue, ratingBar } from '../charts/rating-bar.js';
import { sparkline } from '../charts/sparkline.js';
import { h } from '../dom.js';
import { count, METRIC_NAMES, METRICS, metricDiff, metricValue, ms, ratingOf, share } from '../format.js';
import { noData, section } from '../states.js';
import { apiQuery, percentileOf, rangeQuery, withParams } from '../url-state.js';
import type { ViewContext, ViewDefinition } from './view.js';
import { verdictChip } from './verdict.js';
import { viewLink } from './link.js';

const vitalsCards = async ({ params }: ViewContext): Promise<Node> => {
  const pct = percentileOf(params);
  const [summary, ...series] = await Promise.all([
    apiGet<VitalsSummary>('vitals/summary', apiQuery(params)),
    ...METRICS.map((metric) => apiGet<Series>('vitals/series', apiQuery(params, { metric })).catch(() => undefined)),
  ]);
  if (summary.data.metrics.every((m) => m.samples === 0)) return noData('Web Vitals');
  const cards = METRICS.map((metric, i) => {
    const m = summary.data.metrics.find((row) => row.metric === metric);
    if (!m || m.samples === 0) return h('article', { class: 'card' }, h('h3', {}, metric), h('p', {}, 'No samples'));
    const points = series[i]?.data.points ?? [];
    return h(
      'article',
      { class: 'card', 'data-metric': metric },
      h('h3', {}, h('abbr', { title: METRIC_NAMES[metric] }, metric), h('small', {}, ` ${pct}`)),
      h('p', { class: 'big' }, ratedValue(metricValue(metric, m[pct]), ratingOf(metric, m[pct]), `${metric}.${pct}`)),
      ratingBar(m),
      h('p', { class: 'meta' }, h('span', { 'data-k': `${metric}.samples` }, count(m.samples)), ' samples'),
      points.length > 1
        ? sparkline(
            points.map((p) => p.p75),
            `${metric} p75 per ${series[i]!.data.grain}`,
          )
        : null,
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
  const latest = (await apiGet<Release[]>('releases', apiQuery(scope))).data;
  if (latest.length < 2) return noData('two releases to compare');
  const answer = await apiGet<Compare>('releases/compare', apiQuery(scope, { a: latest[0]!.release }));
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
      all.map((row) => h('li', {}, h('span', { class: 'name' }, row.name), verdictChip(row.verdict), h('small', {}, ` ${row.diff}`))),
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
        section('Last release', () => lastRelease(context), 'release-title'),
        section('Ingest', () => ingestHealth(context), 'ingest-title'),
      ),
    ),
};
