import { createHash } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import fp from 'fastify-plugin';
import { packagePath } from '../config/package-root.js';

/** The built SDK as served: bytes, the SRI hash pages pin it with, and a content version for cache-busting URLs. */
export interface SdkAsset {
  body: Buffer;
  /** `sha384-…`, for `<script integrity>`. */
  integrity: string;
  /** First 16 hex digits of the SHA-256 of the file: `/percept.js?v=<version>`. */
  version: string;
}

export interface SdkFiles {
  /** The SDK, or undefined while `npm run build` has not made it. */
  current(): Promise<SdkAsset | undefined>;
}

declare module 'fastify' {
  interface FastifyInstance {
    sdk: SdkFiles;
  }
}

/** The project's dist/percept.js, whatever the working directory. */
export const DEFAULT_SDK_FILE = packagePath('dist', 'percept.js');

/** Reads the SDK and hashes it; undefined when the file does not exist. */
export const loadSdk = async (file: string): Promise<SdkAsset | undefined> => {
  const body = await readFile(file).catch(() => undefined);
  if (!body) return undefined;
  return {
    body,
    integrity: `sha384-${createHash('sha384').update(body).digest('base64')}`,
    version: createHash('sha256').update(body).digest('hex').slice(0, 16),
  };
};

/**
 * Loads the SDK once it exists and keeps it: a collector serves one build for
 * its lifetime, so the SRI printed at startup stays true. Until the file
 * exists every request looks again, so a build after start is picked up.
 */
export default fp(
  async (fastify) => {
    const file = fastify.config.sdkFile ?? DEFAULT_SDK_FILE;
    let asset = await loadSdk(file);
    fastify.decorate('sdk', {
      current: async () => (asset ??= await loadSdk(file)),
    } satisfies SdkFiles);
  },
  { name: 'percept-sdk', fastify: '5.x', dependencies: ['percept-config'] },
);
