import { twoSidedP } from './normal.js';

/**
 * A sparse histogram: bucket ids in ascending order and the weight in each.
 * Bucket ids keep the order of the values they hold. Parallel arrays, not a
 * Map: a comparison handles a few hundred thousand buckets, and Maps of them
 * cost more in allocation and garbage collection than the statistics.
 */
export interface Histogram {
  buckets: readonly number[];
  weights: readonly number[];
}

export const EMPTY_HISTOGRAM: Histogram = { buckets: [], weights: [] };

export const totalOf = (histogram: Histogram): number => {
  let total = 0;
  for (const weight of histogram.weights) total += weight;
  return total;
};

/** The sum of histograms: weights of the same bucket added. */
export const mergeHistograms = (histograms: readonly Histogram[]): Histogram => {
  if (histograms.length === 0) return EMPTY_HISTOGRAM;
  if (histograms.length === 1) return histograms[0]!;
  let top = 0;
  for (const { buckets } of histograms) for (const bucket of buckets) top = Math.max(top, bucket);
  // Bucket ids are small integers (UInt16): adding into a dense array and reading it back in order is a merge and a sort in one pass.
  const dense = new Float64Array(top + 1);
  for (const { buckets, weights } of histograms) for (let i = 0; i < buckets.length; i++) dense[buckets[i]!]! += weights[i]!;
  const buckets: number[] = [];
  const weights: number[] = [];
  for (let bucket = 0; bucket <= top; bucket++) {
    if (dense[bucket] !== 0) {
      buckets.push(bucket);
      weights.push(dense[bucket]!);
    }
  }
  return { buckets, weights };
};

/** The histogram with its weights scaled to sum to `total`. */
export const rescaled = (histogram: Histogram, total: number): Histogram => {
  const factor = total / totalOf(histogram);
  return { buckets: histogram.buckets, weights: histogram.weights.map((weight) => weight * factor) };
};

/**
 * Weighted nearest-rank percentiles: per level, the value of the first bucket
 * whose cumulative weight reaches ⌈level · total⌉, the rank rule of
 * ClickHouse's quantilesExactWeighted (and of the sketch's SQL). Null for an
 * empty histogram.
 */
export const histogramQuantiles = (histogram: Histogram, levels: readonly number[], valueOf: (bucket: number) => number): number[] | null => {
  const { buckets, weights } = histogram;
  if (buckets.length === 0) return null;
  const total = totalOf(histogram);
  return levels.map((level) => {
    const rank = Math.ceil(level * total);
    let cumulative = 0;
    for (let i = 0; i < buckets.length; i++) {
      cumulative += weights[i]!;
      if (cumulative >= rank) return valueOf(buckets[i]!);
    }
    return valueOf(buckets[buckets.length - 1]!);
  });
};

export interface RankTest {
  /** U of a: the pairs (a, b) where a's value is the larger, ties counting ½ (ClickHouse's first result). */
  u: number;
  z: number;
  p: number;
}

/**
 * Two-sided Mann–Whitney U test of two samples given as histograms of counts:
 * the values of one bucket are ties, ranked at their midrank, with the tie-
 * corrected variance and the normal approximation with continuity correction.
 * It follows ClickHouse's mannWhitneyUTest('two-sided') step by step (U from
 * the rank sum of the first sample, z = (max(U₁, U₂) − n₁n₂/2 − ½) / σ, then
 * |z|), so on values that each have a bucket of their own the p-value is the
 * engine's. Counts may be fractional (weights rescaled to a sample count): the
 * formulas take them as they are. Null when every value of both samples is in
 * one bucket (the variance is 0: ClickHouse refuses such samples).
 */
export const mannWhitneyU = (a: Histogram, b: Histogram): RankTest | null => {
  const n1 = totalOf(a);
  const n2 = totalOf(b);
  const n = n1 + n2;
  let below = 0;
  let rankSum = 0;
  let ties = 0;
  // Both bucket lists are ascending: walk them together, one bucket (a tie group) at a time.
  const [lengthA, lengthB] = [a.buckets.length, b.buckets.length];
  for (let i = 0, j = 0; i < lengthA || j < lengthB;) {
    const bucketA = i < lengthA ? a.buckets[i]! : Infinity;
    const bucketB = j < lengthB ? b.buckets[j]! : Infinity;
    const inA = bucketA <= bucketB ? a.weights[i++]! : 0;
    const inB = bucketB <= bucketA ? b.weights[j++]! : 0;
    const count = inA + inB;
    rankSum += inA * (below + (count + 1) / 2);
    ties += count ** 3 - count;
    below += count;
  }
  const u1 = n1 * n2 + (n1 * (n1 + 1)) / 2 - rankSum;
  const u2 = n1 * n2 - u1;
  const sd = Math.sqrt(((1 - ties / (n ** 3 - n)) * n1 * n2 * (n + 1)) / 12);
  const z = Math.abs((Math.max(u1, u2) - (n1 * n2) / 2 - 0.5) / sd);
  if (!Number.isFinite(z)) return null;
  return { u: u2, z, p: twoSidedP(z) };
};
