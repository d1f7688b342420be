import type { Readable, Transform } from 'node:stream';
import { createBrotliDecompress, createGunzip, createInflate } from 'node:zlib';
import { perceptError } from '../errors.js';

type Decoder = () => Transform;

/**
 * Content codings we decompress. `deflate` is the zlib format RFC 9110 §8.4.1.2
 * names, not raw deflate. A Map, so a header value like `constructor` finds nothing.
 */
const DECODERS: ReadonlyMap<string, Decoder | null> = new Map<string, Decoder | null>([
  ['identity', null],
  ['gzip', createGunzip],
  ['x-gzip', createGunzip],
  ['deflate', createInflate],
  ['br', createBrotliDecompress],
]);

/**
 * Picks the decoder for a Content-Encoding header: `null` for none, 415 for
 * anything but one of gzip, deflate, br, identity (stacked codings included).
 */
export const decoderFor = (header: string | undefined): Decoder | null => {
  if (header === undefined) return null;
  const name = header.trim().toLowerCase();
  if (name === '') return null;
  const decoder = DECODERS.get(name);
  if (decoder === undefined) throw perceptError('unsupported_encoding');
  return decoder;
};

/**
 * Reads a request body into one Buffer, decompressing on the fly, and stops the
 * moment more than `limit` bytes come out (or go in): a gzip bomb costs one
 * zlib chunk past the limit, never its full size. Rejects with a catalogue
 * error: 413 past the limit, 400 for corrupt data or an aborted upload.
 */
export const readBody = (source: Readable, contentEncoding: string | undefined, limit: number): Promise<Buffer> => {
  const decoder = decoderFor(contentEncoding);
  return new Promise<Buffer>((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    let compressedSize = 0;
    let settled = false;
    const zlib = decoder ? decoder() : null;

    const finish = (error: Error | null) => {
      if (settled) return;
      settled = true;
      source.off('data', onSource);
      source.off('end', onSourceEnd);
      source.off('error', onSourceError);
      source.off('close', onSourceClose);
      if (zlib) zlib.destroy();
      // On error the rest of the upload is left unread: Fastify answers with
      // `Connection: close`, so the socket goes away instead of being drained.
      if (error) {
        reject(error);
      } else {
        resolve(chunks.length === 1 ? chunks[0]! : Buffer.concat(chunks, size));
      }
    };

    const onOutput = (chunk: Buffer) => {
      if (settled) return;
      size += chunk.length;
      if (size > limit) return finish(perceptError('body_too_large'));
      chunks.push(chunk);
    };
    const onSource = (chunk: Buffer | string) => {
      const bytes = typeof chunk === 'string' ? Buffer.from(chunk) : chunk;
      if (!zlib) return onOutput(bytes);
      compressedSize += bytes.length;
      if (compressedSize > limit) return finish(perceptError('body_too_large'));
      // Backpressure: read no more from the client than zlib has taken.
      if (!zlib.write(bytes)) source.pause();
    };
    const onSourceEnd = () => (zlib ? zlib.end() : finish(null));
    const onSourceError = () => finish(perceptError('bad_request', { message: 'The upload failed before the body was complete.' }));
    const onSourceClose = () => {
      if (!source.readableEnded) onSourceError();
    };

    if (zlib) {
      zlib.on('drain', () => source.resume());
      zlib.on('data', onOutput);
      zlib.on('end', () => finish(null));
      zlib.on('error', () => finish(perceptError('corrupt_body')));
    }
    source.on('data', onSource);
    source.on('end', onSourceEnd);
    source.on('error', onSourceError);
    source.on('close', onSourceClose);
  });
};
