import type { Database } from '../db/types.js';
import { entryRowsSql, ENTRY_COLUMNS, KINDS, PART_KIND, PARTS, type AttributedMetric, type Kind } from './attribution-entries.js';
import type { Filters } from './filters.js';
import { planParams, planWhere, sealedDays, summaryPlan, type SummaryPlan } from './summary-plan.js';
import { SKETCH_METHOD, SKETCH_STATE_SQL, sketchQuantilesSql, sketchScale } from './vitals-sketch.js';
import { instancesNote, latestReports, percentilesSql, VITALS_METHOD } from './vitals-truth.js';

export type { AttributedMetric } from './attribution-entries.js';

/** Entries listed per kind, most samples first. */
export const TOP_N = 10;

export interface AttributionEntry {
  kind: Kind;
  key: string;
  samples: number;
  p75: number;
}

export interface VitalsAttribution {
  metric: AttributedMetric;
  route: string | null;
  top: AttributionEntry[];
  /** Weighted medians of each sub-part, ms; null where no report carried it. Empty for CLS. */
  parts: Record<string, number | null>;
}

/** The summary dimensions attribution_days holds (summaries/attribution-day.ts): the whole app and route. */
const SUMMARISED_DIMS = new Set(['', 'route']);

/** Per kind (parts under PART_KIND): its top keys, with the instances naming each and [median, p75] of their values. */
interface EntryRow {
  kind: string;
  key: string;
  samples: string | number;
  q: number[];
}

/** Keeps the TOP_N keys of each kind with the most instances (ties: by key) from rows of (kind, key, samples, q). */
const TOP_SQL = `ORDER BY kind, samples DESC, key LIMIT ${TOP_N} BY kind`;

/**
 * For one metric (and route, if filtered): the elements, resources, targets
 * or sources most often involved, and the sub-part medians. Answered from
 * the attribution day summaries when at least one day of the range is
 * summarised and the filters are at most a route; exactly, from the metric
 * instances, otherwise (any other filter: the summaries do not carry it).
 */
export const vitalsAttribution = async (
  db: Database,
  filters: Filters,
  metric: AttributedMetric,
): Promise<{ data: VitalsAttribution; rows: number; method: string }> => {
  const plan = await summaryPlan(db, filters, 'vitals');
  const fromSummaries = plan !== null && SUMMARISED_DIMS.has(plan.dim) && plan.sealed.length > 0;
  const sealed = fromSummaries ? plan : (plan ?? (await sealedDays(db, filters, 'vitals')));
  const rows = fromSummaries ? await sketched(db, filters, plan, metric) : await exact(db, filters, sealed, metric);
  const digits = metric === 'CLS' ? 4 : 1;
  const top = KINDS[metric].flatMap(([kind]) =>
    rows.filter((row) => row.kind === kind).map((row) => ({ kind, key: row.key, samples: Number(row.samples), p75: Number(row.q[1]!.toFixed(digits)) })),
  );
  const parts = Object.fromEntries(
    PARTS[metric].map((part) => {
      const row = rows.find((r) => r.kind === PART_KIND && r.key === part);
      return [part, row ? Number(row.q[0]!.toFixed(1)) : null];
    }),
  );
  const how = fromSummaries
    ? `attribution ${SKETCH_METHOD} (${plan.sealed.length} of ${plan.sealed.length + plan.open.length} days from summaries); instance counts exact`
    : `${VITALS_METHOD}${instancesNote(sealed)}`;
  return {
    data: { metric, route: filters.route ?? null, top, parts },
    rows: top.length,
    method: `${how}; top ${TOP_N} per kind by instances; parts are weighted medians of the instances that carry them`,
  };
};

/** Exact, from the metric instances of every day (deduplicated instances for sealed days, raw rows for the others). */
const exact = async (db: Database, filters: Filters, sealed: Pick<SummaryPlan, 'sealed' | 'open'>, metric: AttributedMetric): Promise<EntryRow[]> => {
  const latest = latestReports(filters, { metrics: [metric], columns: ENTRY_COLUMNS, sealed });
  return db.query<EntryRow>(
    `SELECT kind, key, count() AS samples, ${percentilesSql([0.5, 0.75])} AS q
    FROM (${entryRowsSql(latest.sql)}) GROUP BY kind, key ${TOP_SQL}`,
    latest.params,
  );
};

/** From attribution_days for sealed days, merged with the same sketch of the raw truth of the open days. */
const sketched = async (db: Database, filters: Filters, plan: SummaryPlan, metric: AttributedMetric): Promise<EntryRow[]> => {
  const parts = [`SELECT kind, key, samples AS s_samples, hist AS s_hist FROM attribution_days WHERE ${planWhere(plan)} AND metric = {a_metric:String}`];
  let params: Record<string, unknown> = { ...planParams(filters, plan), a_metric: metric };
  if (plan.open.length > 0) {
    const raw = latestReports(filters, { metrics: [metric], columns: ENTRY_COLUMNS, days: plan.open });
    parts.push(`SELECT kind, key, count() AS s_samples, ${SKETCH_STATE_SQL} AS s_hist FROM (${entryRowsSql(raw.sql)}) GROUP BY kind, key`);
    params = { ...params, ...raw.params };
  }
  return db.query<EntryRow>(
    `SELECT kind, key, samples, ${sketchQuantilesSql('hist', '[0.5, 0.75]', sketchScale(metric))} AS q
    FROM (SELECT kind, key, sum(s_samples) AS samples, sumMap(s_hist) AS hist FROM (${parts.join('\nUNION ALL\n')}) GROUP BY kind, key)
    ${TOP_SQL}`,
    params,
  );
};
