import { twoSidedP, zOfConfidence } from './normal.js';

export interface ProportionTest {
  /** pA − pB. */
  diff: number;
  /** Wald interval of the difference at the given confidence. */
  ci: [number, number];
  z: number;
  p: number;
}

/**
 * Two-proportion z-test (pooled standard error under H0, unpooled for the
 * interval): is the share of `successesA` in `nA` different from that in B?
 * Counts are samples, not weighted estimates: the test needs the number of
 * independent observations behind each share.
 */
export const twoProportionTest = (successesA: number, nA: number, successesB: number, nB: number, confidence = 0.95): ProportionTest => {
  const pA = successesA / nA;
  const pB = successesB / nB;
  const diff = pA - pB;
  const pooled = (successesA + successesB) / (nA + nB);
  const seH0 = Math.sqrt(pooled * (1 - pooled) * (1 / nA + 1 / nB));
  // All successes or none on both sides: the shares are identical and certain, nothing to test.
  const z = seH0 === 0 ? 0 : diff / seH0;
  const se = Math.sqrt((pA * (1 - pA)) / nA + (pB * (1 - pB)) / nB);
  const half = zOfConfidence(confidence) * se;
  return { diff, ci: [diff - half, diff + half], z, p: seH0 === 0 ? 1 : twoSidedP(z) };
};
