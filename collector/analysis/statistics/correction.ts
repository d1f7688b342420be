/**
 * Multiple-comparison corrections of p-values, adjusted values in input order
 * (as R's p.adjust). Written here because the one npm implementation
 * (@stdlib/stats-padjust) brings 171 packages (17 MB) for these few lines.
 */
export type Correction = 'holm' | 'benjamini-hochberg';

const orderBy = (p: readonly number[], direction: 1 | -1): number[] => p.map((_, i) => i).sort((a, b) => direction * (p[a]! - p[b]!) || a - b);

/** Holm's step-down: controls the family-wise error rate (any false alarm) at alpha. */
export const holm = (p: readonly number[]): number[] => {
  const n = p.length;
  const adjusted = new Array<number>(n);
  let running = 0;
  orderBy(p, 1).forEach((index, rank) => {
    running = Math.max(running, Math.min(1, (n - rank) * p[index]!));
    adjusted[index] = running;
  });
  return adjusted;
};

/** Benjamini–Hochberg step-up: controls the false discovery rate (share of false alarms among flags) at alpha. */
export const benjaminiHochberg = (p: readonly number[]): number[] => {
  const n = p.length;
  const adjusted = new Array<number>(n);
  let running = 1;
  orderBy(p, -1).forEach((index, i) => {
    const rank = n - i;
    running = Math.min(running, (n / rank) * p[index]!);
    adjusted[index] = running;
  });
  return adjusted;
};

export const adjust = (p: readonly number[], correction: Correction): number[] => (correction === 'holm' ? holm(p) : benjaminiHochberg(p));
