import { existsSync, readFileSync, rmSync } from 'node:fs';
import { dirname, resolve as resolvePath } from 'node:path';
import nodeResolve from '@rollup/plugin-node-resolve';
import terser from '@rollup/plugin-terser';
import ts from 'typescript';

/**
 * The SDK builds: dist/percept.js (IIFE, one global `percept`, auto-init from
 * its script tag) and dist/percept.mjs (ESM with `init` and named exports).
 * TypeScript is only transpiled here; `tsc --noEmit` in `npm test` checks types.
 */

/** Resolves `./x.js` imports to `./x.ts` sources and strips types. */
const typescript = {
  name: 'percept-typescript',
  resolveId(source, importer) {
    if (!importer || !source.startsWith('.') || !source.endsWith('.js')) return null;
    const file = resolvePath(dirname(importer), source.replace(/\.js$/, '.ts'));
    return existsSync(file) ? file : null;
  },
  transform(code, id) {
    if (!id.endsWith('.ts')) return null;
    const out = ts.transpileModule(code, {
      fileName: id,
      compilerOptions: { target: ts.ScriptTarget.ES2022, module: ts.ModuleKind.ESNext, verbatimModuleSyntax: true },
    });
    return { code: out.outputText, map: null };
  },
};

/**
 * web-vitals' soft-navigation support is experimental and off unless asked
 * for (`reportSoftNavs`); stubbing its module lets terser drop the dead
 * branches from every metric.
 */
const noSoftNavs = {
  name: 'percept-no-soft-navs',
  load(id) {
    return /web-vitals[\\/]dist[\\/]modules[\\/]lib[\\/]softNavs\.js$/.test(id)
      ? 'export const checkSoftNavsEnabled = () => false; export const storeSoftNavEntry = () => {};'
      : null;
  },
};

/**
 * What of web-vitals 6.2 the SDK never runs, cut at the source so terser can
 * drop it. Each pattern must match once per listed file: a web-vitals upgrade
 * that changes them fails the build instead of silently shipping the bytes.
 * - Entries of type `soft-navigation` and `interaction-contentful-paint` are
 *   observed only with soft navigations on (see above), so their branches in
 *   the entry loops are dead, and so are the `soft-navigation` navigation type
 *   in INP's estimate and the visibility watcher's reset. onLCP then sees only
 *   `largest-contentful-paint` entries, never an empty slot.
 * - `metric.rating`: the wire's `rating` is optional and the collector rates
 *   with the official thresholds (docs/sdk.md, "Bytes").
 * - The navigation id, URL, start time and interaction id of a metric exist
 *   for soft navigations; nothing else in the standard build reads them.
 * - The FCP and LCP entry managers only feed the attribution build's hooks
 *   and the soft-navigation entry maps. The hooks of the INP and CLS managers
 *   are the attribution build's too, and their one-instance-per-options cache
 *   (`initUnique`) lets that build share them: the SDK calls each metric once.
 * - onLCP's bfcache restore binds its reporter twice; once does the same.
 * - Options: the SDK passes none (sdk/vitals.ts). INP is observed with
 *   `reportAllChanges` (sdk/vitals.ts says why), so that is fixed in onINP,
 *   and every other metric runs without it; INP's `durationThreshold` is the
 *   default. observe() spreads its options, which works on undefined too.
 * - onLCP keeps only the last entry's value and entries: set once, not through
 *   per-entry variables kept for interaction-contentful-paint.
 * - The thresholds only ever fed `metric.rating`.
 * - A metric id is `v6-`, the epoch ms and 13 random digits; the SDK sends the
 *   last 8 (sdk/vitals.ts) and web-vitals only compares ids, so the prefix goes.
 * - whenIdleOrHidden's idle timeout of 0 where setTimeout stands in for
 *   requestIdleCallback: setTimeout reads the `{ timeout }` object as a delay
 *   of 0 whatever its value (NaN), so the check is dead.
 */
