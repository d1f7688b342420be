import { h, s } from '../dom.js';
import { moment, RATING_LABELS } from '../format.js';

/** One line of a series chart. */
export interface SeriesLine {
  /** Short name, at the line's end, in the legend and as the table's column: "p75". */
  name: string;
  /** Its colour and dash (dashboard.css `.look-<look>`): a percentile looks the same in every chart. */
  look: string;
  /** What the legend says after the name, if more than the name. */
  note?: string;
  /** One value per time; null where there is none (the line breaks there). */
  values: readonly (number | null)[];
  /** Drawn heavier: the figure the view is about. */
  emphasis?: boolean;
}

export interface SeriesOptions {
  label: string;
  /** Formats a value for the axis, the labels and the table. */
  format: (value: number) => string;
  /** Good and poor thresholds: the background shows the rating bands. */
  bands?: readonly [number, number];
  hourly: boolean;
  /** Extra columns of the data table under the chart. */
  columns?: readonly { title: string; value: (index: number) => string }[];
}

const W = 900;
const H = 240;
const PAD = { left: 56, right: 44, top: 10, bottom: 24 };
/** Axis and end labels closer than this (px of the drawing) would overlap. */
const LABEL_GAP = 13;

const present = (value: number | null | undefined): value is number => value !== null && value !== undefined && Number.isFinite(value);

/** Runs of consecutive points with a value: each becomes one polyline, so a missing value is a gap, not a drop to zero. */
const runs = (values: readonly (number | null)[]): number[][] => {
  const out: number[][] = [];
  let run: number[] = [];
  values.forEach((value, i) => {
    if (present(value)) {
      run.push(i);
    } else if (run.length > 0) {
      out.push(run);
      run = [];
    }
  });
  if (run.length > 0) out.push(run);
  return out;
};

/** Moves label positions apart, keeping their order, so that none is closer than LABEL_GAP to the next. */
const spread = (ys: readonly number[]): number[] => {
  const order = ys.map((y, i) => ({ y, i })).sort((a, b) => a.y - b.y);
  for (let k = 1; k < order.length; k += 1) order[k]!.y = Math.max(order[k]!.y, order[k - 1]!.y + LABEL_GAP);
  const out: number[] = [];
  for (const { y, i } of order) out[i] = y;
  return out;
};

const swatch = (look: string) =>
  s(
    'svg',
    { class: `swatch-line look look-${look}`, viewBox: '0 0 28 10', 'aria-hidden': 'true', focusable: 'false' },
    s('line', { x1: 1, x2: 27, y1: 5, y2: 5, class: 'line' }),
  );

/**
 * A time series as lines over the rating bands (SpeedCurve draws budgets the
 * same way). Lines differ by dash and label, not only by colour, and each is
 * named at its end; the numbers are in a table under the chart for screen
 * readers and for anyone who wants them.
 */
export const seriesChart = (times: readonly string[], lines: readonly SeriesLine[], options: SeriesOptions): HTMLElement => {
  const all = lines.flatMap((line) => line.values.filter(present));
  const top = Math.max(...all, options.bands ? options.bands[1] * 1.15 : 0) || 1;
  const x = (i: number) => PAD.left + (times.length < 2 ? (W - PAD.left - PAD.right) / 2 : (i / (times.length - 1)) * (W - PAD.left - PAD.right));
  const y = (v: number) => PAD.top + (1 - Math.min(v, top) / top) * (H - PAD.top - PAD.bottom);
  const bandRanges = options.bands
    ? ([
        { from: 0, to: options.bands[0], rating: 'good' },
        { from: options.bands[0], to: options.bands[1], rating: 'needs-improvement' },
        { from: options.bands[1], to: top, rating: 'poor' },
      ] as const)
    : [];
  const bands = bandRanges.map((band) =>
    s('rect', {
      x: PAD.left,
      width: W - PAD.left - PAD.right,
      y: y(band.to),
      height: Math.max(0, y(band.from) - y(band.to)),
      class: `band band-${band.rating}`,
    }),
  );
  // The thresholds are the values worth reading off the axis; those too close to another tick are left to the legend.
  const tickValues = (options.bands ? [0, top, ...options.bands] : [0, top, top / 2]).reduce<number[]>(
    (kept, v) => (kept.every((k) => Math.abs(y(k) - y(v)) >= LABEL_GAP) ? [...kept, v] : kept),
    [],
  );
  const ticks = tickValues.map((v) =>
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
  const ends = lines.map((line) => {
    const last = line.values.findLastIndex(present);
    return last < 0 ? null : { x: x(last), y: y(line.values[last]!) };
  });
  const endYs = spread(ends.map((end) => end?.y ?? 0));
  const drawn = lines.map((line, n) => {
    const emphasis = line.emphasis ? ' emphasis' : '';
    return s(
      'g',
      { 'data-line': line.name, class: `look look-${line.look}` },
      runs(line.values)
        .filter((run) => run.length > 1)
        .map((run) => s('polyline', { points: run.map((i) => `${x(i).toFixed(1)},${y(line.values[i]!).toFixed(1)}`).join(' '), class: `line${emphasis}` })),
      line.values.map((v, i) =>
        present(v)
          ? s(
              'circle',
              { cx: x(i), cy: y(v), r: line.emphasis ? 3.5 : 2.5, class: 'dot' },
              s('title', {}, `${moment(times[i]!, options.hourly)}: ${line.name} ${options.format(v)}`),
            )
          : null,
      ),
      lines.length > 1 && ends[n] ? s('text', { x: ends[n]!.x + 6, y: endYs[n]! + 4, class: `end-label${emphasis}` }, line.name) : null,
    );
  });
  const names = lines.map((line) => line.name);
  const listed = names.length > 1 ? `${names.slice(0, -1).join(', ')} and ${names[names.length - 1]}` : (names[0] ?? '');
  return h(
    'figure',
    { class: 'chart' },
    lines.length > 1 || bandRanges.length > 0
      ? h(
          'ul',
          { class: 'series-legend' },
          lines.length > 1
            ? lines.map((line) =>
                h('li', { class: line.emphasis ? 'emphasis' : undefined }, swatch(line.look), line.note ? `${line.name} ${line.note}` : line.name),
              )
            : null,
          bandRanges.map((band) =>
            h(
              'li',
              {},
              h('span', { class: `band-swatch band-swatch-${band.rating}`, 'aria-hidden': 'true' }),
              band.rating === 'poor'
                ? `${RATING_LABELS[band.rating]} above ${options.format(band.from)}`
                : `${RATING_LABELS[band.rating]} up to ${options.format(band.to)}`,
            ),
          ),
        )
      : null,
    s(
      'svg',
      {
        viewBox: `0 0 ${W} ${H}`,
        role: 'img',
        'aria-label': `${options.label}: ${listed} per ${options.hourly ? 'hour' : 'day'}, ${times.length} points; the numbers are in the table below`,
      },
      bands,
      ticks,
      xLabels,
      drawn,
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
            lines.map((line) => h('th', { scope: 'col' }, line.name)),
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
              lines.map((line) => h('td', {}, present(line.values[i]) ? options.format(line.values[i]!) : '–')),
              (options.columns ?? []).map((c) => h('td', {}, c.value(i))),
            ),
          ),
        ),
      ),
    ),
  );
};
