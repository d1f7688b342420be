import { z } from 'zod';
import type { MetricName } from '../../../schema/events.js';
import { defineRoute, type ApiResult } from '../../api/route.js';
import { formatValue, subject } from '../../alerts/describe.js';
import type { AlertRule, Statistic } from '../../alerts/rules.js';
import { AlertStore, type AlertState } from '../../alerts/store.js';

const DAY_MS = 86_400_000;
const iso = (ms: number | null | undefined): string | null => (ms === null || ms === undefined ? null : new Date(ms).toISOString());
const span = (ms: number): string => (ms % DAY_MS === 0 ? `${ms / DAY_MS}d` : ms % 3_600_000 === 0 ? `${ms / 3_600_000}h` : `${ms / 60_000}m`);

/** The answer of GET /api/v1/alerts (docs/api.md); the dashboard reads it by this type. */
export interface AlertsAnswer {
  rules: {
    id: string;
    app: string;
    /** What the rule watches, in words ("INP p75"). */
    subject: string;
    metric: MetricName | null;
    workflow: string | null;
    statistic: Statistic;
    threshold: number | null;
    change: number | null;
    baseline: string | null;
    minSamples: number;
    window: string;
    every: string;
    filters: AlertRule['filters'];
    state: AlertState;
    since: string | null;
    evaluatedAt: string | null;
    value: number | null;
    /** The last value, formatted in the rule's unit. */
    display: string | null;
    samples: number;
    enoughData: boolean | null;
  }[];
  history: {
    rule: string;
    from: AlertState;
    to: AlertState;
    at: string | null;
    value: number | null;
    display: string | null;
    threshold: number;
    baseline: number | null;
    samples: number;
    window: { from: string | null; to: string | null };
    /** Null while the webhook is still being tried. */
    delivered: boolean | null;
  }[];
}

/** GET /api/v1/alerts: the app's rules with their current state, and the crossings in the date range. */
export const alertsRoute = defineRoute({
  path: 'alerts',
  summary: 'Alert rules of an app, their current state, and the history of their crossings',
  description:
    'Rules come from the collector config; state and history from ClickHouse, shared by every collector on the database. ' +
    'A rule that has not been evaluated yet is ok with since: null. History lists crossings (ok → alerting, alerting → ok) ' +
    'within from–to, newest first, with whether the webhook was delivered (null while it is still being tried). Not cached.',
  filters: [],
  params: z.object({
    limit: z.coerce.number().int().min(1).max(1000).default(200).describe('Most history entries returned, newest first. Default 200.'),
  }),
  reads: ['alert_state', 'alert_history'],
  cacheable: false,
  example: {},
  run: async ({ db, filters, params, config }): Promise<ApiResult<AlertsAnswer>> => {
    const store = new AlertStore(db);
    const rules = config.alerts.rules.filter((rule) => rule.app === filters.app);
    const states = await store.states([filters.app]);
    const from = Date.parse(`${filters.from}T00:00:00Z`);
    const to = Date.parse(`${filters.to}T00:00:00Z`) + DAY_MS;
    const history = await store.history([filters.app], from, to, params.limit);
    const byId = new Map(config.alerts.rules.map((rule) => [rule.id, rule]));
    return {
      data: {
        rules: rules.map((rule) => {
          const state = states.get(rule.id);
          return {
            id: rule.id,
            app: rule.app,
            subject: subject(rule),
            metric: rule.metric ?? null,
            workflow: rule.workflow ?? null,
            statistic: rule.statistic,
            threshold: rule.threshold ?? null,
            change: rule.change ?? null,
            baseline: rule.baselineMs === undefined ? null : span(rule.baselineMs),
            minSamples: rule.minSamples,
            window: span(rule.windowMs),
            every: span(rule.everyMs),
            filters: rule.filters,
            state: state?.state ?? 'ok',
            since: iso(state?.since),
            evaluatedAt: iso(state?.evaluatedAt),
            value: state?.value ?? null,
            display: state ? formatValue(rule, state.value) : null,
            samples: state?.samples ?? 0,
            enoughData: state?.enoughData ?? null,
          };
        }),
        history: history.map((entry) => {
          const rule = byId.get(entry.ruleId);
          return {
            rule: entry.ruleId,
            from: entry.from,
            to: entry.to,
            at: iso(entry.at),
            value: entry.value,
            display: rule ? formatValue(rule, entry.value) : null,
            threshold: entry.threshold,
            baseline: entry.baseline,
            samples: entry.samples,
            window: { from: iso(entry.windowStart), to: iso(entry.windowEnd) },
            delivered: entry.delivered,
          };
        }),
      },
      rows: rules.length + history.length,
      method: 'rules from the config; the latest stored evaluation per rule; crossings from alert_history with their webhook outcome',
    };
  },
  table: (data) => data.history.map(({ window, ...entry }) => ({ ...entry, windowFrom: window.from, windowTo: window.to })),
});
