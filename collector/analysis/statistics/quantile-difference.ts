import { zOfConfidence } from './normal.js';

/** The percentiles a side must report for {@link quantileDifference}: the p75 and the sparsity bracket around it. */
export const SPARSITY_LEVELS = [0.7, 0.75, 0.8] as const;
const P = 0.75;
const BANDWIDTH = 0.05;

export interface Side {
  samples: number;
  /** Percentiles at {@link SPARSITY_LEVELS}. */
  q: readonly [number, number, number] | readonly number[];
}

/**
 * Standard error of a sample p75: √(p(1−p)/n) × the sparsity 1/f(q), with
 * the sparsity estimated from the spread of the 70th–80th percentiles
 * (Siddiqui's estimator, bandwidth 0.05). Needs three percentiles per side,
 * which the engine computes in the same pass as the p75: no resampling.
 */
export const p75StandardError = (side: Side): number => {
  const sparsity = (side.q[2]! - side.q[0]!) / (2 * BANDWIDTH);
  return Math.sqrt((P * (1 - P)) / side.samples) * sparsity;
};

/** p75(a) − p75(b) with a normal-approximation confidence interval. */
export const quantileDifference = (a: Side, b: Side, confidence = 0.95): { diff: number; ci: [number, number] } => {
  const diff = a.q[1]! - b.q[1]!;
  const half = zOfConfidence(confidence) * Math.hypot(p75StandardError(a), p75StandardError(b));
  return { diff, ci: [diff - half, diff + half] };
};
