import { isSensitiveKey } from './keys.js';
import { P } from './placeholders.js';
import { scrubPlain } from './plain.js';
import { scrubUrl, scrubUrlsIn } from './url.js';

/**
 * CSS selectors (docs/privacy.md, selector row). Attribute selectors are parsed:
 * free-text attributes (`value`, `title`, …) lose their value, URL
 * attributes get the URL rules, `data-*`/`aria-*` are pattern-scanned and
 * dropped when their name says PII. Everything outside attribute selectors
 * (tags, ids, classes, pseudo-classes) is pattern-scanned, and UUIDs in ids
 * and classes become `:id`.
 */

/** Attributes that hold what the user typed or read: always replaced. */
const FREE_TEXT_ATTRS = new Set(['value', 'title', 'alt', 'placeholder', 'content', 'label', 'aria-valuetext', 'srcdoc']);
/** Attributes that hold a URL. */
const URL_ATTRS = new Set(['href', 'src', 'action', 'formaction', 'poster', 'cite', 'background', 'xlink:href', 'ping']);

const ATTRIBUTE = /^\[(\s*)([^\s~|^$*!=\]]+)(\s*)(?:([~|^$*]?=)(\s*)("(?:[^"\\]|\\.)*"?|'(?:[^'\\]|\\.)*'?|[^\s\]]*)(\s*(?:[iIsS]\s*)?))?\]?$/s;
const UUID = /(?<![0-9A-Fa-f])[0-9A-Fa-f]{8}-?[0-9A-Fa-f]{4}-?[0-9A-Fa-f]{4}-?[0-9A-Fa-f]{4}-?[0-9A-Fa-f]{12}(?![0-9A-Fa-f])/g;

// Our own `[email]`, `[redacted]`… read back as text, not as attribute
// selectors, so a second pass splits the selector exactly like the first.
const BRACKETED = Object.values(P).filter((p) => p.startsWith('['));
const startsWithPlaceholder = (s: string, i: number): boolean => BRACKETED.some((p) => s.startsWith(p, i));

/**
 * Index just past the `]` closing the attribute selector opened at `start`
 * (quotes and our placeholders respected), or -1 when it is never closed.
 */
const attributeEnd = (s: string, start: number): number => {
  let quote = '';
  for (let i = start + 1; i < s.length; i++) {
    const c = s[i];
    if (c === '\\') i++;
    else if (quote !== '') {
      if (c === quote) quote = '';
    } else if (c === '"' || c === "'") quote = c;
    else if (c === '[' && startsWithPlaceholder(s, i)) i = s.indexOf(']', i);
    else if (c === ']') return i + 1;
  }
  return -1;
};

const scrubOutside = (text: string): string => {
  if (text === '') return text;
  return scrubUrlsIn(text.replace(UUID, P.id), scrubPlain);
};

const scrubAttributeValue = (name: string, value: string): string => {
  if (value === '') return value;
  if (FREE_TEXT_ATTRS.has(name)) return P.redacted;
  if (URL_ATTRS.has(name)) return scrubUrl(value);
  const dataName = name.startsWith('data-') ? name.slice(5) : name.startsWith('aria-') ? name.slice(5) : '';
  if (dataName !== '' && isSensitiveKey(dataName)) return P.redacted;
  return scrubUrlsIn(value.replace(UUID, P.id), scrubPlain);
};

const scrubAttribute = (chunk: string): string => {
  const m = ATTRIBUTE.exec(chunk);
  if (m === null) return scrubOutside(chunk);
  const [, ws1, rawName, ws2, op, ws3, rawValue, flags] = m;
  if (op === undefined || rawValue === undefined) return chunk;
  const quote = rawValue[0] === '"' || rawValue[0] === "'" ? rawValue[0] : '';
  const closed = quote !== '' && rawValue.length > 1 && rawValue.endsWith(quote);
  const inner = quote === '' ? rawValue : rawValue.slice(1, closed ? -1 : undefined);
  const scrubbed = scrubAttributeValue(rawName!.toLowerCase(), inner);
  if (scrubbed === inner) return chunk;
  return `[${ws1}${rawName}${ws2}${op}${ws3}${quote || '"'}${scrubbed}${quote || '"'}${flags ?? ''}]`;
};

/** Scrubs a CSS selector, keeping its structure. */
export const scrubSelector = (s: string): string => {
  let out = '';
  let from = 0;
  for (let i = 0; i < s.length; i++) {
    const c = s[i];
    if (c === '\\') {
      i++;
    } else if (c === '[' && !startsWithPlaceholder(s, i)) {
      const end = attributeEnd(s, i);
      // An unclosed `[` (a cut selector): the rest is outside text. Stopping
      // here also keeps `[[[[…` linear.
      if (end < 0) break;
      out += scrubOutside(s.slice(from, i)) + scrubAttribute(s.slice(i, end));
      from = end;
      i = end - 1;
    }
  }
  return out + scrubOutside(s.slice(from));
};
