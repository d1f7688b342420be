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
  p50: number;
  p75: number;
  p95: number;
}

export interface WorkflowSummary {
  workflow: string;
  runs: number;
  completion: number;
  error: number;
  abandonment: number;
  timeout: number;
  duration: Spread;
  perceived: Spread;
}

export interface WorkflowDetail extends WorkflowSummary {
  steps: { step: string; index: number; reached: number; p50: number; p75: number; p95: number }[];
  errors: { text: string; count: number }[];
  series: { t: string; runs: number; completion: number; perceivedP75: number }[];
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
    a: { samples: number; p75: number };
    b: { samples: number; p75: number };
    diff: number;
    ci: [number, number];
    p: number | null;
    pAdjusted: number | null;
    verdict: Verdict;
  }[];
  workflows: {
    workflow: string;
    a: { runs: number; perceivedP75: number; completion: number };
    b: { runs: number; perceivedP75: number; completion: number };
    diff: number;
    ci: [number, number];
    completionDiff: number;
    p: number | null;
    pAdjusted: number | null;
    verdict: Verdict;
  }[];
}

export interface Usage {
  pageViews: number;
  sessions: number;
  pagesPerSession: number;
  workflowsPerSession: number;
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
  rules: ({ id: string; app: string; state: 'ok' | 'alerting'; since: string | null } & Record<string, unknown>)[];
  history: { rule: string; from: string; to: string; at: string; value: number }[];
}
