import { h, s } from '../dom.js';
import { count } from '../format.js';

export interface HeatCell {
  /** 1 = Monday … 7 = Sunday (ISO). */
  dow: number;
  /** 0–23, UTC. */
  hour: number;
  value: number;
}

const DAYS = ['Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat', 'Sun'];

/** Page views per hour of the week: one hue, darker is busier (readable without telling hues apart). */
export const heatmap = (label: string, cells: readonly HeatCell[]): HTMLElement => {
  const max = Math.max(...cells.map((cell) => cell.value), 0) || 1;
  const at = new Map(cells.map((cell) => [`${cell.dow}-${cell.hour}`, cell.value]));
  const size = 20;
  const left = 36;
  const busiest = cells.reduce<HeatCell | undefined>((best, cell) => (!best || cell.value > best.value ? cell : best), undefined);
  return h(
    'figure',
    { class: 'chart heatmap' },
    s(
      'svg',
      {
        viewBox: `0 0 ${left + 24 * size} ${7 * size + 18}`,
        role: 'img',
        'aria-label': `${label}. ${busiest ? `Busiest: ${DAYS[busiest.dow - 1]} ${busiest.hour}:00 UTC with ${count(busiest.value)} page views.` : 'No page views.'}`,
      },
      DAYS.map((day, d) => s('text', { x: left - 6, y: d * size + 14, class: 'axis', 'text-anchor': 'end' }, day)),
      [0, 6, 12, 18, 23].map((hour) => s('text', { x: left + hour * size + size / 2, y: 7 * size + 14, class: 'axis', 'text-anchor': 'middle' }, `${hour}h`)),
      DAYS.map((day, d) =>
        Array.from({ length: 24 }, (_, hour) => {
          const value = at.get(`${d + 1}-${hour}`) ?? 0;
          return s(
            'rect',
            {
              x: left + hour * size + 1,
              y: d * size + 1,
              width: size - 2,
              height: size - 2,
              class: 'heat',
              'fill-opacity': value === 0 ? 0.06 : (0.15 + 0.85 * (value / max)).toFixed(2),
            },
            s('title', {}, `${day} ${hour}:00 UTC: ${count(value)} page views`),
          );
        }),
      ),
    ),
    h('figcaption', {}, 'Hours in UTC; darker squares had more page views.'),
  );
};
