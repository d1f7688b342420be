import { apiGet } from '../api.js';
import type { Alerts } from '../api-types.js';
import { h } from '../dom.js';
import { count } from '../format.js';
import { section } from '../states.js';
import { rangeQuery } from '../url-state.js';
import type { ViewContext, ViewDefinition } from './view.js';

const when = (iso: string | null | undefined) => (iso ? iso.replace('T', ' ').replace(/\.\d+Z$|Z$/, ' UTC') : '–');

const alerts = async ({ params }: ViewContext): Promise<Node> => {
  const { rules, history } = (await apiGet<Alerts>('alerts', rangeQuery(params))).data;
  if (rules.length === 0) return h('p', { class: 'empty' }, 'No alert rules for this app. Rules are set in the collector’s config file (see docs/alerts.md).');
  const sorted = [...rules].sort((a, b) => Number(b.state === 'alerting') - Number(a.state === 'alerting'));
  return h(
    'div',
    {},
    h(
      'table',
      {},
      h('caption', {}, 'Rules, alerting first'),
      h(
        'thead',
        {},
        h(
          'tr',
          {},
          h('th', { scope: 'col' }, 'Rule'),
          h('th', { scope: 'col' }, 'What it watches'),
          h('th', { scope: 'col' }, 'State'),
          h('th', { scope: 'col' }, 'Since'),
          h('th', { scope: 'col' }, 'Last value'),
        ),
      ),
      h(
        'tbody',
        {},
        sorted.map((rule) =>
          h(
            'tr',
            { 'data-rule': rule.id },
            h('th', { scope: 'row' }, rule.id),
            h('td', {}, rule.subject, h('small', {}, ` over ${rule.window}, checked every ${rule.every}`)),
            h('td', {}, h('span', { class: `state is-${rule.state}`, 'data-k': `rule.${rule.id}.state` }, rule.state === 'alerting' ? '● Alerting' : '○ OK')),
            h('td', {}, when(rule.since)),
            h(
              'td',
              { class: 'num' },
              h('span', { 'data-k': `rule.${rule.id}.value` }, rule.display ?? '–'),
              h('small', {}, ` ${count(rule.samples)} samples${rule.enoughData === false ? ', too few to decide' : ''}`),
            ),
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
          h(
            'thead',
            {},
            h(
              'tr',
              {},
              h('th', { scope: 'col' }, 'Rule'),
              h('th', { scope: 'col' }, 'Change'),
              h('th', { scope: 'col' }, 'At'),
              h('th', { scope: 'col' }, 'Value'),
              h('th', { scope: 'col' }, 'Webhook'),
            ),
          ),
          h(
            'tbody',
            {},
            history.map((event) =>
              h(
                'tr',
                {},
                h('td', {}, event.rule),
                h('td', {}, `${event.from} → ${event.to}`),
                h('td', {}, when(event.at)),
                h('td', { class: 'num' }, event.display ?? '–'),
                h('td', {}, event.delivered === null ? 'being sent' : event.delivered ? 'delivered' : 'failed'),
              ),
            ),
          ),
        ),
  );
};

/** Alerts: which rules fire now and what fired lately. */
export const alertsView: ViewDefinition = {
  usesPercentile: false,
  render: (context) =>
    h(
      'div',
      { class: 'view alerts' },
      h('h1', {}, 'Alerts'),
      section('Rules and history', () => alerts(context), 'alerts-title'),
    ),
};
