import type { MetricName } from '../../schema/events.js';
import type { Database } from '../db/types.js';
import type { Filters } from './filters.js';
import { sealedDays, summaryNote, summaryPlan, type SummaryPlan } from './summary-plan.js';
import { byColumn, SKETCH_METHOD, sketchDistributionSql, sketchRows, sketchScale } from './vitals-sketch.js';
import { DISTRIBUTION_SQL, instancesNote, latestReports, toDistribution, VITALS_METHOD, type Distribution, type DistributionRow } from './vitals-truth.js';

/** What vitals can be broken down by: query-string name → column (the only column names that reach the SQL). */
export const BREAKDOWN_COLUMNS = {
  route: 'route',
  device_class: 'device_class',
  browser: 'browser',
  os: 'os',
  release: 'release',
  connection: 'connection',
  env: 'env',
  country: 'country',
} as const;
export type BreakdownBy = keyof typeof BREAKDOWN_COLUMNS;

/** Groups with fewer samples than this are listed last and not ranked, unless the caller asks otherwise. */
export const DEFAULT_MIN_SAMPLES = 30;

export interface BreakdownGroup extends Distribution {
  key: string;
  enoughData: boolean;
}

export interface VitalsBreakdown {
  by: BreakdownBy;
  metric: MetricName;
  minSamples: number;
  groups: BreakdownGroup[];
}

/**
 * One metric's distribution per group, worst p75 first. Groups under
 * `minSamples` come last (by samples), marked `enoughData: false`: a route
 * with 3 samples is shown, not ranked.
 */
export const vitalsBreakdown = async (
  db: Database,
  filters: Filters,
  options: { by: BreakdownBy; metric: MetricName; minSamples: number },
): Promise<{ data: VitalsBreakdown; rows: number; method: string }> => {
  const column = BREAKDOWN_COLUMNS[options.by];
  const plan = await summaryPlan(db, filters, 'vitals', column);
  const fromSummaries = plan !== null && plan.sealed.length + plan.incremental.length > 0;
  let rows: (DistributionRow & { key: string })[];
  let sealed: Pick<SummaryPlan, 'sealed' | 'open'> | null = null;
  if (fromSummaries) {
    const source = sketchRows(filters, plan, { metrics: [options.metric], key: byColumn(column) });
    rows = await db.query(sketchDistributionSql(source.sql, 'key', 'key', sketchScale(options.metric)), source.params);
  } else {
    sealed = plan ?? (await sealedDays(db, filters, 'vitals'));
    const latest = latestReports(filters, { metrics: [options.metric], columns: [column], sealed });
    rows = await db.query(`SELECT ${column} AS key, ${DISTRIBUTION_SQL} FROM (${latest.sql}) GROUP BY key`, latest.params);
  }
  const groups = rows.map((row) => {
    const distribution = toDistribution(options.metric, row);
    return { key: row.key, ...distribution, enoughData: distribution.samples >= options.minSamples };
  });
  groups.sort((a, b) =>
    a.enoughData !== b.enoughData
      ? a.enoughData
        ? -1
        : 1
      : a.enoughData
        ? b.p75! - a.p75! || a.key.localeCompare(b.key)
        : b.samples - a.samples || a.key.localeCompare(b.key),
  );
  return {
    data: { by: options.by, metric: options.metric, minSamples: options.minSamples, groups },
    rows: groups.length,
    method: `${fromSummaries ? `${SKETCH_METHOD} ${summaryNote(plan)}` : `${VITALS_METHOD}${sealed ? instancesNote(sealed) : ''}`}; groups ranked by p75, worst first; groups under ${options.minSamples} samples last, unranked`,
  };
};
