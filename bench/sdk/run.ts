/**
 * SDK benchmark: bundle sizes, bytes sent per page view and main-thread cost
 * of percept beside plain web-vitals, all from one build and one run.
 *
 *   npm run build && node --import tsx bench/sdk/run.ts      (BENCH_RUNS=N page views per variant, default 11)
 */
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { launchChromium, chromiumAvailable } from '../../test/support/e2e/chromium.js';
import { startCollector } from '../../test/support/e2e/collector.js';
import { startSite } from '../../test/support/e2e/site.js';
import { buildBaselines } from './baselines.js';
import { measurePageView, type PageViewCost } from './page-view.js';
import { benchAssets, VARIANTS, type Variant } from './pages.js';
import { sizeOf, type Size } from './sizes.js';

const DIST = fileURLToPath(new URL('../../dist/', import.meta.url));
const RUNS = Number(process.env.BENCH_RUNS ?? 11);
const BYTES_GOAL = 900;
const CPU_GOAL = 1.2;

const median = (values: number[]): number => {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = sorted.length >> 1;
  return sorted.length % 2 ? sorted[mid]! : (sorted[mid - 1]! + sorted[mid]!) / 2;
};
const ratio = (value: number, base: number): string => (base > 0 ? `${(value / base).toFixed(2)}×` : 'n/a');
const row = (cells: (string | number)[]): string => `| ${cells.join(' | ')} |`;

const readDist = (name: string): string => {
  try {
    return readFileSync(DIST + name, 'utf8');
  } catch {
    throw new Error(`dist/${name} is missing: run \`npm run build\` first`);
  }
};

function printSizes(rows: { name: string; size: Size; base?: Size }[]): void {
  console.log('\n### Bundle size (bytes; ratio to the web-vitals attribution baseline of the same format)\n');
  console.log(row(['file', 'raw', 'gzip', 'brotli', 'brotli ratio']));
  console.log(row(['---', '---:', '---:', '---:', '---:']));
  for (const { name, size, base } of rows) {
    console.log(row([name, size.raw, size.gzip, size.brotli, base ? ratio(size.brotli, base.brotli) : 'baseline']));
  }
}

async function main(): Promise<void> {
  const perceptIife = readDist('percept.js');
  const perceptEsm = readDist('percept.mjs');
  const baselines = await buildBaselines();
  const attr = sizeOf(baselines.attribution.code);
  const attrEsm = sizeOf(baselines.attributionEsm.code);
  printSizes([
    { name: 'dist/percept.js (IIFE)', size: sizeOf(perceptIife), base: attr },
    { name: baselines.standard.name, size: sizeOf(baselines.standard.code), base: attr },
    { name: baselines.attribution.name, size: attr },
    { name: 'dist/percept.mjs (ESM)', size: sizeOf(perceptEsm), base: attrEsm },
    { name: baselines.standardEsm.name, size: sizeOf(baselines.standardEsm.code), base: attrEsm },
    { name: baselines.attributionEsm.name, size: attrEsm },
  ]);

  if (!chromiumAvailable()) return;
  const collector = await startCollector();
  const site = await startSite(collector.url, benchAssets(collector.url, baselines));
  const browser = await launchChromium();
  const costs = new Map<Variant, PageViewCost[]>(VARIANTS.map((v) => [v, []]));
  try {
    // Alternate variants so drift in machine load falls on all of them alike.
    for (let i = 0; i < RUNS; i += 1) {
      for (const variant of VARIANTS) costs.get(variant)!.push(await measurePageView(browser, site, collector, variant));
    }
  } finally {
    await browser.close();
    await site.close();
    await collector.close();
  }
  const med = (variant: Variant, key: keyof PageViewCost) => median(costs.get(variant)!.map((c) => c[key]));
  const max = (variant: Variant, key: 'longTasks' | 'sdkLongTasks') => Math.max(...costs.get(variant)!.map((c) => c[key]));

  console.log(`\n### One page view in Chromium (load, a click, leave): medians of ${RUNS} runs per variant\n`);
  console.log(
    row([
      'variant',
      'bytes sent',
      'requests',
      'bytes ratio',
      'script ms',
      'task ms',
      'script ratio',
      'task ratio',
      'long tasks, all (max)',
      'long tasks, SDK (max)',
    ]),
  );
  console.log(row(['---', '---:', '---:', '---:', '---:', '---:', '---:', '---:', '---:', '---:']));
  for (const variant of VARIANTS) {
    console.log(
      row([
        variant,
        med(variant, 'bytes'),
        med(variant, 'requests'),
        variant === 'none' ? '' : ratio(med(variant, 'bytes'), med('web-vitals-attribution', 'bytes')),
        med(variant, 'scriptMs').toFixed(2),
        med(variant, 'taskMs').toFixed(2),
        ratio(med(variant, 'scriptMs'), med('web-vitals-attribution', 'scriptMs')),
        ratio(med(variant, 'taskMs'), med('web-vitals-attribution', 'taskMs')),
        max(variant, 'longTasks'),
        variant === 'none' ? '' : max(variant, 'sdkLongTasks'),
      ]),
    );
  }
  const bytes = med('percept', 'bytes');
  const cpu = med('percept', 'scriptMs') / med('web-vitals-attribution', 'scriptMs');
  console.log(`\npercept bytes per page view: ${bytes} (goal ≤ ${BYTES_GOAL}: ${bytes <= BYTES_GOAL ? 'met' : 'MISSED'})`);
  console.log(`percept script time vs web-vitals/attribution alone: ${cpu.toFixed(2)}× (goal ≤ ${CPU_GOAL}×: ${cpu <= CPU_GOAL ? 'met' : 'MISSED'})`);
  const sdkLong = max('percept', 'sdkLongTasks');
  console.log(`percept long tasks caused by its script, worst run: ${sdkLong} (goal 0: ${sdkLong === 0 ? 'met' : 'MISSED'})`);
}

main().catch((error: unknown) => {
  console.error(error instanceof Error ? error.message : error);
  process.exitCode = 1;
});
