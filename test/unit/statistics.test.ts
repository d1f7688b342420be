import { describe, expect, it } from 'vitest';
import { benjaminiHochberg, holm } from '../../collector/analysis/statistics/correction.js';
import { normalCdf, twoSidedP, zOfConfidence } from '../../collector/analysis/statistics/normal.js';
import { p75StandardError, quantileDifference } from '../../collector/analysis/statistics/quantile-difference.js';
import { twoProportionTest } from '../../collector/analysis/statistics/two-proportion.js';
import { verdictOf } from '../../collector/analysis/statistics/verdict.js';

describe('normal distribution', () => {
  it('matches the table values', () => {
    expect(normalCdf(0)).toBeCloseTo(0.5, 7);
    expect(normalCdf(1.959964)).toBeCloseTo(0.975, 6);
    expect(twoSidedP(1.959964)).toBeCloseTo(0.05, 6);
    expect(twoSidedP(-2.575829)).toBeCloseTo(0.01, 6);
    expect(zOfConfidence(0.95)).toBeCloseTo(1.959964, 4);
  });
});

describe('multiple-comparison corrections', () => {
  // Reference values: R's p.adjust(p, "holm") and p.adjust(p, "BH").
  const p = [0.01, 0.04, 0.03, 0.005, 0.5];
  it('Holm', () => {
    expect(holm(p).map((v) => Number(v.toFixed(6)))).toEqual([0.04, 0.09, 0.09, 0.025, 0.5]);
  });
  it('Benjamini–Hochberg', () => {
    expect(benjaminiHochberg(p).map((v) => Number(v.toFixed(6)))).toEqual([0.025, 0.05, 0.05, 0.025, 0.5]);
  });
  it('never lowers a p-value and keeps the order', () => {
    for (const adjusted of [holm(p), benjaminiHochberg(p)]) adjusted.forEach((value, i) => expect(value).toBeGreaterThanOrEqual(p[i]!));
    expect(holm([])).toEqual([]);
  });
});

describe('two-proportion test', () => {
  it('gives the pooled z and the Wald interval', () => {
    // 60/200 against 90/200: pooled 0.375, z = −0.15 / √(0.375·0.625·0.01) = −3.098.
    const test = twoProportionTest(60, 200, 90, 200);
    expect(test.diff).toBeCloseTo(-0.15, 10);
    expect(test.z).toBeCloseTo(-3.0984, 3);
    expect(test.p).toBeCloseTo(0.001946, 4);
    expect(test.ci[0]).toBeCloseTo(-0.15 - 1.959964 * Math.sqrt((0.3 * 0.7 + 0.45 * 0.55) / 200), 4);
  });
  it('has nothing to test when both sides are all successes', () => {
    expect(twoProportionTest(10, 10, 20, 20)).toMatchObject({ diff: 0, p: 1 });
  });
});

describe('p75 difference', () => {
  it('takes the standard error from the 70th–80th percentile spread', () => {
    // Spread 100 over 0.1 of probability → density 0.001; SE = √(0.1875 / 100) / 0.001.
    expect(p75StandardError({ samples: 100, q: [950, 1000, 1050] })).toBeCloseTo(Math.sqrt(0.1875 / 100) * 1000, 6);
    const { diff, ci } = quantileDifference({ samples: 100, q: [1450, 1500, 1550] }, { samples: 100, q: [950, 1000, 1050] });
    expect(diff).toBe(500);
    expect(ci[0]).toBeLessThan(500);
    expect(ci[1] - 500).toBeCloseTo(500 - ci[0], 6);
  });
});

describe('verdicts', () => {
  it('follow the corrected p-value and the direction', () => {
    expect(verdictOf(false, null, 0.05, 1)).toBe('not enough data');
    expect(verdictOf(true, 0.2, 0.05, 1)).toBe('no change');
    expect(verdictOf(true, 0.01, 0.05, 1)).toBe('regressed');
    expect(verdictOf(true, 0.01, 0.05, -1)).toBe('improved');
    expect(verdictOf(true, 0.01, 0.05, 0)).toBe('no change');
  });
});
