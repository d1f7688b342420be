import { brotliCompressSync, constants, gzipSync } from 'node:zlib';

/** Bytes of one file as served: raw, gzip -9 and brotli 11, what a CDN would send. */
export interface Size {
  raw: number;
  gzip: number;
  brotli: number;
}

/** Measures `code` raw, gzipped and brotli-compressed at their highest levels. */
export function sizeOf(code: string | Buffer): Size {
  const bytes = Buffer.isBuffer(code) ? code : Buffer.from(code, 'utf8');
  return {
    raw: bytes.length,
    gzip: gzipSync(bytes, { level: 9 }).length,
    brotli: brotliCompressSync(bytes, {
      params: { [constants.BROTLI_PARAM_QUALITY]: 11, [constants.BROTLI_PARAM_SIZE_HINT]: bytes.length },
    }).length,
  };
}
