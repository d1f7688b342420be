/**
 * The read API's answers (docs/api.md) as the collector declares them: each
 * `data` is what the collector's query module returns, so a changed answer
 * fails `tsc` here instead of drifting. Type-only imports: they are erased at
 * build and no collector code reaches the bundle (eslint.config.mjs refuses
 * value imports of the collector in dashboard/).
 */
import type { vitalsSeries } from '../collector/analysis/vitals-series.js';
import type { ingestHistory } from '../collector/analysis/ingest-history.js';
import type { workflowsSummary } from '../collector/analysis/workflows.js';

/** The `data` of the answer an analysis function gives. */
type DataOf<F extends (...args: never[]) => Promise<{ data: unknown }>> = Awaited<ReturnType<F>>['data'];

export type { VitalsSummary } from '../collector/analysis/vitals-summary.js';
export type { VitalsBreakdown as Breakdown } from '../collector/analysis/vitals-breakdown.js';
export type { VitalsAttribution as Attribution } from '../collector/analysis/vitals-attribution.js';
export type { WorkflowFigures as WorkflowSummary, WorkflowDetail } from '../collector/analysis/workflows.js';
export type { ReleaseSeen as Release } from '../collector/analysis/releases.js';
export type { Comparison as Compare } from '../collector/analysis/compare.js';
export type { Verdict } from '../collector/analysis/statistics/verdict.js';
export type { Usage } from '../collector/analysis/usage.js';
export type { AlertsAnswer as Alerts } from '../collector/routes/api/alerts.js';

export type Series = DataOf<typeof vitalsSeries>;
export type Ingest = DataOf<typeof ingestHistory>;
export type WorkflowsSummary = DataOf<typeof workflowsSummary>;
