import { s } from '../dom.js';

/**
 * Rating fills shared by every chart: colour plus a texture, so "needs
 * improvement" (diagonal lines) and "poor" (cross-hatch) stay apart for
 * people who cannot tell the colours apart; labels say it in words too.
 */
export const ratingFill = (rating: string): string => `url(#fill-${rating})`;

const pattern = (id: string, colour: string, lines: string) =>
  s(
    'pattern',
    { id, width: 6, height: 6, patternUnits: 'userSpaceOnUse' },
    s('rect', { width: 6, height: 6, class: colour }),
    lines ? s('path', { d: lines, class: 'texture' }) : null,
  );

/** One hidden SVG with the pattern definitions, put in the page once. */
export const patternDefs = (): SVGSVGElement =>
  s(
    'svg',
    { class: 'defs', 'aria-hidden': 'true', focusable: 'false', width: 0, height: 0 },
    s(
      'defs',
      {},
      pattern('fill-good', 'fill-good', ''),
      pattern('fill-needs-improvement', 'fill-needs-improvement', 'M-1,1 l2,-2 M0,6 l6,-6 M5,7 l2,-2'),
      pattern('fill-poor', 'fill-poor', 'M0,0 l6,6 M6,0 l-6,6'),
    ),
  );
