/**
 * What vitals/attribution counts of a metric instance, as SQL: one entry
 * (kind, key, value) per attribution it carries. The exact answer, the day
 * builder and the open days of a summarised answer all expand instances
 * with this one expression, so the three cannot disagree on what counts.
 */
export type AttributedMetric = 'LCP' | 'INP' | 'CLS';
export type Kind = 'element' | 'resource' | 'target' | 'event_type' | 'source';

export const ATTRIBUTED_METRICS: readonly AttributedMetric[] = ['LCP', 'INP', 'CLS'];

/** Which attribution column answers which question, per metric. Columns are fixed here, never from input. */
export const KINDS: Readonly<Record<AttributedMetric, readonly (readonly [Kind, string])[]>> = {
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
export const PARTS: Readonly<Record<AttributedMetric, readonly string[]>> = {
  LCP: ['lcp_ttfb', 'lcp_load_delay', 'lcp_load_duration', 'lcp_render_delay'],
  INP: ['inp_input_delay', 'inp_processing', 'inp_presentation'],
  CLS: [],
};

/** The kind of the entries that carry a sub-part (key: the part's column), beside the attribution kinds. */
export const PART_KIND = 'part';

/** The columns of an instance the entries read besides `metric` and `value`. */
export const ENTRY_COLUMNS: readonly string[] = [
  ...new Set(ATTRIBUTED_METRICS.flatMap((metric) => [...KINDS[metric].map(([, column]) => column), ...PARTS[metric]])),
];

const entriesOf = (metric: AttributedMetric): string =>
  `[${[
    ...KINDS[metric].map(([kind, column]) => `tuple('${kind}', ${column}, toNullable(toFloat64(value)))`),
    ...PARTS[metric].map((part) => `tuple('${PART_KIND}', '${part}', toFloat64(${part}))`),
  ].join(', ')}]`;

/**
 * SQL of an instance's entries, Array(Tuple(kind, key, value)) over a row
 * with `metric`, `value` and {@link ENTRY_COLUMNS}: one per kind whose key is
 * not empty (value: the metric's), one per sub-part the instance carries
 * (value: the part's, ms). Instances of other metrics have none.
 */
export const ENTRIES_SQL = `arrayFilter(e -> e.2 != '' AND isNotNull(e.3), multiIf(${ATTRIBUTED_METRICS.map(
  (metric) => `metric = '${metric}', ${entriesOf(metric)}`,
).join(', ')}, []))`;

/**
 * Rows (metric, kind, key, value, weight, and the `keep` columns) of the
 * entries of `instances` (an SQL subquery of instances). The entry's value is
 * renamed in a second step: an alias `value` would be read back inside the
 * entries expression.
 */
export const entryRowsSql = (instances: string, keep: readonly string[] = []): string => {
  const kept = keep.map((column) => `, ${column}`).join('');
  return `SELECT metric, kind, key, entry_value AS value, weight${kept} FROM (
    SELECT metric, e.1 AS kind, e.2 AS key, assumeNotNull(e.3) AS entry_value, weight${kept} FROM (${instances}) ARRAY JOIN ${ENTRIES_SQL} AS e
  )`;
};
