import type { Verdict } from '../api-types.js';
import { h } from '../dom.js';

const SYMBOL: Readonly<Record<Verdict, string>> = { regressed: '▲', improved: '▼', 'no change': '=', 'not enough data': '?' };

/** A release verdict as a word with a symbol, so it reads without colour. */
export const verdictChip = (verdict: Verdict): HTMLElement =>
  h('span', { class: `verdict is-${verdict.replace(/ /g, '-')}` }, h('span', { 'aria-hidden': 'true' }, `${SYMBOL[verdict]} `), verdict);
