import { apiGet } from '../api.js';
import type { WorkflowDetail, WorkflowsSummary } from '../api-types.js';
import { barTable } from '../charts/bars.js';
import { seriesChart } from '../charts/series.js';
import { h, s } from '../dom.js';
import { count, ms, share } from '../format.js';
import { noData, section } from '../states.js';
import { apiQuery } from '../url-state.js';
import { viewLink } from './link.js';
import type { ViewContext, ViewDefinition } from './view.js';
import { waitGap } from './wait-gap.js';

const summaryTable = async (context: ViewContext): Promise<Node> => {
  const { params } = context;
  const answer = await apiGet<WorkflowsSummary>('workflows/summary', apiQuery(params));
  const rows = [...answer.data.workflows].sort((a, b) => (b.perceived.p75 ?? -1) - (a.perceived.p75 ?? -1));
  if (rows.length === 0) return noData('workflow runs');
  const head = (text: string, title?: string) => h('th', { scope: 'col', title }, text);
  return h(
    'div',
    { class: 'table-wrap' },
    h(
      'table',
      { class: 'workflows' },
      h('caption', {}, 'Workflows, longest perceived wait (p75) first. Perceived = until the result is painted; the gap is waiting the code does not see.'),
      h(
        'thead',
        {},
        h(
          'tr',
          {},
          head('Workflow'),
          head('Runs'),
          head('Duration p50 / p75 / p95'),
          head('Perceived p50 / p75 / p95'),
          head('Gap at p75', 'perceived p75 − duration p75'),
          head('Completed'),
          head('Errors'),
          head('Abandoned'),
          head('Timed out'),
        ),
      ),
      h(
        'tbody',
        {},
        rows.map((w) => {
          const link = viewLink(context, w.workflow, { workflow: w.workflow });
          const k = (field: string) => `${w.workflow}.${field}`;
          return h(
            'tr',
            { 'data-workflow': w.workflow },
            h('th', { scope: 'row' }, link),
            h('td', { class: 'num', 'data-k': k('runs') }, count(w.runs)),
            h(
              'td',
              { class: 'num' },
              h('span', { 'data-k': k('duration.p50') }, ms(w.duration.p50)),
              ' / ',
              h('span', { 'data-k': k('duration.p75') }, ms(w.duration.p75)),
              ' / ',
              h('span', { 'data-k': k('duration.p95') }, ms(w.duration.p95)),
            ),
            h(
              'td',
              { class: 'num' },
              h('span', { 'data-k': k('perceived.p50') }, ms(w.perceived.p50)),
              ' / ',
              h('strong', { 'data-k': k('perceived.p75') }, ms(w.perceived.p75)),
              ' / ',
              h('span', { 'data-k': k('perceived.p95') }, ms(w.perceived.p95)),
            ),
            h('td', { class: 'gap-cell' }, waitGap(w.duration.p75, w.perceived.p75)),
            h('td', { class: 'num', 'data-k': k('completion') }, share(w.completion)),
            h('td', { class: 'num', 'data-k': k('error') }, share(w.error)),
            h('td', { class: 'num', 'data-k': k('abandonment') }, share(w.abandonment)),
            h('td', { class: 'num', 'data-k': k('timeout') }, share(w.timeout)),
          );
        }),
      ),
    ),
  );
};

/**
 * Steps as a waterfall. The API gives each step's duration percentiles, not
 * start times, so a step's bar starts where the medians of the steps before it
 * end: the typical run laid out in time, said so in the caption.
 */
const waterfall = (steps: WorkflowDetail['steps']): HTMLElement => {
  const ordered = [...steps].sort((a, b) => a.index - b.index);
  const total = ordered.reduce((sum, step) => sum + (step.p50 ?? 0), 0) || 1;
  let start = 0;
  const rowHeight = 22;
  const left = 150;
  const width = 480;
  return h(
    'figure',
    { class: 'chart waterfall' },
    s(
      'svg',
      {
        viewBox: `0 0 ${left + width + 70} ${ordered.length * rowHeight + 4}`,
        role: 'img',
        'aria-label': `Steps of a typical run: ${ordered.map((st) => `${st.step} ${ms(st.p50)}`).join(', ')}`,
      },
      ordered.map((step, i) => {
        const x = left + (start / total) * width;
        const w = Math.max(1, ((step.p50 ?? 0) / total) * width);
        start += step.p50 ?? 0;
        return s(
          'g',
          {},
          s('text', { x: left - 8, y: i * rowHeight + 15, class: 'axis', 'text-anchor': 'end' }, step.step),
          s('rect', { x, y: i * rowHeight + 3, width: w, height: rowHeight - 6, class: 'bar' }),
          s('text', { x: x + w + 4, y: i * rowHeight + 15, class: 'axis' }, ms(step.p50)),
        );
      }),
    ),
    h('figcaption', {}, 'Median duration of each step, each starting where the medians before it end.'),
  );
};

