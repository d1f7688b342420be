import { h, s } from '../dom.js';
import { ms } from '../format.js';

/**
 * Duration against perceived duration as two bars on one scale: the part of
 * the perceived bar past the duration is the wait the code does not see
 * (rendering, main-thread work after `end()`).
 */
export const waitGap = (durationP75: number | null, perceivedP75: number | null): HTMLElement => {
  const duration = durationP75 ?? 0;
  const perceived = perceivedP75 ?? duration;
  const max = Math.max(duration, perceived, 1);
  const scale = (v: number) => (Math.max(0, v) / max) * 100;
  return h(
    'div',
    { class: 'wait-gap' },
    s(
      'svg',
      {
        viewBox: '0 0 100 14',
        preserveAspectRatio: 'none',
        role: 'img',
        'aria-label': `Duration ${ms(duration)}, perceived ${ms(perceived)}, gap ${ms(perceived - duration)}`,
      },
      s('rect', { x: 0, y: 0, width: scale(duration), height: 6, class: 'bar duration' }),
      s('rect', { x: 0, y: 8, width: scale(perceived), height: 6, class: 'bar perceived' }),
    ),
    h('small', { 'aria-hidden': 'true' }, `+${ms(Math.max(0, perceived - duration))}`),
  );
};
