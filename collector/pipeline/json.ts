import { perceptError } from '../errors.js';

/**
 * Lone surrogates reach a parsed body only through `\uD800`-style escapes:
 * invalid UTF-8 bytes already became U+FFFD when the bytes were decoded. Bodies
 * whose text holds such an escape are remembered, so the Unicode repair walk
 * runs for them alone (it costs as much as validation).
 */
const SURROGATE_ESCAPE = /\\u[dD][89a-fA-F]/;
const escaped = new WeakSet<object>();

/** True when the body's JSON text held a surrogate escape, so its strings may not be well-formed. */
export const mayHoldLoneSurrogates = (body: object): boolean => escaped.has(body);

/** Parses JSON text, throwing on syntax errors and on prototype-poisoning keys. */
export type SecureJsonParse = (text: string) => unknown;

/**
 * Wraps Fastify's own JSON parser (secure-json-parse with
 * `onProtoPoisoning`/`onConstructorPoisoning: 'error'`) as a plain function.
 * Fastify calls `done` synchronously, which is what makes this safe.
 */
export const fromFastifyParser =
  (parser: (request: never, body: string, done: (error: Error | null, value?: unknown) => void) => void): SecureJsonParse =>
  (text) => {
    let result: { error: Error | null; value?: unknown } | undefined;
    parser(undefined as never, text, (error, value) => {
      result = { error, value };
    });
    if (!result) throw new Error('The JSON parser did not answer synchronously.');
    if (result.error) throw result.error;
    return result.value;
  };

/**
 * Turns a decoded body into the batch object. Syntax errors, poisoning keys and
 * non-object tops become catalogue errors; their messages never quote the body,
 * because V8's SyntaxError text does and bodies carry personal data.
 * V8's JSON.parse is not recursive, so 10 000 levels of nesting cost no stack.
 */
export const parseBatchJson = (text: string, secureParse: SecureJsonParse): Record<string, unknown> => {
  // A UTF-8 BOM is legal in front of JSON per RFC 8259 §8.1 and some clients send it.
  const json = text.charCodeAt(0) === 0xfeff ? text.slice(1) : text;
  if (json.trim() === '') throw perceptError('body_empty');
  let value: unknown;
  try {
    value = secureParse(json);
  } catch {
    throw isJson(json) ? perceptError('forbidden_key') : perceptError('invalid_json');
  }
  if (typeof value !== 'object' || value === null || Array.isArray(value)) throw perceptError('body_not_object');
  if (SURROGATE_ESCAPE.test(json)) escaped.add(value);
  return value as Record<string, unknown>;
};

const isJson = (text: string): boolean => {
  try {
    JSON.parse(text);
    return true;
  } catch {
    return false;
  }
};
