/**
 * The complementary error function, to ~1e-15 relative: the power series
 * erf(x) = 2/√π · e^(−x²) · Σ (2x²)ⁿ x / (1·3·…·(2n+1)), whose terms are all
 * positive, below 1.5; the continued fraction e^(−x²)/√π · 1/(x + ½/(x + 1/(x + 3⁄2/(x + …))))
 * above. Written here because p-values must match ClickHouse's
 * mannWhitneyUTest (Boost's normal CDF) to 1e-9, and simple-statistics'
 * errorFunction is good to 1.2e-7 only.
 */
export const erfc = (x: number): number => {
  if (x < 0) return 2 - erfc(-x);
  if (x < 1.5) {
    let term = x;
    let sum = x;
    for (let n = 1; term > sum * 1e-17; n++) {
      term *= (2 * x * x) / (2 * n + 1);
      sum += term;
    }
    return 1 - (2 / Math.sqrt(Math.PI)) * Math.exp(-x * x) * sum;
  }
  let fraction = x;
  for (let k = 120; k >= 1; k--) fraction = x + k / 2 / fraction;
  return Math.exp(-x * x) / (Math.sqrt(Math.PI) * fraction);
};

/** P(Z ≤ z) for a standard normal Z. */
export const normalCdf = (z: number): number => 0.5 * erfc(-z / Math.SQRT2);

/** Two-sided p-value of a z statistic. */
export const twoSidedP = (z: number): number => Math.min(1, erfc(Math.abs(z) / Math.SQRT2));

const zOf = new Map<number, number>();

/** The z of a two-sided confidence level: 1.959964 for 0.95, by bisection on {@link normalCdf} (once per level: a comparison asks thousands of times). */
export const zOfConfidence = (confidence: number): number => {
  const known = zOf.get(confidence);
  if (known !== undefined) return known;
  const target = 1 - (1 - confidence) / 2;
  let low = 0;
  let high = 10;
  for (let i = 0; i < 60; i++) {
    const mid = (low + high) / 2;
    if (normalCdf(mid) < target) low = mid;
    else high = mid;
  }
  zOf.set(confidence, (low + high) / 2);
  return (low + high) / 2;
};
