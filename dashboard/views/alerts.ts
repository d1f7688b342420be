import { apiGet } from '../api.js';
import type { Alerts } from '../api-types.js';
import { h } from '../dom.js';
import { decimal } from '../format.js';
import { section } from '../states.js';
import { apiQuery } from '../url-state.js';
import type { ViewContext, ViewDefinition } from './view.js';

const SHOWN = new Set(['id', 'app', 'state', 'since']);
const when = (iso: string | null | undefined) => (iso ? iso.replace('T', ' ').replace(/\.\d+Z$|Z$/, ' UTC') : '–');

/** A rule's other fields (metric, threshold, window …) as "key value" words, whatever the rule type has. */
const describe = (rule: Record<string, unknown>): string =>
  Object.entries(rule)
    .filter(([key, value]) => !SHOWN.has(key) && value !== null && typeof value !== 'object')
    .map(([key, value]) => `${key} ${String(value)}`)
    .join(', ');

const alerts = async ({ params }: ViewContext): Promise<Node> => {
  const { rules, history } = (await apiGet<Alerts>('alerts', apiQuery(params))).data;
  if (rules.length === 0) return h('p', { class: 'empty' }, 'No alert rules for this app. Rules are set in the collector’s config file (see docs/alerts.md).');
  const sorted = [...rules].sort((a, b) => Number(b.state === 'alerting') - Number(a.state === 'alerting'));
  return h(
    'div',
    {},
    h(
      'table',
      {},
      h('caption', {}, 'Rules, alerting first'),
      h('thead', {}, h('tr', {}, h('th', { scope: 'col' }, 'Rule'), h('th', { scope: 'col' }, 'What it watches'), h('th', { scope: 'col' }, 'State'), h('th', { scope: 'col' }, 'Since'))),
      h(
        'tbody',
        {},
        sorted.map((rule) =>
          h(
            'tr',
            { 'data-rule': rule.id },
            h('th', { scope: 'row' }, rule.id),
            h('td', {}, describe(rule)),
            h('td', {}, h('span', { class: `state is-${rule.state}`, 'data-k': `rule.${rule.id}.state` }, rule.state === 'alerting' ? '● Alerting' : '○ OK')),
            h('td', {}, when(rule.since)),
          ),
        ),
      ),
    ),
    h('h3', {}, 'Recent history'),
    history.length === 0
      ? h('p', {}, 'No rule has fired in this range.')
      : h(
          'table',
          {},
          h('thead', {}, h('tr', {}, h('th', { scope: 'col' }, 'Rule'), h('th', { scope: 'col' }, 'Change'), h('th', { scope: 'col' }, 'At'), h('th', { scope: 'col' }, 'Value'))),
          h('tbody', {}, history.map((event) => h('tr', {}, h('td', {}, event.rule), h('td', {}, `${event.from} → ${event.to}`), h('td', {}, when(event.at)), h('td', { class: 'num' }, decimal(event.value))))),
        ),
  );
};

/** Alerts: which rules fire now and what fired lately. */
export const alertsView: ViewDefinition = {
  usesPercentile: false,
  render: (context) => h('div', { class: 'view alerts' }, h('h1', {}, 'Alerts'), section('Rules and history', () => alerts(context), 'alerts-title')),
};
