import { s } from '../dom.js';

/** A small line of recent values; the numbers themselves are shown beside it. */
export const sparkline = (values: readonly number[], label: string): SVGSVGElement => {
  const width = 120;
  const height = 28;
  const max = Math.max(...values, 0);
  const min = Math.min(...values, max);
  const span = max - min || 1;
  const x = (i: number) => (values.length < 2 ? width / 2 : (i / (values.length - 1)) * width);
  const y = (v: number) => height - 2 - ((v - min) / span) * (height - 4);
  const points = values.map((v, i) => `${x(i).toFixed(1)},${y(v).toFixed(1)}`).join(' ');
  return s(
    'svg',
    { class: 'sparkline', viewBox: `0 0 ${width} ${height}`, role: 'img', 'aria-label': label },
    values.length > 1 ? s('polyline', { points, class: 'line' }) : null,
    values.length > 0 ? s('circle', { cx: x(values.length - 1), cy: y(values[values.length - 1]!), r: 2, class: 'dot' }) : null,
  );
};
