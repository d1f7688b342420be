/**
 * Synthetic history generated inside ClickHouse: `INSERT … SELECT FROM
 * numbers()` into the raw tables, so the materialized views fill the rollups
 * exactly as live traffic does and no row crosses the process boundary.
 *
 * Every value is a deterministic function of the page-view number (sipHash64
 * of the number and a salt), so a seed is reproducible and tests can state
 * what it contains. Values follow log-normal distributions around realistic
 * medians; one release carries a real regression on one route and one
 * workflow, so a release comparison has something true to find.
 */

/** What one page view's day, route, device and release look like. */
export interface HistoryPlan {
  database: string;
  app: string;
  /** Stored on every row, so seeded rows never mix with real traffic unnoticed. */
  env: string;
  /** Number of UTC days of history, ending with `lastDay`. */
  days: number;
  /** Last UTC day seeded, YYYY-MM-DD. */
  lastDay: string;
  pageViewsPerDay: number;
  /** Route templates and their relative popularity. */
  routes: ReadonlyArray<readonly [route: string, weight: number]>;
  /** Releases in the order they shipped; each covers an equal share of the days. */
  releases: readonly string[];
  workflows: readonly WorkflowPlan[];
  regression: { release: string; route: string; factor: number; workflow: string; workflowFactor: number };
  origin: string;
}

export interface WorkflowPlan {
  name: string;
  /** The route a run starts on, and the share of its page views that start one. */
  route: string;
  share: number;
  steps: readonly string[];
  /** Median duration, ms. */
  median: number;
  /** Shares of error, abandoned and timeout runs; the rest end ok. */
  error: number;
  abandoned: number;
  timeout: number;
  errors: readonly string[];
}

/** The members' portal of the demo: the routes and workflows /demo has. */
export const DEMO_PLAN = (lastDay: string, days = 30, app = 'demo'): HistoryPlan => ({
  database: 'percept',
  app,
  env: 'seed',
  days,
  lastDay,
  pageViewsPerDay: 2000,
  routes: [
    ['/demo', 30],
    ['/demo/members', 25],
    ['/demo/members/:id', 20],
    ['/demo/events', 10],
    ['/demo/payments', 8],
    ['/demo/signup', 7],
  ],
  releases: ['1.0', '1.1', '1.2', '1.3', '1.4'],
  workflows: [
    {
      name: 'sign-up',
      route: '/demo/signup',
      share: 0.6,
      steps: ['details', 'membership', 'confirm'],
      median: 2400,
      error: 0.04,
      abandoned: 0.14,
      timeout: 0.02,
      errors: ['Email address already registered', 'Service answered 503'],
    },
    {
      name: 'sepa-mandate',
      route: '/demo/payments',
      share: 0.7,
      steps: ['account', 'confirm'],
      median: 1600,
      error: 0.08,
      abandoned: 0.1,
      timeout: 0.01,
      errors: ['IBAN failed the checksum', 'Mandate not authorised'],
    },
    {
      name: 'member-search',
      route: '/demo/members',
      share: 0.5,
      steps: [],
      median: 450,
      error: 0.06,
      abandoned: 0.01,
      timeout: 0,
      errors: ['No member matches the query'],
    },
    {
      name: 'member-export',
      route: '/demo/members',
      share: 0.04,
      steps: ['request'],
      median: 2200,
      error: 0.05,
      abandoned: 0.05,
      timeout: 0.3,
      errors: ['Export service answered 504'],
    },
  ],
  regression: { release: '1.3', route: '/demo/members', factor: 1.6, workflow: 'sepa-mandate', workflowFactor: 1.5 },
  origin: 'https://members.example',
});

const quote = (text: string): string => `'${text.replace(/\\/g, '\\\\').replace(/'/g, "\\'")}'`;
const list = (items: readonly string[]): string => `[${items.map(quote).join(', ')}]`;
const numbers = (items: readonly number[]): string => `[${items.join(', ')}]`;

