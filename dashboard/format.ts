import { rate, type Rating } from '../schema/thresholds.js';
import type { MetricName } from '../schema/events.js';

/**
 * How numbers read on screen. One module so the browser tests can format the
 * API's numbers the same way and compare them with what a person sees.
 */
const COUNT = new Intl.NumberFormat('en-US', { maximumFractionDigits: 0 });
const DECIMAL = new Intl.NumberFormat('en-US', { maximumFractionDigits: 1 });

export const METRICS: readonly MetricName[] = ['LCP', 'INP', 'CLS', 'FCP', 'TTFB'];

export const METRIC_NAMES: Readonly<Record<MetricName, string>> = {
  LCP: 'Largest Contentful Paint',
  INP: 'Interaction to Next Paint',
  CLS: 'Cumulative Layout Shift',
  FCP: 'First Contentful Paint',
  TTFB: 'Time to First Byte',
};

/** Milliseconds as "840 ms" or "2.35 s". */
export const ms = (value: number | null | undefined): string => {
  if (value === null || value === undefined || !Number.isFinite(value)) return '–';
  return Math.abs(value) < 1000 ? `${Math.round(value)} ms` : `${(value / 1000).toFixed(2)} s`;
};

/** A metric's value: CLS is unitless, the others are times. */
export const metricValue = (metric: string, value: number | null | undefined): string =>
  metric === 'CLS' ? (value === null || value === undefined || !Number.isFinite(value) ? '–' : value.toFixed(3)) : ms(value);

/** A signed difference, "+120 ms" / "−0.020". */
export const metricDiff = (metric: string, value: number | null | undefined): string => {
  if (value === null || value === undefined || !Number.isFinite(value)) return '–';
  const text = metricValue(metric, Math.abs(value));
  return value > 0 ? `+${text}` : value < 0 ? `−${text}` : text;
};

/** A share 0..1 as "42.5%". */
export const share = (value: number | null | undefined): string =>
  value === null || value === undefined || !Number.isFinite(value) ? '–' : `${DECIMAL.format(value * 100)}%`;

/** A signed share difference in percentage points. */
export const shareDiff = (value: number | null | undefined): string =>
  value === null || value === undefined || !Number.isFinite(value)
    ? '–'
    : `${value > 0 ? '+' : value < 0 ? '−' : ''}${DECIMAL.format(Math.abs(value) * 100)} pp`;

export const count = (value: number | null | undefined): string =>
  value === null || value === undefined || !Number.isFinite(value) ? '–' : COUNT.format(value);

export const decimal = (value: number | null | undefined): string =>
  value === null || value === undefined || !Number.isFinite(value) ? '–' : DECIMAL.format(value);

export const RATING_LABELS: Readonly<Record<Rating, string>> = { good: 'Good', 'needs-improvement': 'Needs improvement', poor: 'Poor' };

/** The rating of a value of a Web Vital, by the official thresholds. */
export const ratingOf = (metric: string, value: number | null | undefined): Rating | undefined =>
  value === null || value === undefined || !Number.isFinite(value) || !(METRICS as readonly string[]).includes(metric)
    ? undefined
    : rate(metric as MetricName, value);

/** "2026-11-10T13:00:00Z" as "10 Nov" or "10 Nov 13:00". */
export const moment = (iso: string, withHour: boolean): string => {
  const date = new Date(iso);
  const day = date.toLocaleDateString('en-GB', { day: 'numeric', month: 'short', timeZone: 'UTC' });
  return withHour ? `${day} ${String(date.getUTCHours()).padStart(2, '0')}:00` : day;
};