const TRIMS = [
  [/onCLS\.js$|onINP\.js$|onLCP\.js$/, "entry.entryType === 'soft-navigation'", 'false'],
  [/onLCP\.js$/, "entry.entryType === 'interaction-contentful-paint'", 'false'],
  [/onLCP\.js$/, "entry.entryType === 'largest-contentful-paint'", 'true'],
  [/onLCP\.js$/, 'if (!entry)\n                    continue;', ''],
  [
    /InteractionManager\.js$/,
    "(navigationType === 'soft-navigation' ||\n                navigationType === 'back-forward-cache')",
    "navigationType === 'back-forward-cache'",
  ],
  [/getVisibilityWatcher\.js$/, 'if (reset) {\n        firstHiddenTime = Infinity;\n    }', ''],
  [/bindReporter\.js$/, 'metric.rating = getRating(metric.value, thresholds);', ''],
  [/initMetric\.js$/, "rating: 'good',", ''],
  [/onFCP\.js$/, 'metric.navigationId = entry.navigationId || metric.navigationId;', ''],
  [/onFCP\.js$/, 'initUnique(opts, FCPEntryManager)', '{}'],
  [/onLCP\.js$/, 'initUnique(opts, LCPEntryManager)', '{}'],
  [/onLCP\.js$/, 'lcpEntryManager._processEntry(entry);', ''],
  [/onCLS\.js$/, 'initUnique(opts, LayoutShiftManager)', 'new LayoutShiftManager()'],
  [/onINP\.js$/, 'initUnique(opts, InteractionManager)', 'new InteractionManager()'],
  [/InteractionManager\.js$/, 'this._onBeforeProcessingEntry?.(entry);', ''],
  [/InteractionManager\.js$/, 'this._onAfterProcessingINPCandidate?.(interaction);', ''],
  [/InteractionManager\.js$/, '_onBeforeProcessingEntry;', ''],
  [/InteractionManager\.js$/, '_onAfterProcessingINPCandidate;', ''],
  [/LayoutShiftManager\.js$/, 'this._onAfterProcessingUnexpectedShift?.(entry);', ''],
  [/LayoutShiftManager\.js$/, '_onAfterProcessingUnexpectedShift;', ''],
  [
    /onLCP\.js$/,
    'getBFCacheRestoreTime());\n                report = bindReporter(onReport, metric, LCPThresholds, opts.reportAllChanges);',
    'getBFCacheRestoreTime());',
  ],
  [/onLCP\.js$/, 'value = Math.max(entry.startTime - getActivationStart(), 0);', ''],
  [/onLCP\.js$/, 'metricEntries = [entry];', ''],
  [
    /onLCP\.js$/,
    'if (renderTime < visibilityWatcher.firstHiddenTime) {\n                    metric.value = value;\n                    metric.entries = metricEntries;',
    'if (entry.startTime < visibilityWatcher.firstHiddenTime) {\n                    metric.value = Math.max(entry.startTime - getActivationStart(), 0);\n                    metric.entries = [entry];',
  ],
  [/onCLS\.js$|onFCP\.js$|onLCP\.js$|onTTFB\.js$/, 'opts.reportAllChanges', 'false'],
  [/onINP\.js$/, 'opts.reportAllChanges', 'true'],
  [
    /onINP\.js$/,
    '...opts,\n            durationThreshold: opts.durationThreshold ?? DEFAULT_DURATION_THRESHOLD,',
    'durationThreshold: DEFAULT_DURATION_THRESHOLD,',
  ],
  [
    /initMetric\.js$/,
    `navigationId: navigationId || hardNavId,
        navigationInteractionId: navigationInteractionId,
        navigationURL: navigationURL || hardNavEntry?.name,
        navigationStartTime: navigationStartTime || 0,`,
    '',
  ],
  [/bindReporter\.js$/, '(callback, metric, thresholds, reportAllChanges)', '(callback, metric, reportAllChanges)'],
  [/onCLS\.js$/, 'CLSThresholds, ', ''],
  [/onFCP\.js$/, 'FCPThresholds, ', ''],
  [/onINP\.js$/, 'INPThresholds, ', ''],
  [/onLCP\.js$/, 'LCPThresholds, ', ''],
  [/onTTFB\.js$/, 'TTFBThresholds, ', ''],
  [/generateUniqueID\.js$/, 'v6-${Date.now()}-', ''],
  [/whenIdleOrHidden\.js$/, "'requestIdleCallback' in globalThis ? 1000 : 0", '1000'],
  [/observe\.js$/, '(types, callback, opts = {})', '(types, callback, opts)'],
];
const trimWebVitals = {
  name: 'percept-trim-web-vitals',
  transform(code, id) {
    if (!/web-vitals[\\/]dist[\\/]modules[\\/]/.test(id)) return null;
    let out = code;
    for (const [file, from, to] of TRIMS) {
      if (!file.test(id)) continue;
      if (!out.includes(from)) this.error(`web-vitals changed: "${from}" is no longer in ${id}; review TRIMS in rollup.config.mjs`);
      out = out.split(from).join(to);
    }
    return out == code ? null : { code: out, map: null };
  },
};