/** A uniform number in [0, 1) from the page view `p` and a salt. */
const uniform = (p: string, salt: string): string => `((sipHash64(${p}, ${quote(salt)}) % 1000000007) / 1000000007.0)`;
/** A standard normal draw (Box–Muller) from two uniforms. */
const normal = (p: string, salt: string): string => `(sqrt(-2 * log(1 - ${uniform(p, `${salt}.a`)})) * cos(2 * pi() * ${uniform(p, `${salt}.b`)}))`;
/** An index (1-based) drawn from cumulative weights. */
const weighted = (u: string, weights: readonly number[]): string => {
  const total = weights.reduce((a, b) => a + b, 0);
  let sum = 0;
  const cumulative = weights.map((w) => (sum += w) / total);
  return `arrayFirstIndex(c -> ${u} < c, ${numbers(cumulative.map((c, i) => (i === cumulative.length - 1 ? 1.000001 : Number(c.toFixed(6)))))})`;
};

const DEVICES = ['desktop', 'mobile', 'tablet', 'unknown'] as const;
const DEVICE_WEIGHTS = [52, 40, 7, 1];
/** Device classes are slower in this order; the medians below are desktop's. */
const DEVICE_SLOWDOWN = [1, 1.55, 1.25, 1.4];
const BROWSERS: Record<(typeof DEVICES)[number], [browser: string, os: string]> = {
  desktop: ['Chrome', 'Windows'],
  mobile: ['Mobile Safari', 'iOS'],
  tablet: ['Chrome', 'Android'],
  unknown: ['', ''],
};

/** Releases ship one after another, each live for an equal share of the days. */
export const releaseOfDay = (plan: HistoryPlan, day: number): string =>
  plan.releases[Math.min(plan.releases.length - 1, Math.floor((day * plan.releases.length) / plan.days))]!;

/** Columns of a page view shared by every row filed under it, as SQL expressions of `p`. */
const pageColumns = (plan: HistoryPlan, day: number, p: string): Record<string, string> => {
  const device = weighted(uniform(p, 'device'), DEVICE_WEIGHTS);
  const release = releaseOfDay(plan, day);
  // Most people are awake: 85 % of page views between 08:00 and 22:00 UTC, fewer at weekends.
  const second = `if(${uniform(p, 'night')} < 0.85, 28800 + ${uniform(p, 'hour')} * 50400, ${uniform(p, 'hour')} * 86000)`;
  const session = `intDiv(${p}, 4)`;
  return {
    app: quote(plan.app),
    time: `toDateTime64(addDays(toDate(${quote(plan.lastDay)}), ${day - plan.days + 1}), 3, 'UTC') + toIntervalMillisecond(toUInt64(${second} * 1000) + (${p} % 4) * 40000)`,
    received_at: 'time + toIntervalMillisecond(1500)',
    batch_id: `generateUUIDv4(${p})`,
    session_id: `concat('seed-s', toString(${session}))`,
    page_id: `concat('seed-p', toString(${p}))`,
    user_hash: `hex(sipHash64(${session} % 5000, 'user'))`,
    release: quote(release),
    env: quote(plan.env),
    sdk: quote('seed'),
    device_class: `arrayElement(${list(DEVICES)}, ${device})`,
    browser: `arrayElement(${list(DEVICES.map((d) => BROWSERS[d][0]))}, ${device})`,
    browser_major: `toUInt16(if(${device} = 4, 0, 130 + ${p} % 12))`,
    os: `arrayElement(${list(DEVICES.map((d) => BROWSERS[d][1]))}, ${device})`,
    connection: `arrayElement(['4g', '4g', '4g', '3g', ''], 1 + ${p} % 5)`,
    route: `arrayElement(${list(plan.routes.map(([r]) => r))}, if(${p} % 4 = 0 AND ${uniform(p, 'entry')} < 0.7, 1, ${weighted(
      uniform(p, 'route'),
      plan.routes.map(([, w]) => w),
    )}))`,
    slow: `arrayElement(${numbers(DEVICE_SLOWDOWN)}, ${device})`,
  };
};

