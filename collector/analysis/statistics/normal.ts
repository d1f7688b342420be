import { errorFunction } from 'simple-statistics';

/** P(Z ≤ z) for a standard normal Z, from simple-statistics' error function (absolute error < 1.2e-7). */
export const normalCdf = (z: number): number => 0.5 * (1 + errorFunction(z / Math.SQRT2));

/** Two-sided p-value of a z statistic. */
export const twoSidedP = (z: number): number => Math.min(1, 2 * (1 - normalCdf(Math.abs(z))));

/**
 * The z of a two-sided confidence level: 1.959964 for 0.95. Found by
 * bisection on {@link normalCdf}: simple-statistics' own `probit` is off by
 * 0.003 at 0.975 (1.9572), which would narrow every interval.
 */
export const zOfConfidence = (confidence: number): number => {
  const target = 1 - (1 - confidence) / 2;
  let low = 0;
  let high = 10;
  for (let i = 0; i < 60; i++) {
    const mid = (low + high) / 2;
    if (normalCdf(mid) < target) low = mid;
    else high = mid;
  }
  return (low + high) / 2;
};
