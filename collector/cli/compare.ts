import type { Comparison } from '../analysis/compare.js';
import { toCsv } from '../api/csv.js';
import type { Format } from './args.js';
import { withProgress } from './progress.js';
import type { ReadSource } from './source.js';
import { count, ms, percent, textTable } from './table.js';

export interface CompareCliOptions {
  app: string;
  release: string;
  against?: string;
  sinceDays: number;
  env?: string;
  format: Format;
  now: number;
}

export interface CompareOutcome {
  text: string;
  /** True when any metric or workflow was found `regressed`: the command exits 1. */
  regressed: boolean;
}

const day = (ms: number) => new Date(ms).toISOString().slice(0, 10);
const signed = (value: number | null, metric?: string): string =>
  value === null ? '–' : `${value > 0 ? '+' : value < 0 ? '−' : ''}${ms(Math.abs(value), metric)}`;
const interval = (ci: [number, number] | null, metric?: string): string => (ci ? `${signed(ci[0], metric)} … ${signed(ci[1], metric)}` : '–');
const pValue = (p: number | null): string => (p === null ? '–' : p < 0.001 ? '<0.001' : p.toFixed(3));

/** `percept compare`: the release comparison of the read API, with its verdicts, and whether anything regressed. */
export const runCompare = async (source: ReadSource, options: CompareCliOptions): Promise<CompareOutcome> => {
  const from = day(options.now - (options.sinceDays - 1) * 86_400_000);
  const to = day(options.now);
  const query = {
    app: options.app,
    from,
    to,
    a: options.release,
    ...(options.against ? { b: options.against } : {}),
    ...(options.env ? { env: options.env } : {}),
  };
  const { data } = await withProgress(`comparing ${options.release} of ${options.app}`, () => source.get<Comparison>('releases/compare', query));
  const regressions = [
    ...data.metrics.filter((m) => m.verdict === 'regressed').map((m) => `${m.metric} on ${m.scope === 'all' ? 'all routes' : m.scope}`),
    ...data.workflows.filter((w) => w.verdict === 'regressed').map((w) => `workflow ${w.workflow}`),
  ];
  const regressed = regressions.length > 0;
  if (options.format === 'json') return { text: `${JSON.stringify({ app: options.app, from, to, ...data }, null, 2)}\n`, regressed };
  if (options.format === 'csv') {
    const rows = [
      ...data.metrics.map((m) => ({
        kind: 'metric',
        name: m.metric,
        scope: m.scope,
        samplesA: m.a.samples,
        samplesB: m.b.samples,
        p75A: m.a.p75,
        p75B: m.b.p75,
        diff: m.diff,
        ciLow: m.ci?.[0] ?? null,
        ciHigh: m.ci?.[1] ?? null,
        p: m.p,
        pAdjusted: m.pAdjusted,
        verdict: m.verdict,
      })),
      ...data.workflows.map((w) => ({
        kind: 'workflow',
        name: w.workflow,
        scope: 'all',
        samplesA: w.a.samples,
        samplesB: w.b.samples,
        p75A: w.a.perceivedP75,
        p75B: w.b.perceivedP75,
        diff: w.diff,
        ciLow: w.ci?.[0] ?? null,
        ciHigh: w.ci?.[1] ?? null,
        p: w.p,
        pAdjusted: w.pAdjusted,
        verdict: w.verdict,
      })),
    ];
    return { text: toCsv(rows), regressed };
  }
  const lines = [
    `percept compare: ${options.app} ${data.a} against ${data.b}, ${from} to ${to} (UTC)${options.env ? `, env ${options.env}` : ''}`,
    `Tests at α = ${data.alpha} after ${data.correction} correction; at least ${data.minSamples} samples a side.`,
    '',
    textTable(
      [
        { title: 'metric', value: (m) => m.metric },
        { title: 'scope', value: (m) => (m.scope === 'all' ? 'all routes' : m.scope) },
        { title: `p75 ${data.b}`, value: (m) => ms(m.b.p75, m.metric), align: 'right' },
        { title: `p75 ${data.a}`, value: (m) => ms(m.a.p75, m.metric), align: 'right' },
        { title: 'diff (95% CI)', value: (m) => `${signed(m.diff, m.metric)} (${interval(m.ci, m.metric)})`, align: 'right' },
        { title: 'p adj', value: (m) => pValue(m.pAdjusted), align: 'right' },
        { title: 'verdict', value: (m) => m.verdict },
      ],
      data.metrics,
    ),
  ];
  if (data.workflows.length > 0) {
    lines.push(
      '',
      textTable(
        [
          { title: 'workflow', value: (w) => w.workflow },
          { title: 'runs', value: (w) => `${count(w.b.runs)}/${count(w.a.runs)}`, align: 'right' },
          { title: 'perceived p75', value: (w) => `${ms(w.b.perceivedP75)} → ${ms(w.a.perceivedP75)}`, align: 'right' },
          { title: 'completion', value: (w) => `${percent(w.b.completion)} → ${percent(w.a.completion)}`, align: 'right' },
          { title: 'verdict', value: (w) => w.verdict },
        ],
        data.workflows,
      ),
    );
  }
  lines.push('', regressed ? `Regressed: ${regressions.join(', ')}.` : 'No significant regression.');
  return { text: `${lines.join('\n')}\n`, regressed };
};
