import { z } from 'zod';
import { APP_PATTERN } from '../../schema/index.js';
import type { MetricName } from '../../schema/events.js';
import type { Filters } from '../analysis/filters.js';

/** What a rule watches. Vitals statistics need a metric, workflow ones a workflow; the CWV pass share needs neither. */
export const STATISTICS = ['p75', 'p95', 'poorShare', 'cwvPassShare', 'completionRate', 'abandonmentRate', 'errorRate'] as const;
export type Statistic = (typeof STATISTICS)[number];

const VITALS_STATISTICS: ReadonlySet<Statistic> = new Set(['p75', 'p95', 'poorShare']);
const WORKFLOW_STATISTICS: ReadonlySet<Statistic> = new Set(['completionRate', 'abandonmentRate', 'errorRate']);
/** Statistics where a lower value is the bad direction; for the others higher is worse. */
const LOWER_IS_WORSE: ReadonlySet<Statistic> = new Set(['cwvPassShare', 'completionRate']);

const METRIC_NAMES = ['LCP', 'INP', 'CLS', 'FCP', 'TTFB'] as const satisfies readonly MetricName[];
const DURATION = /^([1-9][0-9]{0,4})(m|h|d)$/;
const UNIT_MS = { m: 60_000, h: 3_600_000, d: 86_400_000 } as const;

/** `15m`, `1h`, `7d` → milliseconds. */
export const durationMs = (text: string): number => {
  const match = DURATION.exec(text);
  if (!match) throw new Error(`"${text}" is not a duration: write a whole number followed by m, h or d, e.g. 15m, 1h, 7d.`);
  return Number(match[1]) * UNIT_MS[match[2] as keyof typeof UNIT_MS];
};

const duration = z.string().regex(DURATION, 'a whole number followed by m, h or d, e.g. 15m, 1h, 7d');
const text = z.string().min(1).max(256);

/** One alert rule as written in the config file (docs/alerts.md). */
export const ruleFileSchema = z
  .strictObject({
    id: z.string().regex(/^[a-z0-9][a-z0-9_.-]{0,63}$/, 'lower-case letters, digits, _ . and -, up to 64'),
    app: z.string().regex(APP_PATTERN, 'an app id'),
    metric: z.enum(METRIC_NAMES).optional(),
    workflow: text.optional(),
    statistic: z.enum(STATISTICS),
    /** Absolute: the rule alerts while the statistic is worse than this. */
    threshold: z.number().finite().optional(),
    /** Relative: the rule alerts while the statistic is worse than the baseline by more than this fraction (0.2 = 20 %). */
    change: z.number().positive().max(100).optional(),
    /** Length of the baseline window, which ends where the evaluation window starts. Default 7d. */
    baseline: duration.optional(),
    /** Fewest samples (page views, metric instances or runs) in the window, and in the baseline, for a verdict. */
    minSamples: z.number().int().min(1).default(100),
    /** The evaluation window: the statistic over the last `window`. Default 1h. */
    window: duration.default('1h'),
    /** How often the rule is evaluated. Default 5m. */
    every: duration.default('5m'),
    filters: z.strictObject({ env: text, release: text, route: text, deviceClass: text, browser: text, os: text, connection: text }).partial().optional(),
  })
  .superRefine((rule, ctx) => {
    const issue = (path: string, message: string) => ctx.addIssue({ code: 'custom', path: [path], message });
    if (VITALS_STATISTICS.has(rule.statistic) && rule.metric === undefined)
      issue('metric', `statistic ${rule.statistic} needs a metric (LCP, INP, CLS, FCP or TTFB)`);
    if (WORKFLOW_STATISTICS.has(rule.statistic) && rule.workflow === undefined) issue('workflow', `statistic ${rule.statistic} needs a workflow name`);
    if (!VITALS_STATISTICS.has(rule.statistic) && rule.metric !== undefined)
      issue('metric', `statistic ${rule.statistic} is not about one metric: leave out metric`);
    if (!WORKFLOW_STATISTICS.has(rule.statistic) && rule.workflow !== undefined)
      issue('workflow', `statistic ${rule.statistic} is not about a workflow: leave out workflow`);
    if ((rule.threshold === undefined) === (rule.change === undefined))
      issue('threshold', 'give exactly one of "threshold" (absolute) and "change" (relative to a baseline)');
    if (rule.baseline !== undefined && rule.change === undefined) issue('baseline', 'a baseline is only used with "change"');
    if (rule.threshold !== undefined && isShare(rule.statistic) && (rule.threshold < 0 || rule.threshold > 1))
      issue('threshold', `${rule.statistic} is a share from 0 to 1`);
  });

