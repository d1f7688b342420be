import { isSensitiveKey } from './keys.js';
import { P } from './placeholders.js';
import { scrubPlain, WITH_IP, WITHOUT_IP, type PlainOptions } from './plain.js';
import { scrubSelector } from './selector.js';
import { scrubUrl, scrubUrlsIn } from './url.js';

/** The free-text places of a batch, each with its own rule (docs/privacy.md). */
export type ScrubField = 'url' | 'referrer' | 'route' | 'selector' | 'workflow_attr_key' | 'workflow_attr_value' | 'error_message' | 'free_text' | 'user_agent';

/** Extra facts a field rule may use. */
export interface ScrubContext {
  /** The attribute key a `workflow_attr_value` is stored under (key-based dropping). */
  key?: string;
}

// IMEI/MEID-length digit runs inside custom user-agent tokens.
const DEVICE_ID = /(?<![0-9A-Za-z])[0-9]{14,16}(?![0-9A-Za-z])/g;

/** Free text with every value pattern, and query rules for the URLs in it. */
export const scrubText = (s: string, options: PlainOptions = WITH_IP): string => scrubUrlsIn(s, (gap) => scrubPlain(gap, options));

// Device ids first: a removed digit run can no longer end a number early, so
// a second pass finds nothing new (idempotence).
const scrubUserAgent = (s: string): string => scrubText(s.replace(DEVICE_ID, P.device), WITHOUT_IP);

const scrubAttrValue = (s: string, context: ScrubContext): string => (context.key !== undefined && isSensitiveKey(context.key) ? P.redacted : scrubText(s));

/** One rule per field; each takes a capped, cleaned, non-empty string. */
export const FIELD_RULES: Readonly<Record<ScrubField, (s: string, context: ScrubContext) => string>> = {
  url: (s) => scrubUrl(s),
  referrer: (s) => scrubUrl(s),
  route: (s) => scrubUrl(s, true),
  selector: scrubSelector,
  workflow_attr_key: (s) => scrubText(s),
  workflow_attr_value: scrubAttrValue,
  error_message: (s) => scrubText(s),
  free_text: (s) => scrubText(s),
  user_agent: scrubUserAgent,
};
