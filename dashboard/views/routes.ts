import { apiGet } from '../api.js';
import type { Attribution, Breakdown, Series, VitalsSummary } from '../api-types.js';
import { ratedValue, ratingBar } from '../charts/rating-bar.js';
import { seriesChart, type SeriesLine } from '../charts/series.js';
import { stackedBar } from '../charts/stacked.js';
import { h } from '../dom.js';
import { count, METRIC_NAMES, METRICS, metricValue, ms, ratingOf } from '../format.js';
import { fewSamples, noData, section } from '../states.js';
import { RATING_THRESHOLDS } from '../../schema/thresholds.js';
import type { MetricName } from '../../schema/events.js';
import { apiQuery, PERCENTILES, percentileOf, withParams, type Percentile } from '../url-state.js';
import { viewLink } from './link.js';
import type { ViewContext, ViewDefinition } from './view.js';

type Group = Breakdown['groups'][number];

/** One row per route, one column per metric; sorted by the chosen metric, worst first. */
const routeTable = async (context: ViewContext): Promise<Node> => {
  const { params, go } = context;
  const pct = percentileOf(params);
  const sortBy = (METRICS as readonly string[]).includes(params.get('sort') ?? '') ? (params.get('sort') as MetricName) : 'LCP';
  const answers = await Promise.all(METRICS.map((metric) => apiGet<Breakdown>('vitals/breakdown', apiQuery(params, { by: 'route', metric }))));
  const routes = new Map<string, Partial<Record<MetricName, Group>>>();
  answers.forEach((answer, i) => {
    for (const group of answer.data.groups) routes.set(group.key, { ...routes.get(group.key), [METRICS[i]!]: group });
  });
  if (routes.size === 0) return noData('routes');
  const rows = [...routes.entries()].sort(([, a], [, b]) => {
    const enough = Number(b[sortBy]?.enoughData ?? false) - Number(a[sortBy]?.enoughData ?? false);
    return enough !== 0 ? enough : (b[sortBy]?.[pct] ?? -1) - (a[sortBy]?.[pct] ?? -1);
  });
  const header = (metric: MetricName) => {
    const button = h('button', { type: 'button', class: 'sort' }, h('abbr', { title: METRIC_NAMES[metric] }, metric), ` ${pct}`);
    button.addEventListener('click', () => go(withParams(params, { sort: metric === 'LCP' ? undefined : metric })));
    return h('th', { scope: 'col', 'aria-sort': metric === sortBy ? 'descending' : undefined }, button);
  };
  return h(
    'div',
    { class: 'table-wrap' },
    h(
      'table',
      { class: 'routes' },
      h('caption', {}, `Routes, worst ${sortBy} ${pct} first. Rows marked “few samples” are not ranked: their numbers can swing.`),
      h('thead', {}, h('tr', {}, h('th', { scope: 'col' }, 'Route'), METRICS.map(header))),
      h(
        'tbody',
        {},
        rows.map(([route, groups]) => {
          const link = viewLink(context, route, { route });
          return h(
            'tr',
            { 'data-route': route },
            h('th', { scope: 'row' }, link),
            METRICS.map((metric) => {
              const group = groups[metric];
              if (!group) return h('td', { class: 'num' }, '–');
              return h(
                'td',
                { class: 'num' },
                ratedValue(metricValue(metric, group[pct]), ratingOf(metric, group[pct]), `${route}.${metric}.${pct}`),
                h('small', { class: 'samples', 'data-k': `${route}.${metric}.samples` }, `${count(group.samples)} samples`),
                group.enoughData ? null : fewSamples(),
              );
            }),
          );
        }),
      ),
    ),
  );
};

/** One route: the chosen metric's daily series, its rating split, and where the time goes. */
const metricTabs = ({ params, go }: ViewContext, metric: MetricName) =>
  h(
    'div',
    { class: 'tabs', role: 'group', 'aria-label': 'Metric' },
    METRICS.map((m) => {
      const button = h('button', { type: 'button', 'aria-pressed': String(m === metric) }, m);
      button.addEventListener('click', () => go(withParams(params, { metric: m === 'LCP' ? undefined : m })));
      return button;
    }),
  );

/**
 * The series chart's lines: the median, the Core Web Vitals p75 and the slow
 * tail at p95, plus the percentile picked in the filters if it is another;
 * the picked one is drawn heavier.
 */
const SERIES_LEVELS: readonly Percentile[] = ['p50', 'p75', 'p95'];
const LEVEL_NOTES: Partial<Record<Percentile, string>> = { p50: '(median)', p75: '(Core Web Vitals)', p95: '(slowest 5%)' };

const seriesLines = (points: Series['points'], picked: Percentile): SeriesLine[] =>
  PERCENTILES.filter((level) => SERIES_LEVELS.includes(level) || level === picked).map((level) => ({
    name: level,
    look: level,
    note: LEVEL_NOTES[level],
    values: points.map((point) => point[level]),
    emphasis: level === picked,
  }));

