import { apiGet } from '../api.js';
import type { Compare, Release, Verdict } from '../api-types.js';
import { h } from '../dom.js';
import { count, metricDiff, metricValue, ms, share, shareDiff } from '../format.js';
import { noData, section } from '../states.js';
import { apiQuery, withParams } from '../url-state.js';
import type { ViewContext, ViewDefinition } from './view.js';
import { verdictChip } from './verdict.js';

/** Regressions first, then improvements, unchanged, too little data. */
const ORDER: Readonly<Record<Verdict, number>> = { regressed: 0, improved: 1, 'no change': 2, 'not enough data': 3 };

const pValue = (p: number | null) => (p === null || !Number.isFinite(p) ? '–' : p < 0.001 ? '< 0.001' : p.toFixed(3));
const interval = (metric: string, ci: readonly [number, number] | null) => (ci ? `${metricDiff(metric, ci[0])} … ${metricDiff(metric, ci[1])}` : '–');

const picker = ({ params, go }: ViewContext, releases: readonly Release[], a: string, b: string) => {
  const choice = (name: 'a' | 'b', label: string, value: string) => {
    const control = h(
      'select',
      { id: `release-${name}`, name },
      releases.map((r) => h('option', { value: r.release, selected: r.release === value }, r.release)),
    );
    control.addEventListener('change', () => go(withParams(params, { [name]: control.value })));
    return h('label', { class: 'field', for: `release-${name}` }, h('span', {}, label), control);
  };
  return h('div', { class: 'release-picker' }, choice('a', 'New release', a), choice('b', 'Compared with', b));
};

const comparison = async (context: ViewContext): Promise<Node> => {
  const { params } = context;
  const base = withParams(params, { release: undefined });
  const releases = (await apiGet<Release[]>('releases', apiQuery(base))).data;
  if (releases.length < 2) return noData('two releases to compare');
  // The API needs the release under test; the newest one unless the URL names another.
  const extra: Record<string, string> = { a: params.get('a') ?? releases[0]!.release };
  if (params.get('b')) extra.b = params.get('b')!;
  const answer = await apiGet<Compare>('releases/compare', apiQuery(base, extra));
  const { a, b, metrics, workflows, alpha, correction } = answer.data;
  const metricRows = [...metrics].sort((x, y) => ORDER[x.verdict] - ORDER[y.verdict]);
  const workflowRows = [...workflows].sort((x, y) => ORDER[x.verdict] - ORDER[y.verdict]);
  const th = (text: string) => h('th', { scope: 'col' }, text);
  return h(
    'div',
    {},
    picker(context, releases, a, b),
    h(
      'p',
      { class: 'method' },
      `Differences are ${a} − ${b} at p75 (positive = slower). Verdicts use a ${(1 - alpha) * 100}% level with ${correction} correction across all rows; “not enough data” means too few samples on one side.`,
    ),
    h(
      'div',
      { class: 'table-wrap' },
      h(
        'table',
        { class: 'compare' },
        h('caption', {}, 'Web Vitals, regressions first'),
        h(
          'thead',
          {},
          h('tr', {}, th('Metric'), th('Scope'), th(`${b} p75`), th(`${a} p75`), th('Difference'), th('95% interval'), th('p (adjusted)'), th('Verdict')),
        ),
        h(
          'tbody',
          {},
          metricRows.map((m) =>
            h(
              'tr',
              { 'data-row': `${m.metric}.${m.scope}` },
              h('th', { scope: 'row' }, m.metric),
              h('td', {}, m.scope === 'all' ? 'All routes' : h('code', {}, m.scope)),
              h('td', { class: 'num' }, metricValue(m.metric, m.b.p75), h('small', {}, ` ${count(m.b.samples)}`)),
              h('td', { class: 'num' }, metricValue(m.metric, m.a.p75), h('small', {}, ` ${count(m.a.samples)}`)),
              h('td', { class: 'num', 'data-k': `${m.metric}.${m.scope}.diff` }, metricDiff(m.metric, m.diff)),
              h('td', { class: 'num' }, interval(m.metric, m.ci)),
              h('td', { class: 'num' }, pValue(m.pAdjusted)),
              h('td', { 'data-k': `${m.metric}.${m.scope}.verdict` }, verdictChip(m.verdict)),
            ),
          ),
        ),
      ),
    ),
    workflowRows.length === 0
      ? null
      : h(
          'div',
          { class: 'table-wrap' },
          h(
            'table',
            { class: 'compare' },
            h('caption', {}, 'Workflows (perceived p75), regressions first'),
            h(
              'thead',
              {},
              h(
                'tr',
                {},
                th('Workflow'),
                th(`${b}`),
                th(`${a}`),
                th('Difference'),
                th('95% interval'),
                th('Completion change'),
                th('p (adjusted)'),
                th('Verdict'),
              ),
            ),
            h(
              'tbody',
              {},
              workflowRows.map((w) =>
                h(
                  'tr',
                  { 'data-row': `workflow.${w.workflow}` },
                  h('th', { scope: 'row' }, w.workflow),
                  h('td', { class: 'num' }, ms(w.b.perceivedP75), h('small', {}, ` ${share(w.b.completion)} done`)),
                  h('td', { class: 'num' }, ms(w.a.perceivedP75), h('small', {}, ` ${share(w.a.completion)} done`)),
                  h('td', { class: 'num', 'data-k': `workflow.${w.workflow}.diff` }, metricDiff('ms', w.diff)),
                  h('td', { class: 'num' }, interval('ms', w.ci)),
                  h('td', { class: 'num' }, shareDiff(w.completionDiff)),
                  h('td', { class: 'num' }, pValue(w.pAdjusted)),
                  h('td', { 'data-k': `workflow.${w.workflow}.verdict` }, verdictChip(w.verdict)),
                ),
              ),
            ),
          ),
        ),
  );
};

/** Releases: did the new release make things better or worse than the one before? */
export const releases: ViewDefinition = {
  usesPercentile: false,
  render: (context) =>
    h(
      'div',
      { class: 'view releases' },
      h('h1', {}, 'Releases'),
      section('Compare two releases', () => comparison(context), 'compare-title'),
    ),
};
