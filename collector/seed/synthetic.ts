import type { Database } from '../db/types.js';

/**
 * Realistic synthetic traffic generated inside ClickHouse: INSERT … SELECT
 * FROM numbers(…) into the raw tables, so the materialized views fill the
 * rollups as they do in production, and nothing crosses the process boundary.
 * Used by bench/query and by `percept seed` for the demo.
 *
 * Shape: sessions of four page views 40 s apart, spread over `days` days
 * ending `end` with a daytime peak; ~200 routes with Zipf-like popularity
 * (route k has weight ∝ 1/k); 4 device classes; 10 releases rolled out one
 * after the other; LCP, FCP, TTFB, CLS on every page view and INP on half;
 * 20 workflows of 3–5 steps started in one session of ten. Mobile is slower
 * than desktop, and the newest release makes one route 1.6× slower (a
 * regression to find). Values are log-normal, the shape field data has.
 */
export interface SyntheticOptions {
  app: string;
  /** Approximate total raw rows over all four tables. */
  rows: number;
  /** Days of traffic, ending on `end` (YYYY-MM-DD, inclusive). */
  days: number;
  end: string;
  /** Called before each table is filled, for progress output. */
  progress?: (table: string, rows: number) => void;
}

export const ROUTES = 200;
export const RELEASES = 10;
export const WORKFLOWS = [
  'login',
  'signup',
  'checkout',
  'search',
  'add-to-cart',
  'sepa-mandate',
  'change-address',
  'upload-document',
  'book-appointment',
  'pay-invoice',
  'reset-password',
  'export-report',
  'invite-member',
  'edit-profile',
  'contact-support',
  'renew-plan',
  'cancel-order',
  'track-order',
  'apply-coupon',
  'verify-email',
] as const;
/** The route the newest release makes slower. */
export const REGRESSED_ROUTE = '/r3';
const PAGES_PER_SESSION = 4;
/** Raw rows per page view: the page view, ~4.5 vitals, 0.1 runs × ~5 rows of runs and steps. */
const ROWS_PER_PAGE = 6;

/** u in [0, 1) from a hash of the expression and a salt: deterministic per row. */
const unit = (expr: string, salt: number) => `(cityHash64(${expr}, ${salt}) % 1000000) / 1000000`;
/** A standard normal from two hashed uniforms (Box–Muller). */
const normal = (expr: string, salt: number) => `(sqrt(-2 * log(1 - ${unit(expr, salt)})) * cos(2 * pi() * ${unit(expr, salt + 1)}))`;

/**
 * Columns of the envelope of page `p` (session `intDiv(p, 4)`), as SQL over
 * the parameter {start:DateTime64} and {days:UInt32}. Everything derives from
 * hashes of p and s, so the page view, its vitals and its session's runs agree.
 */
const envelope = (p: string) => {
  const s = `intDiv(${p}, ${PAGES_PER_SESSION})`;
  // A daytime peak: 70 % of sessions between 08:00 and 20:00 UTC.
  const hour = `if(${unit(s, 3)} < 0.7, 8 + floor(${unit(s, 4)} * 12), floor(${unit(s, 4)} * 24))`;
  const day = `floor(${unit(s, 2)} * {days:UInt32})`;
  const time = `{start:DateTime64(3, 'UTC')} + toIntervalSecond(toUInt32(${day} * 86400 + ${hour} * 3600 + floor(${unit(s, 5)} * 3600) + (${p} % ${PAGES_PER_SESSION}) * 40))`;
  const device = `multiIf(${unit(s, 6)} < 0.55, 'mobile', ${unit(s, 6)} < 0.9, 'desktop', ${unit(s, 6)} < 0.98, 'tablet', 'other')`;
  return {
    time,
    day,
    session: `concat('s', toString(${s}))`,
    page: `concat('p', toString(${p}))`,
    user: `concat('u', toString(${s} % 50000))`,
    // Releases roll out in order over the range; the newest covers the last tenth.
    release: `concat('v1.', toString(least(${RELEASES - 1}, toUInt32(floor(${day} * ${RELEASES} / {days:UInt32})))))`,
    device,
    browser: `multiIf(${unit(s, 7)} < 0.6, 'Chrome', ${unit(s, 7)} < 0.8, 'Safari', ${unit(s, 7)} < 0.92, 'Edge', 'Firefox')`,
    os: `if(${device} IN ('mobile', 'tablet'), if(${unit(s, 8)} < 0.7, 'Android', 'iOS'), if(${unit(s, 8)} < 0.8, 'Windows', 'macOS'))`,
    connection: `multiIf(${unit(s, 9)} < 0.75, '4g', ${unit(s, 9)} < 0.95, '3g', 'slow-2g')`,
    // Zipf-like: ⌊200^u⌋ makes route k about as likely as 1/k.
    route: `concat('/r', toString(toUInt32(floor(pow(${ROUTES}, ${unit(p, 10)})))))`,
  };
};

