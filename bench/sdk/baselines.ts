import { nodeResolve } from '@rollup/plugin-node-resolve';
import terserPlugin from '@rollup/plugin-terser';
import { rollup, type Plugin } from 'rollup';
import { fileURLToPath } from 'node:url';

const ROOT = fileURLToPath(new URL('../../', import.meta.url));
// The package's types are CommonJS-shaped, but Node loads its ESM build, whose default export is the plugin.
const terser = terserPlugin as unknown as typeof terserPlugin.default;

/**
 * The sender a team would write around plain web-vitals: the README's batching
 * pattern (queue, one sendBeacon on hide) to the same endpoint, with the same
 * field names percept puts on the wire, so the bytes compare like for like.
 * `ATTRIBUTION` adds the attribution fields percept sends.
 */
const sender = (attribution: boolean): string => `
import { onCLS, onFCP, onINP, onLCP, onTTFB } from '${attribution ? 'web-vitals/attribution' : 'web-vitals'}';
const script = document.currentScript;
const url = script.dataset.endpoint + '/v1/batch?key=' + script.dataset.key;
const queue = [];
const round = (n) => Math.round(n * 1000) / 1000;
const attributionOf = (m) => {
  const a = m.attribution;
  if (m.name === 'LCP') return { selector: a.target, url: a.url, ttfb: round(a.timeToFirstByte), load_delay: round(a.resourceLoadDelay), load_duration: round(a.resourceLoadDuration), render_delay: round(a.elementRenderDelay) };
  if (m.name === 'INP') return { selector: a.interactionTarget, event: m.entries[0] && m.entries[0].name, input_delay: round(a.inputDelay), processing: round(a.processingDuration), presentation: round(a.presentationDelay) };
  if (m.name === 'CLS') return { selector: a.largestShiftTarget };
  return undefined;
};
const send = (m) => {
  queue.push({ name: m.name, value: round(m.value), delta: round(m.delta), id: m.id, nav: m.navigationType${
    attribution ? ', attribution: attributionOf(m)' : ''
  } });
};
addEventListener('visibilitychange', () => {
  if (document.visibilityState === 'hidden' && queue.length) navigator.sendBeacon(url, JSON.stringify(queue.splice(0)));
});
onCLS(send); onFCP(send); onINP(send); onLCP(send); onTTFB(send);
`;

const virtualEntry = (code: string): Plugin => ({
  name: 'bench-entry',
  resolveId: (id) => (id === '\0entry' ? id : null),
  load: (id) => (id === '\0entry' ? code : null),
});

/** One minified baseline build. */
export interface Bundle {
  name: string;
  code: string;
}

const build = async (attribution: boolean, format: 'iife' | 'es'): Promise<Bundle> => {
  const bundle = await rollup({
    input: '\0entry',
    plugins: [
      virtualEntry(sender(attribution)),
      nodeResolve({ rootDir: ROOT, browser: true }),
      terser({ compress: { passes: 2 }, format: { comments: false } }),
    ],
  });
  const { output } = await bundle.generate({ format });
  await bundle.close();
  const name = `web-vitals${attribution ? '/attribution' : ''} + sender (${format === 'iife' ? 'IIFE' : 'ESM'})`;
  return { name, code: output[0].code };
};

/** The four web-vitals baselines: standard and attribution builds, each as IIFE and ESM. */
export async function buildBaselines(): Promise<{
  standard: Bundle;
  attribution: Bundle;
  standardEsm: Bundle;
  attributionEsm: Bundle;
}> {
  const [standard, attribution, standardEsm, attributionEsm] = await Promise.all([
    build(false, 'iife'),
    build(true, 'iife'),
    build(false, 'es'),
    build(true, 'es'),
  ]);
  return { standard, attribution, standardEsm, attributionEsm };
}
