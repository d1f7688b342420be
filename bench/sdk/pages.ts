import type { Asset } from '../../test/support/e2e/site.js';
import { snippet } from '../../test/support/e2e/site.js';
import type { Bundle } from './baselines.js';

/** What a bench page carries in its head. */
export type Variant = 'none' | 'web-vitals' | 'web-vitals-attribution' | 'percept';

export const VARIANTS: readonly Variant[] = ['none', 'web-vitals', 'web-vitals-attribution', 'percept'];

/** The same small page for every variant: text, an image, a button with a cheap handler. */
const page = (head: string): string => `<!doctype html>
<html lang="en">
<head><meta charset="utf-8"><title>bench</title>${head}</head>
<body>
<h1>Product</h1>
<p class="lead">A product page of ordinary size: a heading, a paragraph, a picture and a button.</p>
<img class="hero" src="/hero.png" width="900" height="500" alt="hero">
<button id="buy" type="button">Add to cart (<span id="n">0</span>)</button>
<script>
  document.getElementById('buy').addEventListener('click', () => {
    const n = document.getElementById('n');
    n.textContent = String(Number(n.textContent) + 1);
  });
</script>
</body>
</html>`;

/**
 * The bench pages and baseline scripts as site assets: `/bench/VARIANT.html`.
 * The baselines are served at `/bench/web-vitals.js` and
 * `/bench/web-vitals-attribution.js` and send to the same endpoint as percept.
 */
export function benchAssets(endpoint: string, baselines: { standard: Bundle; attribution: Bundle }): Record<string, Asset> {
  const html = 'text/html; charset=utf-8';
  const js = 'text/javascript; charset=utf-8';
  const data = `data-endpoint="${endpoint}" data-key="demo-public-key"`;
  return {
    '/bench/web-vitals.js': { type: js, body: baselines.standard.code },
    '/bench/web-vitals-attribution.js': { type: js, body: baselines.attribution.code },
    '/bench/none.html': { type: html, body: page('') },
    '/bench/web-vitals.html': { type: html, body: page(`<script src="/bench/web-vitals.js" ${data} defer></script>`) },
    '/bench/web-vitals-attribution.html': {
      type: html,
      body: page(`<script src="/bench/web-vitals-attribution.js" ${data} defer></script>`),
    },
    '/bench/percept.html': {
      type: html,
      body: page(snippet({ app: 'demo', key: 'demo-public-key', endpoint }, new URLSearchParams())),
    },
  };
}