const select = (columns: Record<string, string>, names: readonly string[]): string => names.map((n) => `${columns[n]} AS ${n}`).join(',\n  ');
const ENVELOPE = [
  'app',
  'time',
  'received_at',
  'batch_id',
  'session_id',
  'page_id',
  'user_hash',
  'release',
  'env',
  'sdk',
  'browser',
  'browser_major',
  'os',
  'device_class',
  'connection',
  'route',
] as const;

/** Median and log-spread of each metric on desktop; ratings use the official thresholds. */
const METRICS = [
  { metric: 'LCP', median: 1700, sigma: 0.45, good: 2500, poor: 4000 },
  { metric: 'INP', median: 110, sigma: 0.65, good: 200, poor: 500 },
  { metric: 'CLS', median: 0.035, sigma: 1.0, good: 0.1, poor: 0.25 },
  { metric: 'FCP', median: 1100, sigma: 0.4, good: 1800, poor: 3000 },
  { metric: 'TTFB', median: 380, sigma: 0.5, good: 800, poor: 1800 },
] as const;

/** The statements that seed one day (0-based, 0 = the first of `plan.days`). */
export const dayStatements = (plan: HistoryPlan, day: number): string[] => {
  const n = plan.pageViewsPerDay;
  const first = day * n;
  const db = plan.database;
  const regressed = (): string => `(release = ${quote(plan.regression.release)} AND route = ${quote(plan.regression.route)})`;

  const pages = pageColumns(plan, day, 'number');
  const pageViews = `INSERT INTO ${db}.page_views (${ENVELOPE.join(', ')}, url, kind, nav, ttfb, load)
SELECT ${select(pages, ENVELOPE)},
  concat(${quote(plan.origin)}, route) AS url,
  if(number % 4 = 0, 'load', 'route') AS kind,
  'navigate' AS nav,
  if(kind = 'load', toFloat32(380 * ${pages.slow} * exp(0.5 * ${normal('number', 'ttfb')})), NULL) AS ttfb,
  if(kind = 'load', toFloat32(2100 * ${pages.slow} * exp(0.4 * ${normal('number', 'load')})), NULL) AS load
FROM numbers(${first}, ${n})`;

  const p = 'intDiv(number, 5)';
  const vitalsColumns = pageColumns(plan, day, p);
  const m = `(number % 5 + 1)`;
  const vitals = `INSERT INTO ${db}.vitals (${ENVELOPE.join(', ')}, url, metric, value, delta, rating, metric_id, nav)
SELECT ${select(vitalsColumns, ENVELOPE)},
  concat(${quote(plan.origin)}, route) AS url,
  arrayElement(${list(METRICS.map((x) => x.metric))}, ${m}) AS metric,
  arrayElement(${numbers(METRICS.map((x) => x.median))}, ${m}) * if(metric = 'CLS', 1, ${vitalsColumns.slow})
    * if(${regressed()} AND metric IN ('LCP', 'INP'), ${plan.regression.factor}, 1)
    * exp(arrayElement(${numbers(METRICS.map((x) => x.sigma))}, ${m}) * ${normal('number', 'value')}) AS value,
  value AS delta,
  multiIf(value <= arrayElement(${numbers(METRICS.map((x) => x.good))}, ${m}), 'good', value <= arrayElement(${numbers(METRICS.map((x) => x.poor))}, ${m}), 'needs-improvement', 'poor') AS rating,
  concat('seed-v', toString(number)) AS metric_id,
  'navigate' AS nav
FROM numbers(${first * 5}, ${n * 5})`;

  return [pageViews, vitals, ...plan.workflows.flatMap((w, i) => workflowStatements(plan, day, w, i))];
};

