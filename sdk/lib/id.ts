/**
 * A random v4 UUID, for batch ids: the wire wants a UUID there because the
 * collector deduplicates on it. `crypto` needs a secure context (https or
 * localhost); elsewhere it throws and the SDK stays idle, which costs fewer
 * bytes than a fallback for insecure pages.
 */
export const uuid = (): string => crypto.randomUUID();

/**
 * A random id of 16 characters from `[A-Za-z0-9_]` (96 bits, 12 random bytes
 * in base64 with `+` and `/` folded into `_`): sessions, page views and runs.
 * Less than half a UUID on the wire, still far from any collision.
 */
export const id = (): string => btoa(String.fromCharCode(...crypto.getRandomValues(new Uint8Array(12)))).replace(/[+/]/g, '_');
