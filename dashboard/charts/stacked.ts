import { h, s } from '../dom.js';

export interface Part {
  label: string;
  value: number;
  text: string;
}

/**
 * Parts of one whole as a stacked bar (LCP: server, load delay, load, render)
 * with a legend in words; parts are told apart by shade and by the order of
 * the legend.
 */
export const stackedBar = (label: string, parts: readonly Part[]): HTMLElement => {
  const total = parts.reduce((sum, part) => sum + Math.max(0, part.value), 0) || 1;
  let x = 0;
  return h(
    'figure',
    { class: 'stacked' },
    s(
      'svg',
      { viewBox: '0 0 100 10', preserveAspectRatio: 'none', role: 'img', 'aria-label': `${label}: ${parts.map((p) => `${p.label} ${p.text}`).join(', ')}` },
      parts.map((part, i) => {
        const width = (Math.max(0, part.value) / total) * 100;
        const rect = s('rect', { x, width, height: 10, class: `part part-${i}` });
        x += width;
        return rect;
      }),
    ),
    h(
      'figcaption',
      {},
      h(
        'ol',
        { class: 'parts-legend' },
        parts.map((part, i) => h('li', {}, h('span', { class: `swatch part-${i}` }), `${part.label}: `, h('strong', {}, part.text))),
      ),
    ),
  );
};
