import { isSensitiveKey } from './keys.js';
import { P } from './placeholders.js';

/**
 * `key=value` and JSON `"key": "value"` pairs inside free text (a query
 * string or a request body quoted in an error message): when the key names
 * personal data (key rules, docs/privacy.md: `name=`, `password=`,
 * `"email":`), the value goes whatever it looks like. `=` must touch both
 * key and value, so prose ("token = in") is not a pair; `:` counts only
 * after a quoted key. An error class under `name` (`"name":"TypeError"`) is
 * kept.
 */

const PAIR =
  /(?<![\p{L}\p{N}_])(?:(")([A-Za-z_][A-Za-z0-9_.-]{0,40})"\s{0,2}:\s{0,2}|([A-Za-z_][A-Za-z0-9_.-]{0,40})=)("(?:[^"\\\n]|\\.){0,256}"|[^\s&;,"'<>(){}[\]]{1,256})/gu;

// A serialised JS error carries `"name":"TypeError"`: a class name, not a person.
const ERROR_NAME = /^"?[A-Z][A-Za-z]{0,40}(?:Error|Exception)"?$/;

/** Replaces the value of every sensitive `key=value` / `"key": value` pair in `s` with `[redacted]`. */
export const scrubKeyValues = (s: string): string =>
  s.replace(PAIR, (m, _quote: string | undefined, jsonKey: string | undefined, plainKey: string | undefined, value: string) => {
    const key = jsonKey ?? plainKey ?? '';
    if (!isSensitiveKey(key) || (key.toLowerCase() === 'name' && ERROR_NAME.test(value))) return m;
    const replacement = value.startsWith('"') ? `"${P.redacted}"` : P.redacted;
    return m.slice(0, m.length - value.length) + replacement;
  });
