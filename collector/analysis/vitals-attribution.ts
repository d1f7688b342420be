import type { Database } from '../db/types.js';
import type { Filters } from './filters.js';
import { sealedDays } from './summary-plan.js';
import { instancesNote, latestReports, percentilesSql, VITALS_METHOD } from './vitals-truth.js';

export type AttributedMetric = 'LCP' | 'INP' | 'CLS';
type Kind = 'element' | 'resource' | 'target' | 'event_type' | 'source';

/** Which attribution column answers which question, per metric. Columns are fixed here, never from input. */
const KINDS: Readonly<Record<AttributedMetric, readonly (readonly [Kind, string])[]>> = {
  LCP: [
    ['element', 'selector'],
    ['resource', 'resource_url'],
  ],
  INP: [
    ['target', 'selector'],
    ['event_type', 'event_type'],
  ],
  CLS: [['source', 'selector']],
};

/** The sub-parts of LCP and INP, where the time goes. */
const PARTS: Readonly<Record<AttributedMetric, readonly string[]>> = {
  LCP: ['lcp_ttfb', 'lcp_load_delay', 'lcp_load_duration', 'lcp_render_delay'],
  INP: ['inp_input_delay', 'inp_processing', 'inp_presentation'],
  CLS: [],
};

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

/** For one metric (and route, if filtered): the elements, resources, targets or sources most often involved, and the sub-part medians. */
export const vitalsAttribution = async (
  db: Database,
  filters: Filters,
  metric: AttributedMetric,
): Promise<{ data: VitalsAttribution; rows: number; method: string }> => {
  const kinds = KINDS[metric];
  const parts = PARTS[metric];
  const columns = [...new Set([...kinds.map(([, column]) => column), ...parts])];
  const sealed = await sealedDays(db, filters, 'vitals');
  const latest = latestReports(filters, { metrics: [metric], columns, sealed });
  const digits = metric === 'CLS' ? 4 : 1;
  const top: AttributionEntry[] = [];
  for (const [kind, column] of kinds) {
    const rows = await db.query<{ key: string; samples: string; q: number[] }>(
      `SELECT ${column} AS key, count() AS samples, ${percentilesSql([0.75])} AS q
      FROM (${latest.sql}) WHERE ${column} != '' GROUP BY key ORDER BY count() DESC, key LIMIT ${TOP_N}`,
      latest.params,
    );
    for (const row of rows) top.push({ kind, key: row.key, samples: Number(row.samples), p75: Number(row.q[0]!.toFixed(digits)) });
  }
  const medians: Record<string, number | null> = {};
  if (parts.length > 0) {
    const [row] = await db.query<Record<string, number[] | string>>(
      `SELECT ${parts.map((part) => `${percentilesSql([0.5], part)} AS median_${part}, count(${part}) AS n_${part}`).join(', ')} FROM (${latest.sql})`,
      latest.params,
    );
    for (const part of parts) {
      const value = (row?.[`median_${part}`] as number[] | undefined)?.[0];
      medians[part] = Number(row?.[`n_${part}`] ?? 0) > 0 && typeof value === 'number' ? Number(value.toFixed(1)) : null;
    }
  }
  return {
    data: { metric, route: filters.route ?? null, top, parts: medians },
    rows: top.length,
    method: `${VITALS_METHOD}${instancesNote(sealed)}; top ${TOP_N} per kind by instances; parts are weighted medians of the instances that carry them`,
  };
};
