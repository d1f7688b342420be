import type { Rating } from '../../schema/thresholds.js';
import { h, s } from '../dom.js';
import { RATING_LABELS, share } from '../format.js';
import { ratingFill } from './patterns.js';

/** Shares 0..1; null when there were no samples to share out. */
export interface RatingShares {
  good: number | null;
  needsImprovement: number | null;
  poor: number | null;
}

const PARTS: readonly [Rating, keyof RatingShares][] = [
  ['good', 'good'],
  ['needs-improvement', 'needsImprovement'],
  ['poor', 'poor'],
];

/** The good / needs-improvement / poor split as one stacked bar with the shares written under it. */
export const ratingBar = (shares: RatingShares): HTMLElement => {
  let x = 0;
  const label = PARTS.map(([rating, key]) => `${RATING_LABELS[rating]} ${share(shares[key])}`).join(', ');
  return h(
    'div',
    { class: 'rating-bar' },
    s(
      'svg',
      { viewBox: '0 0 100 8', preserveAspectRatio: 'none', role: 'img', 'aria-label': label },
      PARTS.map(([rating, key]) => {
        const width = Math.max(0, (shares[key] ?? 0) * 100);
        const rect = s('rect', { x, y: 0, width, height: 8, fill: ratingFill(rating) });
        x += width;
        return rect;
      }),
    ),
    h(
      'ul',
      { class: 'rating-legend', 'aria-hidden': 'true' },
      PARTS.map(([rating, key]) => h('li', { class: `is-${rating}` }, h('span', { class: 'swatch' }), `${RATING_LABELS[rating]} ${share(shares[key])}`)),
    ),
  );
};

/** A value with its rating as a coloured, labelled chip ("2.10 s · Good"). */
export const ratedValue = (text: string, rating: Rating | null | undefined, key?: string): HTMLElement =>
  h(
    'span',
    { class: `rated ${rating ? `is-${rating}` : ''}` },
    h('span', { class: 'value', 'data-k': key }, text),
    rating ? h('span', { class: 'rating-word' }, RATING_LABELS[rating]) : null,
  );
