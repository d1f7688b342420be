import type { Measurement } from './measure.js';
import { lowerIsWorse, type AlertRule } from './rules.js';
import type { AlertState } from './store.js';

export interface Verdict {
  state: AlertState;
  /** False when the window (or the baseline) has fewer samples than the rule's minimum: the state is kept as it was. */
  enoughData: boolean;
  /** The limit the value was held against: the rule's threshold, or baseline × (1 ± change); null without a baseline. */
  threshold: number | null;
}

/**
 * The rule's state given this window's measurement (and the baseline's, for
 * relative rules). Too few samples decide nothing: the previous state stays,
 * so a quiet night neither raises nor clears an alert.
 */
export const decide = (rule: AlertRule, current: Measurement, baseline: Measurement | null, previous: AlertState): Verdict => {
  const worseIsLower = lowerIsWorse(rule.statistic);
  let threshold: number | null = rule.threshold ?? null;
  if (rule.change !== undefined) {
    const base = baseline?.value ?? null;
    threshold = base === null ? null : base * (worseIsLower ? 1 - rule.change : 1 + rule.change);
  }
  const enough =
    current.value !== null &&
    current.samples >= rule.minSamples &&
    threshold !== null &&
    (rule.change === undefined || (baseline !== null && baseline.samples >= rule.minSamples));
  if (!enough) return { state: previous, enoughData: false, threshold };
  const worse = worseIsLower ? current.value! < threshold! : current.value! > threshold!;
  return { state: worse ? 'alerting' : 'ok', enoughData: true, threshold };
};
