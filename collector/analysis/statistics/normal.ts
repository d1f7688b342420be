import { errorFunction, probit } from 'simple-statistics';

/** P(Z ≤ z) for a standard normal Z, from simple-statistics' error function (absolute error < 1.2e-7). */
export const normalCdf = (z: number): number => 0.5 * (1 + errorFunction(z / Math.SQRT2));

/** Two-sided p-value of a z statistic. */
export const twoSidedP = (z: number): number => Math.min(1, 2 * (1 - normalCdf(Math.abs(z))));

/** The z of a two-sided confidence level: 1.96 for 0.95. */
export const zOfConfidence = (confidence: number): number => probit(1 - (1 - confidence) / 2);