const detail = async ({ params }: ViewContext, name: string): Promise<Node> => {
  const answer = await apiGet<WorkflowDetail>(`workflows/${encodeURIComponent(name)}`, apiQuery(params));
  const w = answer.data;
  if (w.runs === 0) return noData(`runs of ${name}`);
  const steps = [...w.steps].sort((a, b) => a.index - b.index);
  return h(
    'div',
    {},
    h(
      'dl',
      { class: 'stats' },
      h('div', {}, h('dt', {}, 'Runs'), h('dd', { 'data-k': 'detail.runs' }, count(w.runs))),
      h('div', {}, h('dt', {}, 'Perceived p75'), h('dd', { 'data-k': 'detail.perceived.p75' }, ms(w.perceived.p75))),
      h('div', {}, h('dt', {}, 'Duration p75'), h('dd', { 'data-k': 'detail.duration.p75' }, ms(w.duration.p75))),
      h('div', {}, h('dt', {}, 'Completed'), h('dd', { 'data-k': 'detail.completion' }, share(w.completion))),
      h('div', {}, h('dt', {}, 'Errors'), h('dd', { 'data-k': 'detail.error' }, share(w.error))),
      h('div', {}, h('dt', {}, 'Abandoned'), h('dd', { 'data-k': 'detail.abandonment' }, share(w.abandonment))),
      h('div', {}, h('dt', {}, 'Timed out'), h('dd', { 'data-k': 'detail.timeout' }, share(w.timeout))),
    ),
    h('h3', {}, 'Waiting the code does not see'),
    waitGap(w.duration.p75, w.perceived.p75),
    steps.length > 0
      ? [
          h('h3', {}, 'Steps'),
          waterfall(steps),
          barTable(
            'Funnel: runs reaching each step',
            ['Step', 'Runs reaching it'],
            steps.map((st) => ({ label: st.step, value: st.reached, text: count(st.reached), key: `step.${st.step}.reached` })),
          ),
        ]
      : null,
    w.series.length > 0
      ? [
          h('h3', {}, 'Perceived p75 over time'),
          seriesChart(
            w.series.map((p) => p.t),
            [{ name: 'Perceived p75', look: 'p75', values: w.series.map((p) => p.perceivedP75) }],
            {
              label: 'Perceived p75',
              format: ms,
              hourly: w.series.length > 1 && Date.parse(w.series[1]!.t) - Date.parse(w.series[0]!.t) < 86_400_000,
              columns: [
                { title: 'Runs', value: (i) => count(w.series[i]!.runs) },
                { title: 'Completed', value: (i) => share(w.series[i]!.completion) },
              ],
            },
          ),
        ]
      : null,
    h('h3', {}, 'Top errors'),
    w.errors.length === 0
      ? h('p', {}, 'No errors in this range.')
      : h(
          'table',
          {},
          h('thead', {}, h('tr', {}, h('th', { scope: 'col' }, 'Error'), h('th', { scope: 'col' }, 'Runs'))),
          h(
            'tbody',
            {},
            w.errors.map((e) => h('tr', {}, h('td', {}, h('code', {}, e.text)), h('td', { class: 'num' }, count(e.count)))),
          ),
        ),
  );
};

const BREAKDOWNS = [
  ['device_class', 'By device'],
  ['release', 'By release'],
] as const;

const breakdown = async ({ params }: ViewContext, name: string, by: string): Promise<Node> => {
  const answer = await apiGet<WorkflowDetail>(`workflows/${encodeURIComponent(name)}`, apiQuery(params, { by }));
  const groups = answer.data.breakdown?.groups ?? [];
  if (groups.length === 0) return noData('runs');
  return barTable(
    `Perceived p75 by ${by.replace('_', ' ')}`,
    [by === 'release' ? 'Release' : 'Device', 'Perceived p75'],
    groups.map((g) => ({
      label: g.key || 'unknown',
      value: g.perceived.p75 ?? 0,
      text: ms(g.perceived.p75),
      note: `${count(g.runs)} runs, ${share(g.completion)} completed`,
      key: `by.${by}.${g.key}`,
    })),
  );
};

/** Workflows: every workflow's waits and outcomes, or one workflow's steps, funnel and errors. */
export const workflows: ViewDefinition = {
  usesPercentile: false,
  render: (context) => {
    const name = context.params.get('workflow');
    if (!name)
      return h(
        'div',
        { class: 'view workflows' },
        h('h1', {}, 'Workflows'),
        section('Waits and outcomes', () => summaryTable(context), 'workflows-title'),
      );
    const back = viewLink(context, '← All workflows', { workflow: undefined });
    return h(
      'div',
      { class: 'view workflow-detail' },
      back,
      h('h1', {}, 'Workflow ', h('code', {}, name)),
      section('Runs', () => detail(context, name), 'workflow-title'),
      h(
        'div',
        { class: 'grid-2' },
        BREAKDOWNS.map(([by, title]) => section(title, () => breakdown(context, name, by), `by-${by}-title`)),
      ),
    );
  },
};
