import { describe, expect, it } from 'vitest';
import { decide } from '../../collector/alerts/decide.js';
import { alertsFileSchema, durationMs, toAlertsConfig, type AlertRule } from '../../collector/alerts/rules.js';
import { loadConfig } from '../../collector/config/load.js';

const WEBHOOK = { url: 'https://hooks.example/percept', secret: 'alert-webhook-secret-0001' };
const APPS = [{ id: 'shop', keys: ['shop-key-0001'], origins: ['https://shop.example'] }];

/** Loads a config with `alerts`; the error message when it is refused. */
const load = async (alerts: unknown): Promise<string> => {
  try {
    await loadConfig({ file: { apps: APPS, alerts }, env: { PERCEPT_USER_KEY: 'v1:unit-test-key-0123456789' }, warn: () => undefined });
    return 'accepted';
  } catch (error) {
    return (error as Error).message;
  }
};

describe('alert rules in the config', () => {
  it('accepts a rule and fills in the defaults', () => {
    const config = toAlertsConfig(
      alertsFileSchema.parse({ webhook: WEBHOOK, rules: [{ id: 'lcp', app: 'shop', metric: 'LCP', statistic: 'p75', change: 0.2 }] }),
      new Set(['shop']),
    );
    expect(config.rules[0]).toEqual({
      id: 'lcp',
      app: 'shop',
      metric: 'LCP',
      statistic: 'p75',
      change: 0.2,
      baselineMs: durationMs('7d'),
      minSamples: 100,
      windowMs: 3_600_000,
      everyMs: 300_000,
      filters: {},
    });
    expect(config.evaluate).toBe(true);
  });

  it.each([
    [{ id: 'a', app: 'shop', statistic: 'p75', threshold: 2500 }, 'rules[0].metric: statistic p75 needs a metric'],
    [{ id: 'a', app: 'shop', statistic: 'errorRate', threshold: 0.1 }, 'rules[0].workflow: statistic errorRate needs a workflow name'],
    [{ id: 'a', app: 'shop', metric: 'LCP', statistic: 'cwvPassShare', threshold: 0.7 }, 'rules[0].metric: statistic cwvPassShare is not about one metric'],
    [{ id: 'a', app: 'shop', metric: 'LCP', statistic: 'p75' }, 'rules[0].threshold: give exactly one of "threshold"'],
    [{ id: 'a', app: 'shop', metric: 'LCP', statistic: 'p75', threshold: 1, change: 0.1 }, 'rules[0].threshold: give exactly one of "threshold"'],
    [{ id: 'a', app: 'shop', metric: 'LCP', statistic: 'poorShare', threshold: 10 }, 'rules[0].threshold: poorShare is a share from 0 to 1'],
    [{ id: 'a', app: 'shop', metric: 'LCP', statistic: 'p75', threshold: 1, window: '1 hour' }, 'rules[0].window: a whole number followed by m, h or d'],
    [{ id: 'a', app: 'shop', metric: 'LCP', statistic: 'p75', threshold: 1, baseline: '7d' }, 'rules[0].baseline: a baseline is only used with "change"'],
  ])('refuses %j, naming the field', async (rule, message) => {
    expect(await load({ webhook: WEBHOOK, rules: [rule] })).toContain(`alerts.${message}`);
  });

  it('refuses rules for unknown apps, twice-used ids, and rules without a signed webhook', async () => {
    const rule = { id: 'a', app: 'shop', metric: 'LCP', statistic: 'p75', threshold: 2500 };
    expect(await load({ webhook: WEBHOOK, rules: [{ ...rule, app: 'blog' }] })).toContain('watches app "blog", which is not configured');
    expect(await load({ webhook: WEBHOOK, rules: [rule, rule] })).toContain('Alert rule "a" is configured twice');
    expect(await load({ rules: [rule] })).toContain('no webhook');
    expect(await load({ webhook: { url: WEBHOOK.url }, rules: [rule] })).toContain('needs a secret of at least 16 characters');
    expect(await load({ webhook: WEBHOOK, rules: [rule] })).toBe('accepted');
  });
});

describe('decide', () => {
  const rule = (fields: Partial<AlertRule>): AlertRule => ({
    id: 'r',
    app: 'shop',
    metric: 'LCP',
    statistic: 'p75',
    minSamples: 10,
    windowMs: 3_600_000,
    everyMs: 300_000,
    filters: {},
    ...fields,
  });

  it("holds an absolute threshold in the statistic's bad direction", () => {
    expect(decide(rule({ threshold: 2500 }), { value: 2600, samples: 10 }, null, 'ok')).toEqual({ state: 'alerting', enoughData: true, threshold: 2500 });
    expect(decide(rule({ threshold: 2500 }), { value: 2500, samples: 10 }, null, 'alerting').state).toBe('ok');
    const completion = rule({ metric: undefined, workflow: 'checkout', statistic: 'completionRate', threshold: 0.9 });
    expect(decide(completion, { value: 0.85, samples: 50 }, null, 'ok').state).toBe('alerting');
    expect(decide(completion, { value: 0.95, samples: 50 }, null, 'alerting').state).toBe('ok');
  });

  it('compares a relative rule with its baseline', () => {
    const relative = rule({ change: 0.2, baselineMs: 7 * 86_400_000 });
    expect(decide(relative, { value: 2500, samples: 10 }, { value: 2000, samples: 100 }, 'ok')).toEqual({
      state: 'alerting',
      enoughData: true,
      threshold: 2400,
    });
    expect(decide(relative, { value: 2300, samples: 10 }, { value: 2000, samples: 100 }, 'ok').state).toBe('ok');
    const pass = rule({ metric: undefined, statistic: 'cwvPassShare', change: 0.1, baselineMs: 86_400_000 });
    expect(decide(pass, { value: 0.7, samples: 10 }, { value: 0.8, samples: 10 }, 'ok').state).toBe('alerting');
  });

  it('keeps the previous state when the window or the baseline has too few samples', () => {
    expect(decide(rule({ threshold: 2500 }), { value: 9000, samples: 9 }, null, 'ok')).toEqual({ state: 'ok', enoughData: false, threshold: 2500 });
    expect(decide(rule({ threshold: 2500 }), { value: null, samples: 0 }, null, 'alerting').state).toBe('alerting');
    const relative = rule({ change: 0.2, baselineMs: 86_400_000 });
    expect(decide(relative, { value: 9000, samples: 100 }, { value: 2000, samples: 3 }, 'ok').enoughData).toBe(false);
  });
});