const workflowStatements = (plan: HistoryPlan, day: number, w: WorkflowPlan, index: number): string[] => {
  const n = plan.pageViewsPerDay;
  const first = day * n;
  const db = plan.database;
  const cols = pageColumns(plan, day, 'number');
  const salt = `wf${index}`;
  const u = uniform('number', `${salt}.outcome`);
  const regressed = w.name === plan.regression.workflow ? `if(release = ${quote(plan.regression.release)}, ${plan.regression.workflowFactor}, 1)` : '1';
  const outcome = `multiIf(${u} < ${w.error}, 'error', ${u} < ${w.error + w.abandoned}, 'abandoned', ${u} < ${w.error + w.abandoned + w.timeout}, 'timeout', 'ok')`;
  const runs = `SELECT ${select(cols, ENVELOPE)},
  concat(${quote(plan.origin)}, route) AS url,
  ${quote(w.name)} AS workflow,
  concat('seed-r${index}-', toString(number)) AS run_id,
  ${outcome} AS outcome,
  if(outcome = 'timeout', 30000, ${w.median} * ${cols.slow} * ${regressed} * exp(0.5 * ${normal('number', `${salt}.duration`)})) AS duration,
  if(outcome IN ('ok', 'error'), duration + 16 + ${uniform('number', `${salt}.paint`)} * 90 * ${regressed}, NULL) AS perceived,
  toUInt16(if(outcome = 'ok', ${w.steps.length}, least(${w.steps.length}, 1 + number % ${Math.max(1, w.steps.length)}))) AS step_count,
  ${w.name === 'sign-up' ? `map('plan', if(${uniform('number', 'plan')} < 0.3, 'student', 'full'))` : 'map()'} AS attrs,
  if(outcome = 'error', arrayElement(${list(w.errors)}, 1 + number % ${w.errors.length}), '') AS error
FROM numbers(${first}, ${n})
WHERE route = ${quote(w.route)} AND ${uniform('number', `${salt}.start`)} < ${w.share}`;
  const statements = [
    `INSERT INTO ${db}.workflow_runs (${ENVELOPE.join(', ')}, url, workflow, run_id, outcome, duration, perceived, step_count, attrs, error)\n${runs}`,
  ];
  if (w.steps.length > 0) {
    // Each step takes an equal share of the run; a run that did not finish reached only its first step_count steps.
    statements.push(`INSERT INTO ${db}.workflow_steps (${ENVELOPE.join(', ')}, url, workflow, run_id, outcome, step, step_index, start, duration)
SELECT ${ENVELOPE.join(', ')}, url, workflow, run_id, outcome,
  arrayElement(${list(w.steps)}, i + 1) AS step, toUInt16(i) AS step_index,
  i * run_duration / ${w.steps.length} AS start, run_duration / ${w.steps.length} AS duration
FROM (SELECT *, duration AS run_duration FROM (${runs}) WHERE step_count > 0)
ARRAY JOIN range(step_count) AS i`);
  }
  return statements;
};

/** Thrown when the app already has seeded rows: seeding twice would double the history (and its rollups). */
export class AlreadySeeded extends Error {}

export interface SeedProgress {
  day: number;
  days: number;
  pageViews: number;
}

/**
 * Writes the plan's history day by day (each day a few INSERT … SELECT
 * statements), reporting after each day. Refuses when the app already holds
 * rows with the plan's env.
 */
export const seedHistory = async (
  db: { command(sql: string): Promise<void>; query<T>(sql: string, params?: Record<string, unknown>): Promise<T[]> },
  plan: HistoryPlan,
  onProgress: (progress: SeedProgress) => void = () => {},
): Promise<{ pageViews: number }> => {
  const [existing] = await db.query<{ n: string }>(`SELECT count() AS n FROM ${plan.database}.page_views WHERE app = {app:String} AND env = {env:String}`, {
    app: plan.app,
    env: plan.env,
  });
  if (Number(existing?.n ?? 0) > 0) {
    throw new AlreadySeeded(
      `App "${plan.app}" already holds ${Number(existing!.n).toLocaleString('en')} seeded page views (env "${plan.env}"); nothing was added. ` +
        `Seeding twice would double the history. To start over, stop the collector and delete its data directory.`,
    );
  }
  for (let day = 0; day < plan.days; day++) {
    for (const statement of dayStatements(plan, day)) await db.command(statement);
    onProgress({ day: day + 1, days: plan.days, pageViews: (day + 1) * plan.pageViewsPerDay });
  }
  return { pageViews: plan.days * plan.pageViewsPerDay };
};
