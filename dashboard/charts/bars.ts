import { h, s } from '../dom.js';

export interface BarRow {
  label: string;
  value: number;
  /** The value as shown. */
  text: string;
  /** Shown under the label, e.g. a sample count. */
  note?: string;
  /** data-k of the value cell, for tests. */
  key?: string;
}

/** A ranked list as a table with one bar per row: top routes, device mix, funnel steps. */
export const barTable = (caption: string, headings: readonly [string, string], rows: readonly BarRow[]): HTMLElement => {
  const max = Math.max(...rows.map((row) => row.value), 0) || 1;
  if (rows.length === 0) return h('div', { class: 'bars-empty' }, h('p', { class: 'caption' }, caption), h('p', {}, 'None in this range.'));
  return h(
    'table',
    { class: 'bars' },
    h('caption', {}, caption),
    h(
      'thead',
      {},
      h(
        'tr',
        {},
        h('th', { scope: 'col' }, headings[0]),
        h('th', { scope: 'col' }, headings[1]),
        h('th', { scope: 'col' }, h('span', { class: 'visually-hidden' }, 'Bar')),
      ),
    ),
    h(
      'tbody',
      {},
      rows.map((row) =>
        h(
          'tr',
          {},
          h('th', { scope: 'row' }, row.label, row.note ? h('small', {}, ` ${row.note}`) : null),
          h('td', { class: 'num', 'data-k': row.key }, row.text),
          h(
            'td',
            { class: 'bar-cell' },
            s(
              'svg',
              { viewBox: '0 0 100 10', preserveAspectRatio: 'none', 'aria-hidden': 'true' },
              s('rect', { width: (row.value / max) * 100, height: 10, class: 'bar' }),
            ),
          ),
        ),
      ),
    ),
  );
};