/** Types for the ESM build point at the SDK source (the repo ships them together). */
const declarations = {
  name: 'percept-declarations',
  generateBundle() {
    this.emitFile({ type: 'asset', fileName: 'percept.d.mts', source: "export * from '../sdk/index.js';\n" });
  },
};

const minify = (module, { booleansAsIntegers = true } = {}) =>
  terser({
    ecma: 2022,
    module,
    toplevel: true,
    // keep_fargs: false drops the parameters TRIMS leaves unused in web-vitals (-36 B). booleans_as_integers:
    // literal booleans become 1 and 0 (-18 B); nothing in the SDK compares them with === or sends them.
    // The dashboard does (`value === false` must not match ''), so it turns that off.
    compress: { passes: 3, unsafe_arrows: true, pure_getters: true, keep_fargs: false, booleans_as_integers: booleansAsIntegers },
    // Internals are `_`-prefixed so their names can be mangled (docs/sdk.md, "Bytes"); so are the two
    // members of web-vitals' visibility watcher, which nothing outside web-vitals reads.
    mangle: { properties: { regex: /^_|^(firstHiddenTime|onHidden)$/ } },
    format: { comments: false },
  });

const plugins = [noSoftNavs, trimWebVitals, typescript, nodeResolve()];

/**
 * The dashboard's page: its stylesheet is emitted as a hashed asset and
 * index.html is written with the hashed script and stylesheet names, so every
 * asset URL names one build and can be cached for a year. The HTML itself is
 * served with no-cache by the collector (collector/routes/dashboard.ts).
 */
const dashboardPage = {
  name: 'percept-dashboard-page',
  // Hashed names change with every change: earlier builds' files would pile up.
  buildStart() {
    rmSync('dist/dashboard', { recursive: true, force: true });
  },
  generateBundle(_options, bundle) {
    const css = this.emitFile({ type: 'asset', name: 'dashboard.css', source: readFileSync('dashboard/dashboard.css', 'utf8') });
    const entry = Object.values(bundle).find((chunk) => chunk.type === 'chunk' && chunk.isEntry);
    const html = readFileSync('dashboard/index.html', 'utf8')
      .replace('{{SCRIPT}}', `/dashboard/${entry.fileName}`)
      .replace('{{STYLE}}', `/dashboard/${this.getFileName(css)}`);
    this.emitFile({ type: 'asset', fileName: 'index.html', source: html });
  },
};

export default [
  {
    input: 'sdk/iife.ts',
    plugins,
    output: { file: 'dist/percept.js', format: 'iife', plugins: [minify(false)] },
  },
  {
    input: 'sdk/index.ts',
    plugins: [...plugins, declarations],
    output: { file: 'dist/percept.mjs', format: 'es', plugins: [minify(true)] },
  },
  {
    input: 'dashboard/main.ts',
    plugins: [...plugins, dashboardPage],
    output: {
      dir: 'dist/dashboard',
      format: 'es',
      entryFileNames: 'assets/app-[hash].js',
      chunkFileNames: 'assets/[name]-[hash].js',
      assetFileNames: 'assets/[name]-[hash][extname]',
      plugins: [minify(true, { booleansAsIntegers: false })],
    },
  },
];
