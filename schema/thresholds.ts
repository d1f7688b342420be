import type { MetricName } from './events.js';

export type Rating = 'good' | 'needs-improvement' | 'poor';

/**
 * The official Core Web Vitals thresholds (web.dev/articles/vitals, the same
 * numbers web-vitals ships): at or below the first is good, above the second poor.
 */
export const RATING_THRESHOLDS: Readonly<Record<MetricName, readonly [number, number]>> = {
  LCP: [2500, 4000],
  FCP: [1800, 3000],
  TTFB: [800, 1800],
  INP: [200, 500],
  CLS: [0.1, 0.25],
};

/** Rates a value the way web-vitals does; the collector never trusts the client's rating. */
export const rate = (name: MetricName, value: number): Rating => {
  const [good, poor] = RATING_THRESHOLDS[name];
  return value > poor ? 'poor' : value > good ? 'needs-improvement' : 'good';
};
