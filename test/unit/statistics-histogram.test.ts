import { describe, expect, it } from 'vitest';
import { histogramQuantiles, mannWhitneyU, mergeHistograms, rescaled, type Histogram } from '../../collector/analysis/statistics/histogram.js';
import { erfc, normalCdf, twoSidedP } from '../../collector/analysis/statistics/normal.js';

/** A histogram with one bucket per distinct value (each value its own bucket, as integer ms below 1,023.5 are). */
const counts = (values: number[], each = 1): Histogram => {
  const histogram = new Map<number, number>();
  for (const value of values) histogram.set(value, (histogram.get(value) ?? 0) + each);
  const buckets = [...histogram.keys()].sort((a, b) => a - b);
  return { buckets, weights: buckets.map((bucket) => histogram.get(bucket)!) };
};

describe('normal distribution, to the precision ClickHouse gives p-values', () => {
  it('matches reference values to 1e-15', () => {
    // Python's math.erfc and scipy.stats.norm.
    expect(Math.abs(erfc(0.5) - 0.4795001221869535)).toBeLessThan(1e-15);
    expect(Math.abs(erfc(2.5) / 0.0004069520174449589 - 1)).toBeLessThan(1e-14);
    expect(Math.abs(erfc(5) / 1.5374597944280351e-12 - 1)).toBeLessThan(1e-14);
    expect(Math.abs(normalCdf(1) - 0.8413447460685429)).toBeLessThan(1e-15);
    expect(Math.abs(normalCdf(-3) - 0.0013498980316300933)).toBeLessThan(1e-16);
    expect(Math.abs(twoSidedP(1.959963984540054) - 0.05)).toBeLessThan(1e-15);
  });
});

describe('Mann–Whitney U from histograms', () => {
  // scipy.stats.mannwhitneyu(x, y, use_continuity=True, alternative='two-sided', method='asymptotic'): U 21.5, p 0.10754246416687942.
  const x = [1, 2, 2, 3, 5, 5, 5, 8];
  const y = [2, 3, 4, 4, 6, 7, 7, 9, 9, 10];

  it('gives the tie-corrected, continuity-corrected two-sided p of the samples', () => {
    const test = mannWhitneyU(counts(x), counts(y))!;
    expect(Math.abs(test.p - 0.10754246416687942)).toBeLessThan(1e-12);
    // The U ClickHouse returns first, scipy's: pairs where the first sample's value is the larger, ties counting ½.
    expect(test.u).toBe(21.5);
    expect(mannWhitneyU(counts(y), counts(x))!.p).toBeCloseTo(test.p, 14);
  });

  it('counts a sample rescaled from its weights as the sample itself', () => {
    // Weights as summaries keep them (1000 per instance at sample rate 1), rescaled to the instance count.
    const weighted = mannWhitneyU(rescaled(counts(x, 1000), x.length), rescaled(counts(y, 1000), y.length))!;
    expect(Math.abs(weighted.p - 0.10754246416687942)).toBeLessThan(1e-12);
  });

  it('ranks the values of one bucket as ties', () => {
    // Buckets 2 and 3 merged into one: scipy on the samples with every 3 made a 2 gives p 0.11478581522437166.
    const oneBucket = (values: number[]) => counts(values.map((v) => (v === 3 ? 2 : v)));
    expect(Math.abs(mannWhitneyU(oneBucket(x), oneBucket(y))!.p - 0.11478581522437166)).toBeLessThan(1e-12);
  });

  it('finds a shift and finds none between equal samples', () => {
    const base = Array.from({ length: 200 }, (_, i) => 100 + (i % 50));
    expect(mannWhitneyU(counts(base), counts(base.map((v) => v + 10)))!.p).toBeLessThan(1e-6);
    expect(mannWhitneyU(counts(base), counts(base))!.p).toBeGreaterThan(0.9);
  });

  it('has nothing to test when every value of both samples is in one bucket', () => {
    expect(mannWhitneyU(counts([0, 0, 0]), counts([0, 0]))).toBeNull();
  });
});

describe('histogram percentiles', () => {
  it('take the first bucket whose cumulative weight reaches ⌈q · total⌉', () => {
    // Weights 1, 2, 1 on buckets 10, 20, 30: total 4; p25 → rank 1 (10), p50 → rank 2 (20), p75 → rank 3 (20), p76 → rank 4 (30).
    const histogram = { buckets: [10, 20, 30], weights: [1, 2, 1] };
    expect(histogramQuantiles(histogram, [0.25, 0.5, 0.75, 0.76], (bucket) => bucket / 10)).toEqual([1, 2, 2, 3]);
    expect(histogramQuantiles({ buckets: [], weights: [] }, [0.75], (bucket) => bucket)).toBeNull();
  });

  it('merge by adding weights, buckets in order', () => {
    expect(mergeHistograms([counts([1, 1, 4]), counts([9, 1]), counts([2])])).toEqual(counts([1, 1, 1, 2, 4, 9]));
    expect(mergeHistograms([])).toEqual({ buckets: [], weights: [] });
  });
});
