import { isShare, type AlertRule } from './rules.js';

const NAMES = {
  p75: 'p75',
  p95: 'p95',
  poorShare: 'poor share',
  cwvPassShare: 'Core Web Vitals pass share',
  completionRate: 'completion rate',
  abandonmentRate: 'abandonment rate',
  errorRate: 'error rate',
} as const;

/** What the rule watches, for people: `LCP p75`, `checkout completion rate`. */
export const subject = (rule: AlertRule): string => [rule.metric ?? rule.workflow, NAMES[rule.statistic]].filter(Boolean).join(' ');

/** A value in the rule's unit: `2,512 ms`, `0.153` (CLS), `12.5 %`. */
export const formatValue = (rule: AlertRule, value: number | null): string => {
  if (value === null) return 'no data';
  if (isShare(rule.statistic)) return `${(value * 100).toFixed(1)} %`;
  if (rule.metric === 'CLS') return value.toFixed(3);
  return `${Math.round(value).toLocaleString('en-US')} ms`;
};

const span = (ms: number): string => (ms % 86_400_000 === 0 ? `${ms / 86_400_000}d` : ms % 3_600_000 === 0 ? `${ms / 3_600_000}h` : `${ms / 60_000}m`);

/** One sentence for a chat message: what crossed, its value, and the limit. */
export const crossingText = (rule: AlertRule, to: 'ok' | 'alerting', value: number | null, threshold: number): string => {
  const head = `${rule.app}: ${subject(rule)} is ${formatValue(rule, value)} over the last ${span(rule.windowMs)}`;
  const limit =
    rule.change !== undefined
      ? `limit ${formatValue(rule, threshold)}, ${Math.round(rule.change * 100)} % off the ${span(rule.baselineMs!)} baseline`
      : `threshold ${formatValue(rule, threshold)}`;
  return to === 'alerting' ? `${head} (${limit}): alerting.` : `${head} (${limit}): back to ok.`;
};
