/**
 * A random v4 UUID: batch ids, sessions, page views, runs. `crypto.randomUUID`
 * needs a secure context (https or localhost); elsewhere it throws and the SDK
 * stays idle, which costs fewer bytes than a fallback for insecure pages.
 */
export const uuid = (): string => crypto.randomUUID();
