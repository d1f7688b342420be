import { apiGet } from '../api.js';
import type { Usage } from '../api-types.js';
import { barTable } from '../charts/bars.js';
import { heatmap } from '../charts/heatmap.js';
import { h } from '../dom.js';
import { count, decimal, share } from '../format.js';
import { noData, section } from '../states.js';
import { apiQuery } from '../url-state.js';
import type { ViewContext, ViewDefinition } from './view.js';

const MIX_TITLES = { device_class: 'Devices', browser: 'Browsers', connection: 'Connections' } as const;

const usage = async ({ params }: ViewContext): Promise<Node> => {
  const u = (await apiGet<Usage>('usage', apiQuery(params))).data;
  if (u.pageViews === 0) return noData('page views');
  const stat = (label: string, key: string, text: string) => h('div', {}, h('dt', {}, label), h('dd', { 'data-k': key }, text));
  return h(
    'div',
    {},
    h(
      'dl',
      { class: 'stats' },
      stat('Page views', 'pageViews', count(u.pageViews)),
      stat('Sessions', 'sessions', count(u.sessions)),
      stat('Pages per session', 'pagesPerSession', decimal(u.pagesPerSession)),
      stat('Workflows per session', 'workflowsPerSession', decimal(u.workflowsPerSession)),
    ),
    h(
      'div',
      { class: 'grid-3' },
      barTable(
        'Top routes',
        ['Route', 'Page views'],
        u.topRoutes.map((r) => ({ label: r.route, value: r.pageViews, text: count(r.pageViews), key: `top.${r.route}` })),
      ),
      barTable(
        'Where sessions start',
        ['Route', 'Sessions'],
        u.entryRoutes.map((r) => ({ label: r.route, value: r.sessions, text: count(r.sessions), key: `entry.${r.route}` })),
      ),
      barTable(
        'Where sessions end',
        ['Route', 'Sessions'],
        u.exitRoutes.map((r) => ({ label: r.route, value: r.sessions, text: count(r.sessions), key: `exit.${r.route}` })),
      ),
    ),
    barTable(
      'Route to route: where people go next',
      ['From → to', 'Times'],
      u.transitions.map((t) => ({ label: `${t.from} → ${t.to}`, value: t.count, text: count(t.count), key: `transition.${t.from}.${t.to}` })),
    ),
    h(
      'div',
      { class: 'grid-3' },
      (Object.keys(MIX_TITLES) as (keyof typeof MIX_TITLES)[]).map((by) =>
        barTable(
          MIX_TITLES[by],
          [MIX_TITLES[by].slice(0, -1), 'Share'],
          (u.mix[by] ?? []).map((m) => ({ label: m.key || 'unknown', value: m.share, text: share(m.share), key: `mix.${by}.${m.key}` })),
        ),
      ),
    ),
    h('h3', {}, 'When people visit'),
    heatmap(
      'Page views per hour of the week',
      u.heatmap.map((c) => ({ dow: c.dow, hour: c.hour, value: c.pageViews })),
    ),
  );
};

/** Usage: how much the app is used, where people come in and leave, on what. */
export const usageView: ViewDefinition = {
  usesPercentile: false,
  render: (context) =>
    h(
      'div',
      { class: 'view usage' },
      h('h1', {}, 'Usage'),
      section('Visits', () => usage(context), 'usage-title'),
    ),
};
