import { h, s } from '../dom.js';
import { moment } from '../format.js';

export interface SeriesOptions {
  label: string;
  /** Formats a value for the axis and the table. */
  format: (value: number) => string;
  /** Good and poor thresholds: the background shows the rating bands. */
  bands?: readonly [number, number];
  hourly: boolean;
  /** Extra columns of the data table under the chart. */
  columns?: readonly { title: string; value: (index: number) => string }[];
}

const W = 900;
const H = 240;
const PAD = { left: 56, right: 12, top: 10, bottom: 24 };

/**
 * A time series as a line over the rating bands (SpeedCurve draws budgets the
 * same way), with the numbers in a table under it for screen readers and for
 * anyone who wants them.
 */
export const seriesChart = (times: readonly string[], values: readonly number[], options: SeriesOptions): HTMLElement => {
  const top = Math.max(...values, options.bands ? options.bands[1] * 1.15 : 0) || 1;
  const x = (i: number) => PAD.left + (times.length < 2 ? (W - PAD.left - PAD.right) / 2 : (i / (times.length - 1)) * (W - PAD.left - PAD.right));
  const y = (v: number) => PAD.top + (1 - Math.min(v, top) / top) * (H - PAD.top - PAD.bottom);
  const bands = options.bands
    ? [
        { from: 0, to: options.bands[0], rating: 'good' },
        { from: options.bands[0], to: options.bands[1], rating: 'needs-improvement' },
        { from: options.bands[1], to: top, rating: 'poor' },
      ].map((band) =>
        s('rect', {
          x: PAD.left,
          width: W - PAD.left - PAD.right,
          y: y(band.to),
          height: Math.max(0, y(band.from) - y(band.to)),
          class: `band band-${band.rating}`,
        }),
      )
    : [];
  const ticks = [0, top / 2, top].map((v) =>
    s(
      'g',
      {},
      s('line', { x1: PAD.left, x2: W - PAD.right, y1: y(v), y2: y(v), class: 'grid' }),
      s('text', { x: PAD.left - 6, y: y(v) + 4, class: 'axis', 'text-anchor': 'end' }, options.format(v)),
    ),
  );
  const labelled = times.length <= 1 ? [0] : [0, Math.floor((times.length - 1) / 2), times.length - 1];
  const xLabels =
    times.length === 0
      ? []
      : [...new Set(labelled)].map((i) =>
          s(
            'text',
            { x: x(i), y: H - 6, class: 'axis', 'text-anchor': i === 0 ? 'start' : i === times.length - 1 ? 'end' : 'middle' },
            moment(times[i]!, options.hourly),
          ),
        );
  const points = values.map((v, i) => `${x(i).toFixed(1)},${y(v).toFixed(1)}`).join(' ');
  return h(
    'figure',
    { class: 'chart' },
    s(
      'svg',
      { viewBox: `0 0 ${W} ${H}`, role: 'img', 'aria-label': `${options.label}, ${times.length} points; the numbers are in the table below` },
      bands,
      ticks,
      xLabels,
      values.length > 1 ? s('polyline', { points, class: 'line' }) : null,
      values.map((v, i) =>
        s('circle', { cx: x(i), cy: y(v), r: 3, class: 'dot' }, s('title', {}, `${moment(times[i]!, options.hourly)}: ${options.format(v)}`)),
      ),
    ),
    h(
      'details',
      {},
      h('summary', {}, 'Show the numbers'),
      h(
        'table',
        { class: 'numbers' },
        h(
          'thead',
          {},
          h(
            'tr',
            {},
            h('th', { scope: 'col' }, options.hourly ? 'Hour (UTC)' : 'Day (UTC)'),
            h('th', { scope: 'col' }, options.label),
            (options.columns ?? []).map((c) => h('th', { scope: 'col' }, c.title)),
          ),
        ),
        h(
          'tbody',
          {},
          times.map((t, i) =>
            h(
              'tr',
              {},
              h('td', {}, moment(t, options.hourly)),
              h('td', {}, options.format(values[i]!)),
              (options.columns ?? []).map((c) => h('td', {}, c.value(i))),
            ),
          ),
        ),
      ),
    ),
  );
};