const routeSeries = async ({ params }: ViewContext, metric: MetricName): Promise<Node> => {
  const [series, summary] = await Promise.all([
    apiGet<Series>('vitals/series', apiQuery(params, { metric })),
    apiGet<VitalsSummary>('vitals/summary', apiQuery(params)),
  ]);
  const m = summary.data.metrics.find((row) => row.metric === metric);
  if (!m || m.samples === 0) return noData(`${metric} samples`);
  const points = series.data.points;
  const pct = percentileOf(params);
  return h(
    'div',
    {},
    h(
      'p',
      { class: 'big' },
      `${pct} `,
      ratedValue(metricValue(metric, m[pct]), ratingOf(metric, m[pct]), `detail.${metric}.${pct}`),
      h('small', {}, ` from ${count(m.samples)} samples`),
    ),
    h('h3', {}, 'How visits rate'),
    ratingBar(m),
    h('h3', {}, `Percentiles per ${series.data.grain}`),
    seriesChart(
      points.map((p) => p.t),
      seriesLines(points, pct),
      {
        label: `${metric} percentiles`,
        format: (v) => metricValue(metric, v),
        bands: RATING_THRESHOLDS[metric],
        hourly: series.data.grain === 'hour',
        columns: [{ title: 'Samples', value: (i) => count(points[i]!.samples) }],
      },
    ),
  );
};

const PART_LABELS: Readonly<Record<string, string>> = {
  lcp_ttfb: 'Server response (TTFB)',
  lcp_load_delay: 'Resource load delay',
  lcp_load_duration: 'Resource load',
  lcp_render_delay: 'Render delay',
  inp_input_delay: 'Input delay',
  inp_processing: 'Processing',
  inp_presentation: 'Presentation delay',
};
const KIND_LABELS: Readonly<Record<string, string>> = {
  element: 'Element',
  resource: 'Resource',
  target: 'Target',
  event_type: 'Event type',
  source: 'Shift source',
};

const attribution = async ({ params }: ViewContext, metric: 'LCP' | 'INP' | 'CLS'): Promise<Node> => {
  const answer = await apiGet<Attribution>('vitals/attribution', apiQuery(params, { metric }));
  const { top, parts } = answer.data;
  if (top.length === 0) return noData(`${metric} attribution`);
  const partRows = Object.entries(parts).filter((entry): entry is [string, number] => Number.isFinite(entry[1]));
  return h(
    'div',
    {},
    partRows.length > 0
      ? stackedBar(
          `${metric} sub-parts (medians)`,
          partRows.map(([key, value]) => ({ label: PART_LABELS[key] ?? key, value, text: ms(value) })),
        )
      : null,
    h(
      'table',
      {},
      h('caption', {}, `What is behind ${metric}: the worst by p75`),
      h(
        'thead',
        {},
        h(
          'tr',
          {},
          h('th', { scope: 'col' }, 'Kind'),
          h('th', { scope: 'col' }, 'What'),
          h('th', { scope: 'col' }, 'p75'),
          h('th', { scope: 'col' }, 'Samples'),
        ),
      ),
      h(
        'tbody',
        {},
        top.map((row) =>
          h(
            'tr',
            {},
            h('td', {}, KIND_LABELS[row.kind] ?? row.kind),
            h('td', {}, h('code', {}, row.key)),
            h('td', { class: 'num' }, metricValue(metric, row.p75)),
            h('td', { class: 'num' }, count(row.samples)),
          ),
        ),
      ),
    ),
  );
};

const routeDetail = (context: ViewContext, route: string): HTMLElement => {
  const asked = context.params.get('metric') ?? 'LCP';
  const metric = (METRICS as readonly string[]).includes(asked) ? (asked as MetricName) : 'LCP';
  const back = viewLink(context, '← All routes', { route: undefined, metric: undefined });
  return h(
    'div',
    { class: 'view route-detail' },
    back,
    h('h1', {}, 'Route ', h('code', {}, route)),
    metricTabs(context, metric),
    section(`${METRIC_NAMES[metric]} (${metric})`, () => routeSeries(context, metric), 'route-series-title'),
    h(
      'div',
      { class: 'grid-2' },
      section('Where LCP time goes', () => attribution(context, 'LCP'), 'lcp-attr-title'),
      section('What makes interactions slow (INP)', () => attribution(context, 'INP'), 'inp-attr-title'),
    ),
    section('What shifts the layout (CLS)', () => attribution(context, 'CLS'), 'cls-attr-title'),
  );
};

/** Routes: the table, or one route when the route filter names one. */
export const routes: ViewDefinition = {
  usesPercentile: true,
  render: (context) => {
    const route = context.params.get('route');
    if (route) return routeDetail(context, route);
    return h(
      'div',
      { class: 'view routes' },
      h('h1', {}, 'Routes'),
      section('Web Vitals per route', () => routeTable(context), 'routes-title'),
    );
  },
};
