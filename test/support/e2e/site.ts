import { readFile } from 'node:fs/promises';
import { createServer, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { fileURLToPath } from 'node:url';
import { noisePng } from './image.js';

const PAGES_DIR = fileURLToPath(new URL('../../e2e/pages/', import.meta.url));
const DIST_DIR = fileURLToPath(new URL('../../../dist/', import.meta.url));

/** The `data-*` attributes of the SDK's script tag that a page's query string may set. */
export const SDK_ATTRIBUTES = [
  'app',
  'key',
  'endpoint',
  'release',
  'env',
  'sample-rate',
  'consent',
  'flush-ms',
  'measure-prefix',
  'allow-params',
  'workflow-timeout-ms',
  'debug',
] as const;

/** The documented pre-load stub, so calls made before the SDK loads are kept. */
const STUB = '<script>window.percept=window.percept||function(){(percept.q=percept.q||[]).push(arguments)}</script>';

const escapeAttr = (value: string): string => value.replace(/&/g, '&amp;').replace(/"/g, '&quot;').replace(/</g, '&lt;');

/** The snippet a customer pastes, with attributes from the defaults overridden by the query string. */
export function snippet(defaults: Record<string, string>, query: URLSearchParams): string {
  const attrs: Record<string, string> = { ...defaults };
  for (const name of SDK_ATTRIBUTES) {
    const value = query.get(name);
    if (value !== null) attrs[name] = value;
  }
  const data = Object.entries(attrs)
    .map(([name, value]) => ` data-${name}="${escapeAttr(value)}"`)
    .join('');
  return `${STUB}<script src="/percept.js"${data} defer></script>`;
}

/** An in-memory file the site also serves, e.g. a bundle a benchmark built. */
export interface Asset {
  type: string;
  body: string | Buffer;
}

/** Serves the scenario pages, the built SDK and test images from one origin. */
export interface Site {
  /** Origin of the pages, e.g. `http://127.0.0.1:41235`. */
  readonly origin: string;
  /** Absolute URL of a scenario page: `page('inp.html?busy=300')`. */
  page(pathAndQuery: string): string;
  close(): Promise<void>;
}

const HERO_PNG = noisePng(450, 250);

const TYPES: Record<string, string> = {
  html: 'text/html; charset=utf-8',
  js: 'text/javascript; charset=utf-8',
  mjs: 'text/javascript; charset=utf-8',
  png: 'image/png',
};

const send = (res: ServerResponse, status: number, type: string, body: string | Buffer): void => {
  // no-cache, not no-store: no-store would make pages ineligible for the bfcache.
  res.writeHead(status, { 'content-type': type, 'cache-control': 'no-cache' });
  res.end(body);
};

/**
 * Starts the page server on 127.0.0.1 and a random port, another origin than
 * the collector's as in production. Every page under test/e2e/pages/ that
 * holds `<!--percept-->` gets the SDK snippet there, with `endpoint` pointing
 * at `endpoint` unless the query string says otherwise.
 *
 * Paths: `/pages/NAME.html`, `/percept.js`, `/percept.mjs` (from dist/),
 * `/hero.png`, `/slow/MS/hero.png` (answered after MS ms), and `assets`.
 */
export async function startSite(endpoint: string, assets: Record<string, Asset> = {}): Promise<Site> {
  const defaults = { app: 'demo', key: 'demo-public-key', endpoint };
  const server = createServer((req, res) => {
    const url = new URL(req.url ?? '/', 'http://site');
    const path = url.pathname;
    const asset = assets[path];
    if (asset) return send(res, 200, asset.type, asset.body);
    if (path === '/favicon.ico') return send(res, 204, 'image/x-icon', '');
    const slow = /^\/slow\/(\d+)\/hero\.png$/.exec(path);
    if (slow || path === '/hero.png') {
      setTimeout(() => send(res, 200, TYPES.png!, HERO_PNG), Number(slow?.[1] ?? 0));
      return;
    }
    const file = /^\/(pages\/[a-z0-9-]+\.html|percept\.m?js)$/.exec(path)?.[1];
    if (!file) return send(res, 404, 'text/plain', 'not found');
    const dir = file.startsWith('pages/') ? PAGES_DIR : DIST_DIR;
    const name = file.replace(/^pages\//, '');
    readFile(dir + name, 'utf8').then(
      (text) => {
        const body = text.replace('<!--percept-->', () => snippet(defaults, url.searchParams));
        send(res, 200, TYPES[name.split('.').pop()!]!, body);
      },
      () => send(res, 404, 'text/plain', `not found: ${file} (did npm run build run?)`),
    );
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const origin = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  return {
    origin,
    page: (pathAndQuery) => `${origin}/pages/${pathAndQuery}`,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
