/** The read API's answers as the dashboard uses them (the contract in docs/api.md). */
import type { Rating } from '../schema/thresholds.js';

export interface Percentiles {
  samples: number;
  count: number;
  p50: number;
  p75: number;
  p90: number;
  p95: number;
  p99: number;
  good: number;
  needsImprovement: number;
  poor: number;
  rating: Rating;
}

export interface VitalsSummary {
  metrics: (Percentiles & { metric: string })[];
  cwvPass: { pageViews: number; passShare: number };
}

export interface Breakdown {
  by: string;
  metric: string;
  minSamples: number;
  groups: (Percentiles & { key: string; enoughData: boolean })[];
}

export interface Series {
  grain: 'day' | 'hour';
  points: { t: string; samples: number; p75: number; good: number; needsImprovement: number; poor: number }[];
}

export interface Attribution {
  metric: string;
  route: string;
  top: { kind: string; key: string; samples: number; p75: number }[];
  parts: Record<string, number>;
}

export interface Spread {
  p50: number | null;
  p75: number | null;
  p95: number | null;
}

export interface WorkflowSummary {
  workflow: string;
  runs: number;
  completion: number | null;
  error: number | null;
  abandonment: number | null;
  timeout: number | null;
  duration: Spread;
  perceived: Spread;
}

export interface WorkflowDetail extends WorkflowSummary {
  steps: { step: string; index: number; reached: number; p50: number | null; p75: number | null; p95: number | null }[];
  errors: { text: string; count: number }[];
  series: { t: string; runs: number; completion: number | null; perceivedP75: number | null }[];
  breakdown?: { by: string; groups: (WorkflowSummary & { key: string })[] };
}

export interface Release {
  release: string;
  firstSeen: string;
  lastSeen: string;
  pageViews: number;
}

export type Verdict = 'regressed' | 'improved' | 'no change' | 'not enough data';

export interface Compare {
  a: string;
  b: string;
  alpha: number;
  correction: string;
  minSamples: number;
  metrics: {
    metric: string;
    scope: string;
    a: { samples: number; p75: number | null };
    b: { samples: number; p75: number | null };
    diff: number | null;
    ci: [number, number] | null;
    p: number | null;
    pAdjusted: number | null;
    verdict: Verdict;
  }[];
  workflows: {
    workflow: string;
    a: { runs: number; perceivedP75: number | null; completion: number | null };
    b: { runs: number; perceivedP75: number | null; completion: number | null };
    diff: number | null;
    ci: [number, number] | null;
    completionDiff: number | null;
    p: number | null;
    pAdjusted: number | null;
    verdict: Verdict;
  }[];
}

export interface Usage {
  pageViews: number;
  sessions: number;
  pagesPerSession: number | null;
  workflowsPerSession: number | null;
  topRoutes: { route: string; pageViews: number }[];
  entryRoutes: { route: string; sessions: number }[];
  exitRoutes: { route: string; sessions: number }[];
  transitions: { from: string; to: string; count: number }[];
  mix: Record<'device_class' | 'browser' | 'connection', { key: string; share: number }[]>;
  heatmap: { dow: number; hour: number; pageViews: number }[];
}

export interface Ingest {
  grain: string;
  points: { t: string; accepted: number; rejected: number; dropped: number; reasons: Record<string, number> }[];
}

export interface Alerts {
  rules: {
    id: string;
    app: string;
    /** What the rule watches, in words ("INP p75 ≥ 200 ms"). */
    subject: string;
    statistic: string;
    window: string;
    every: string;
    state: 'ok' | 'alerting';
    since: string | null;
    evaluatedAt: string | null;
    value: number | null;
    /** The last value, formatted by the collector. */
    display: string | null;
    samples: number;
    enoughData: boolean | null;
  }[];
  history: { rule: string; from: string; to: string; at: string; value: number | null; display: string | null; delivered: boolean | null }[];
}
