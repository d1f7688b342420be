import { readFile } from 'node:fs/promises';
import { basename, join } from 'node:path';
import type { FastifyInstance, FastifyReply } from 'fastify';
import { DASHBOARD_APP } from '../config/defaults.js';
import { packagePath } from '../config/package-root.js';

/** Where `npm run build` writes the dashboard (rollup.config.mjs). */
export const DASHBOARD_DIR = packagePath('dist', 'dashboard');

/**
 * Only this origin's own files and API: no inline script or style (the page
 * has none), no framing, no other origin to talk to. `img-src data:` is for
 * the empty favicon.
 */
export const DASHBOARD_CSP =
  "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self' data:; connect-src 'self'; " +
  "base-uri 'none'; form-action 'self'; frame-ancestors 'none'";

const IMMUTABLE = 'public, max-age=31536000, immutable';
const ASSET = /^(?:app|dashboard|[a-z-]+)-[A-Za-z0-9_-]{6,}\.(js|css)$/;
const TYPES: Readonly<Record<string, string>> = { js: 'text/javascript; charset=utf-8', css: 'text/css; charset=utf-8' };

const escapeAttribute = (text: string): string => text.replace(/&/g, '&amp;').replace(/"/g, '&quot;').replace(/</g, '&lt;');

const secure = (reply: FastifyReply) =>
  reply
    .header('content-security-policy', DASHBOARD_CSP)
    .header('x-content-type-options', 'nosniff')
    .header('referrer-policy', 'no-referrer')
    .header('cross-origin-opener-policy', 'same-origin')
    .header('cross-origin-resource-policy', 'same-origin');

/**
 * The dashboard at `/dashboard` and every view under it (`/dashboard/routes`
 * …: a reload lands on the same page, which draws the view from its URL).
 * Assets have content hashes in their names and are cached for a year; the
 * page itself is revalidated on every visit so a new build shows at once.
 * When the collector has the built-in `percept-dashboard` app, its public
 * ingest key goes into the page so the dashboard measures itself.
 */
export default async function dashboardRoutes(fastify: FastifyInstance): Promise<void> {
  const self = fastify.config.apps.get(DASHBOARD_APP);
  const assets = new Map<string, Buffer>();

  const page = async (_request: unknown, reply: FastifyReply) => {
    const template = await readFile(join(DASHBOARD_DIR, 'index.html'), 'utf8').catch(() => undefined);
    secure(reply).header('cache-control', 'no-cache');
    if (template === undefined) {
      return reply.code(503).type('text/plain; charset=utf-8').send('The dashboard has not been built yet: run `npm run build` and reload.\n');
    }
    const script = /src="\/dashboard\/assets\/(app-[^"]+\.js)"/.exec(template)?.[1] ?? '';
    const attributes = self?.keys[0]
      ? `data-self-key="${escapeAttribute(self.keys[0])}" data-self-release="${escapeAttribute(script.replace(/^app-|\.js$/g, ''))}"`
      : '';
    return reply.type('text/html; charset=utf-8').send(template.replace('{{SELF}}', attributes));
  };

  fastify.get('/dashboard', page);
  fastify.get('/dashboard/*', page);
  fastify.get<{ Params: { file: string } }>('/dashboard/assets/:file', async (request, reply) => {
    const file = basename(request.params.file);
    const match = ASSET.exec(file);
    let body = match ? assets.get(file) : undefined;
    if (match && !body) {
      body = await readFile(join(DASHBOARD_DIR, 'assets', file)).catch(() => undefined);
      // A hashed name never changes content, so it is safe to keep.
      if (body) assets.set(file, body);
    }
    if (!match || !body)
      return reply.code(404).type('text/plain; charset=utf-8').send('No such dashboard file: reload the dashboard to get the current build.\n');
    return secure(reply).header('cache-control', IMMUTABLE).type(TYPES[match[1]!]!).send(body);
  });
}
