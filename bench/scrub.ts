/**
 * Scrubber throughput on a realistic 20-event batch, beside a baseline from
 * the same run: `JSON.stringify` of the same batch (work every batch gets
 * anyway on its way to the spool). Run: `npx tsx bench/scrub.ts`.
 *
 * Two measurements: "warm" scrubs the same batch again and again, as a
 * collector sees the same urls, routes and selectors batch after batch (the
 * scrubber remembers values it found clean); "cold" gives every field a
 * value never seen before, so every detector runs on every field.
 */
import type { ProcessedBatch, ProcessedEvent } from '../collector/pipeline/types.js';
import { scrubBatch } from '../collector/scrub/index.js';
import { exampleBatch, exampleEvents } from '../test/support/batches.js';

const now = Date.now();
const realistic = (): ProcessedEvent[] => {
  const base = exampleEvents(now).map((e): ProcessedEvent =>
    e.type === 'vital'
      ? { ...e, rating: 'good', nav: e.nav ?? 'navigate', delta: e.delta ?? e.value }
      : e.type === 'page'
        ? { ...e, nav: e.nav ?? 'navigate' }
        : e,
  );
  const extra: ProcessedEvent[] = [
    {
      type: 'page',
      ts: now,
      kind: 'route',
      nav: 'navigate',
      url: 'https://shop.example/products/running-shoes?page=2&sort=price&q=nike+air',
      route: '/products/:category',
      referrer: 'https://shop.example/',
    },
    {
      type: 'page',
      ts: now,
      kind: 'route',
      nav: 'navigate',
      url: 'https://shop.example/account/orders/99887766?utm_source=mail&utm_campaign=spring',
      route: '/account/orders/:id',
    },
    {
      type: 'vital',
      ts: now,
      name: 'INP',
      value: 120,
      delta: 120,
      id: 'v5-inp-000000002',
      nav: 'navigate',
      rating: 'good',
      attribution: { selector: 'form#checkout>button[type="submit"].btn-primary', event: 'click' },
    },
    {
      type: 'workflow',
      ts: now,
      name: 'submit membership form',
      run_id: 'run-000000000002',
      outcome: 'error',
      duration: 4200,
      error: "TypeError: Cannot read properties of undefined (reading 'id') at https://shop.example/assets/app.3f2a9b8c.js:1:2345",
      attrs: { form: 'membership', fields: 12, retry: false },
    },
  ];
  const events = [...base, ...extra];
  while (events.length < 20) events.push(...base.slice(0, Math.min(20 - events.length, base.length)));
  return events;
};

const batch: ProcessedBatch = (() => {
  const b = exampleBatch({}, now);
  return {
    app: b.app,
    batch_id: b.batch_id,
    session_id: b.session_id,
    page_id: b.page_id,
    received_at: now,
    clock_skew_ms: 0,
    sdk: b.sdk,
    release: b.release ?? '',
    env: b.env ?? '',
    client: b.client ?? {},
    ua: { browser: 'Chrome', browser_major: 120, os: 'Windows', device_class: 'desktop' },
    user_hash: '',
    retention_days: 90,
    sample_rate: 1,
    events: realistic(),
  };
})();

/** A letters-only tag, different for every `i`, that no detector reacts to. */
const tag = (i: number): string => {
  let out = '';
  for (let n = i + 1; n > 0; n = Math.floor(n / 26)) out += String.fromCharCode(97 + (n % 26));
  return out;
};

/** The batch with a fresh tag in every free-text field, so no value is a repeat. */
const unseen = (b: ProcessedBatch, i: number): ProcessedBatch => {
  const t = tag(i);
  const events = b.events.map((e): ProcessedEvent => {
    if (e.type === 'page') return { ...e, url: `${e.url}/${t}`, ...(e.route !== undefined && { route: `${e.route}/${t}` }) };
    if (e.type === 'vital')
      return e.attribution?.selector === undefined ? e : { ...e, attribution: { ...e.attribution, selector: `${e.attribution.selector}.${t}` } };
    return { ...e, name: `${e.name} ${t}`, ...(e.error !== undefined && { error: `${e.error} ${t}` }) };
  });
  return { ...b, env: `${b.env}${t}`, events };
};

/** Free-text places scrubBatch visits in this batch. */
const fieldCount = (b: ProcessedBatch): number =>
  2 +
  b.events.reduce((n, e) => {
    if (e.type === 'page') return n + 1 + (e.referrer !== undefined ? 1 : 0) + (e.route !== undefined ? 1 : 0);
    if (e.type === 'vital') return n + (e.attribution?.selector !== undefined ? 1 : 0) + (e.attribution?.url !== undefined ? 1 : 0);
    return n + 1 + (e.steps?.length ?? 0) + 2 * Object.keys(e.attrs ?? {}).length + (e.error !== undefined ? 1 : 0);
  }, 0);

const time = (fn: () => unknown, iterations: number): number => {
  const start = process.hrtime.bigint();
  for (let i = 0; i < iterations; i++) fn();
  return Number(process.hrtime.bigint() - start) / 1e6 / iterations; // ms per call
};

const ITERATIONS = 5000;
const COLD = 2000;
let sink = 0;
time(() => (sink += scrubBatch(batch).events.length), 500); // warm-up (JIT)
time(() => (sink += JSON.stringify(batch).length), 500);
const runs = [1, 2, 3].map(() => ({
  scrub: time(() => (sink += scrubBatch(batch).events.length), ITERATIONS),
  baseline: time(() => (sink += JSON.stringify(batch).length), ITERATIONS),
}));
const coldRuns = [1, 2, 3].map((run) => {
  const batches = Array.from({ length: COLD }, (_, i) => unseen(batch, run * COLD + i));
  let k = 0;
  const scrubMs = time(() => (sink += scrubBatch(batches[k++]!).events.length), COLD);
  k = 0;
  return { scrub: scrubMs, baseline: time(() => (sink += JSON.stringify(batches[k++]!).length), COLD) };
});
const best = (list: typeof runs, k: 'scrub' | 'baseline'): number => Math.min(...list.map((r) => r[k]));
const fields = fieldCount(batch);
const report = (label: string, list: typeof runs, iterations: number): void => {
  const scrubMs = best(list, 'scrub');
  const baselineMs = best(list, 'baseline');
  console.log(`scrubBatch ${label}, ${batch.events.length} events, ${fields} free-text fields (best of 3 × ${iterations}):`);
  console.log(`  scrub:          ${(scrubMs * 1000).toFixed(1)} µs/batch, ${Math.round(fields / (scrubMs / 1000)).toLocaleString('en')} fields/s`);
  console.log(`  JSON.stringify: ${(baselineMs * 1000).toFixed(1)} µs/batch (baseline)`);
  console.log(`  ratio:          scrub = ${(scrubMs / baselineMs).toFixed(1)} × JSON.stringify of the same batch`);
};
report('warm (repeated values)', runs, ITERATIONS);
report('cold (every value new)', coldRuns, COLD);
if (sink < 0) console.log(sink);