const ENVELOPE_COLUMNS =
  'app, time, received_at, batch_id, session_id, page_id, user_hash, release, env, sdk, browser, browser_major, os, device_class, connection, retention_days, sample_rate, route, url';

const envelopeSelect = (e: ReturnType<typeof envelope>, p: string) => `{app:String} AS app, ${e.time} AS time, time + toIntervalSecond(2) AS received_at,
  generateUUIDv4(${p}) AS batch_id, ${e.session} AS session_id, ${e.page} AS page_id, ${e.user} AS user_hash,
  ${e.release} AS release, 'production' AS env, 'percept/1' AS sdk, ${e.browser} AS browser, 120 AS browser_major, ${e.os} AS os,
  ${e.device} AS device_class, ${e.connection} AS connection, 3650 AS retention_days, 1 AS sample_rate, ${e.route} AS route,
  concat('https://example.test', route) AS url`;

/** Fills page_views, vitals, workflow_runs and workflow_steps; returns the rows written per table. */
export const generateSynthetic = async (db: Database, options: SyntheticOptions): Promise<Record<string, number>> => {
  const pages = Math.max(PAGES_PER_SESSION, Math.round(options.rows / ROWS_PER_PAGE));
  const sessions = Math.ceil(pages / PAGES_PER_SESSION);
  const runs = Math.round(sessions / 10);
  const start = `${new Date(Date.parse(options.end) - (options.days - 1) * 86_400_000).toISOString().slice(0, 10)} 00:00:00.000`;
  if (!/^[A-Za-z0-9_-]{1,64}$/.test(options.app)) throw new Error(`App id ${JSON.stringify(options.app)} must be letters, digits, _ or - (at most 64).`);
  if (!Number.isInteger(options.days) || options.days < 1) throw new Error(`days must be a whole number ≥ 1, got ${options.days}.`);
  if (Number.isNaN(Date.parse(options.end))) throw new Error(`end must be a day as YYYY-MM-DD, got ${JSON.stringify(options.end)}.`);
  // The values are checked above and spliced as literals: INSERT … SELECT takes no query parameters on every engine.
  const bind = (sql: string) =>
    sql
      .replaceAll('{app:String}', `'${options.app}'`)
      .replaceAll(`{start:DateTime64(3, 'UTC')}`, `toDateTime64('${start}', 3, 'UTC')`)
      .replaceAll('{days:UInt32}', String(options.days));
  const written: Record<string, number> = {};
  const run = async (table: string, rows: number, sql: string) => {
    options.progress?.(table, rows);
    await db.command(bind(sql), { max_partitions_per_insert_block: 1000, insert_deduplicate: 0 });
    written[table] = rows;
  };

  const pv = envelope('number');
  await run(
    'page_views',
    pages,
    `INSERT INTO page_views (${ENVELOPE_COLUMNS}, kind, nav, ttfb, load)
    SELECT ${envelopeSelect(pv, 'number')}, if(number % ${PAGES_PER_SESSION} = 0, 'load', 'soft') AS kind, 'navigate' AS nav,
      round(300 * exp(0.5 * ${normal('number', 20)}), 1) AS ttfb, round(1800 * exp(0.4 * ${normal('number', 22)}), 1) AS load
    FROM numbers(${pages})`,
  );

  // Five metric slots per page; INP (slot 4) on half of the pages only.
  const p = 'intDiv(number, 5)';
  const v = envelope(p);
  const slow = `(if(${v.device} = 'mobile', 1.4, 1) * if(${v.route} = '${REGRESSED_ROUTE}' AND ${v.release} = 'v1.${RELEASES - 1}', 1.6, 1))`;
  const z = normal('number', 30);
  const metric = `['LCP', 'FCP', 'TTFB', 'CLS', 'INP'][number % 5 + 1]`;
  const value = `multiIf(metric = 'LCP', 1900 * exp(0.45 * ${z}) * ${slow}, metric = 'FCP', 1200 * exp(0.45 * ${z}) * ${slow},
    metric = 'TTFB', 350 * exp(0.6 * ${z}), metric = 'CLS', 0.04 * exp(1.1 * ${z}), 120 * exp(0.7 * ${z}) * ${slow})`;
  const rating = `multiIf(metric = 'LCP', multiIf(value <= 2500, 'good', value <= 4000, 'needs-improvement', 'poor'),
    metric = 'FCP', multiIf(value <= 1800, 'good', value <= 3000, 'needs-improvement', 'poor'),
    metric = 'TTFB', multiIf(value <= 800, 'good', value <= 1800, 'needs-improvement', 'poor'),
    metric = 'CLS', multiIf(value <= 0.1, 'good', value <= 0.25, 'needs-improvement', 'poor'),
    multiIf(value <= 200, 'good', value <= 500, 'needs-improvement', 'poor'))`;
  const vitalRows = Math.round(pages * 4.5);
  await run(
    'vitals',
    vitalRows,
    `INSERT INTO vitals (${ENVELOPE_COLUMNS}, metric, value, delta, rating, metric_id, nav, selector, event_type)
    SELECT ${envelopeSelect(v, p)}, ${metric} AS metric, round(${value}, if(metric = 'CLS', 4, 1)) AS value, value AS delta, ${rating} AS rating,
      concat(page_id, '-', metric) AS metric_id, 'navigate' AS nav,
      if(metric IN ('LCP', 'INP', 'CLS'), ['img.hero', 'h1', 'button#buy', 'div.banner'][${p} % 4 + 1], '') AS selector,
      if(metric = 'INP', ['click', 'keydown', 'pointerdown'][${p} % 3 + 1], '') AS event_type
    FROM numbers(${pages * 5}) WHERE number % 5 != 4 OR ${p} % 2 = 0`,
  );

  // Run r belongs to session (r · 10) and starts on its second page view.
  const runPage = (r: string) => `(${r} * 10 * ${PAGES_PER_SESSION} + 1)`;
  const w = envelope(runPage('number'));
  const workflow = (r: string) => `[${WORKFLOWS.map((name) => `'${name}'`).join(', ')}][toUInt32(floor(pow(${WORKFLOWS.length}, ${unit(r, 40)})))]`;
  const stepsOf = (r: string) => `(3 + cityHash64(${workflow(r)}) % 3)`;
  const outcome = (r: string) => `multiIf(${unit(r, 41)} < 0.85, 'ok', ${unit(r, 41)} < 0.9, 'error', ${unit(r, 41)} < 0.97, 'abandoned', 'timeout')`;
  await run(
    'workflow_runs',
    runs,
    `INSERT INTO workflow_runs (${ENVELOPE_COLUMNS}, workflow, run_id, outcome, duration, perceived, step_count, attrs, error)
    SELECT ${envelopeSelect(w, runPage('number'))}, ${workflow('number')} AS workflow, concat('run', toString(number)) AS run_id, ${outcome('number')} AS outcome,
      round(2500 * exp(0.6 * ${normal('number', 42)}) * if(device_class = 'mobile', 1.3, 1), 1) AS duration,
      if(outcome = 'abandoned', NULL, duration + round(40 + 200 * ${unit('number', 44)}, 1)) AS perceived,
      ${stepsOf('number')} AS step_count, map('plan', if(${unit('number', 45)} < 0.3, 'pro', 'free')) AS attrs,
      if(outcome = 'error', ['IBAN rejected', 'Server error 500', 'Validation failed', 'Network error'][number % 4 + 1], '') AS error
    FROM numbers(${runs})`,
  );

  // Up to five step slots per run; a run that did not finish stops at a random step.
  const r = 'intDiv(number, 5)';
  const k = 'number % 5';
  const st = envelope(runPage(r));
  const reached = `if(${outcome(r)} = 'ok', ${stepsOf(r)}, 1 + cityHash64(${r}, 46) % ${stepsOf(r)})`;
  const stepRows = Math.round(runs * 3.5);
  await run(
    'workflow_steps',
    stepRows,
    `INSERT INTO workflow_steps (${ENVELOPE_COLUMNS}, workflow, run_id, outcome, step, step_index, start, duration)
    SELECT ${envelopeSelect(st, runPage(r))}, ${workflow(r)} AS workflow, concat('run', toString(${r})) AS run_id, ${outcome(r)} AS outcome,
      concat('step-', toString(${k} + 1)) AS step, ${k} AS step_index, ${k} * 800 AS start,
      round(600 * exp(0.5 * ${normal('number', 47)}), 1) AS duration
    FROM numbers(${runs * 5}) WHERE ${k} < ${reached}`,
  );
  return written;
};
