import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { FastifyInstance, FastifyReply } from 'fastify';
import { DEMO_KEY } from '../config/defaults.js';
import type { SdkAsset } from '../plugins/sdk.js';
import { packagePath } from '../config/package-root.js';

const DIR = packagePath('collector', 'demo');

/** Only the collector's own files, no inline script or style: what the demo shows about embedding percept. */
export const DEMO_CSP =
  "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; connect-src 'self'; " +
  "object-src 'none'; base-uri 'none'; form-action 'self'; frame-ancestors 'none'";

const escapeAttribute = (text: string): string => text.replace(/&/g, '&amp;').replace(/"/g, '&quot;').replace(/</g, '&lt;');

/** The script tag a site would paste, pinned by SRI to this build. */
export const scriptTag = (sdk: SdkAsset): string =>
  `<script src="/percept.js?v=${sdk.version}" integrity="${escapeAttribute(sdk.integrity)}" crossorigin="anonymous" ` +
  `data-app="demo" data-key="${DEMO_KEY}" data-release="demo" data-env="development" defer></script>`;

const secure = (reply: FastifyReply, type: string) =>
  reply
    .header('content-security-policy', DEMO_CSP)
    .header('x-content-type-options', 'nosniff')
    .header('referrer-policy', 'strict-origin-when-cross-origin')
    .header('cache-control', 'no-cache')
    .type(type);

/**
 * The demo members' portal at `/demo` and every path under it (a reload on a
 * client-side route lands on the same page, which routes itself); `/` sends a
 * newcomer there. Only served while the `demo` app exists.
 */
export default async function demoRoutes(fastify: FastifyInstance): Promise<void> {
  if (!fastify.config.apps.has('demo')) return;
  const [template, script, style] = await Promise.all(['index.html', 'demo.js', 'demo.css'].map((name) => readFile(join(DIR, name), 'utf8')));

  const page = async (_request: unknown, reply: FastifyReply) => {
    const sdk = await fastify.sdk.current();
    const html = template!
      .replace('{{SDK_TAG}}', sdk ? scriptTag(sdk) : '')
      .replace('{{SDK_NOTE}}', sdk ? '' : '<p class="note">The SDK is not built, so nothing is measured: run <code>npm run build</code> and reload.</p>');
    return secure(reply, 'text/html; charset=utf-8').send(html);
  };
  fastify.get('/', async (_request, reply) => reply.redirect('/demo'));
  fastify.get('/demo', page);
  fastify.get('/demo/*', page);
  fastify.get('/demo/demo.js', async (_request, reply) => secure(reply, 'text/javascript; charset=utf-8').send(script));
  fastify.get('/demo/demo.css', async (_request, reply) => secure(reply, 'text/css; charset=utf-8').send(style));
  // Browsers ask for it on every demo visit; an empty answer keeps their consoles clean.
  fastify.get('/favicon.ico', async (_request, reply) => reply.code(204).header('cache-control', 'public, max-age=86400').send());
}