/** The `alerts` section of the config file. */
export const alertsFileSchema = z.strictObject({
  /** Where every crossing is POSTed, signed with the secret. */
  webhook: z.strictObject({ url: z.url(), secret: z.string().min(16, 'at least 16 characters: it signs the webhook').optional() }).optional(),
  rules: z.array(ruleFileSchema).default([]),
  /** False: this collector serves the rules' state but leaves evaluating them to the other collectors on the database. Default true. */
  evaluate: z.boolean().default(true),
});

export type RuleFile = z.infer<typeof ruleFileSchema>;
export type AlertsFile = z.infer<typeof alertsFileSchema>;

/** A checked rule with its durations in milliseconds. */
export interface AlertRule {
  id: string;
  app: string;
  metric?: MetricName;
  workflow?: string;
  statistic: Statistic;
  threshold?: number;
  change?: number;
  baselineMs?: number;
  minSamples: number;
  windowMs: number;
  everyMs: number;
  filters: Omit<Filters, 'app' | 'from' | 'to' | 'attrs' | 'country'>;
}

export interface WebhookConfig {
  url: string;
  /** HMAC-SHA256 key of the X-Percept-Signature header. */
  secret: string;
}

export interface AlertsConfig {
  rules: readonly AlertRule[];
  /** Whether this collector runs the schedule (alerts.evaluate). */
  evaluate: boolean;
  webhook?: WebhookConfig;
}

export const isShare = (statistic: Statistic): boolean => statistic !== 'p75' && statistic !== 'p95';
export const lowerIsWorse = (statistic: Statistic): boolean => LOWER_IS_WORSE.has(statistic);

/**
 * The checked alerts section: rule ids unique, apps configured, and a webhook
 * with a secret when there are rules (an unsigned alert could be forged).
 * `secret` from the environment (PERCEPT_ALERT_WEBHOOK_SECRET) wins over the file.
 */
export const toAlertsConfig = (file: AlertsFile | undefined, apps: ReadonlySet<string>, secret?: string): AlertsConfig => {
  if (!file || file.rules.length === 0) return { rules: [], evaluate: file?.evaluate ?? true };
  const ids = new Set<string>();
  const rules = file.rules.map((rule): AlertRule => {
    if (ids.has(rule.id)) throw new Error(`Alert rule "${rule.id}" is configured twice: rule ids must be unique.`);
    ids.add(rule.id);
    if (!apps.has(rule.app)) throw new Error(`Alert rule "${rule.id}" watches app "${rule.app}", which is not configured: add it to "apps" or fix the rule.`);
    const windowMs = durationMs(rule.window);
    const everyMs = durationMs(rule.every);
    return {
      id: rule.id,
      app: rule.app,
      ...(rule.metric ? { metric: rule.metric } : {}),
      ...(rule.workflow ? { workflow: rule.workflow } : {}),
      statistic: rule.statistic,
      ...(rule.threshold !== undefined ? { threshold: rule.threshold } : {}),
      ...(rule.change !== undefined ? { change: rule.change, baselineMs: durationMs(rule.baseline ?? '7d') } : {}),
      minSamples: rule.minSamples,
      windowMs,
      everyMs,
      filters: rule.filters ?? {},
    };
  });
  const url = file.webhook?.url;
  const key = secret ?? file.webhook?.secret;
  if (!url) throw new Error('Alert rules are configured but no webhook: add "alerts.webhook": { "url": …, "secret": … } to the config.');
  if (!key || key.length < 16)
    throw new Error('The alert webhook needs a secret of at least 16 characters (alerts.webhook.secret or PERCEPT_ALERT_WEBHOOK_SECRET): it signs every call.');
  return { rules, evaluate: file.evaluate, webhook: { url, secret: key } };
};
