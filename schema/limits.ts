/**
 * Bounds of the wire contract, in one place so the zod schemas, the
 * collector's enrichment and the docs quote the same numbers.
 * docs/ingest.md, rule 5, says why these bounds.
 */
export const LIMITS = {
  maxEvents: 500,
  maxAttributes: 50,
  maxKeyLength: 64,
  maxAttributeString: 1024,
  maxSelector: 2048,
  maxUrl: 2048,
  maxSteps: 50,
  maxText: 1024,
  /** LCP, FCP, TTFB and page timings, in ms. */
  maxLoadMs: 600_000,
  /** INP, in ms. */
  maxInteractionMs: 60_000,
  /** CLS is unitless. */
  maxCls: 100,
  /** Workflow durations: a day, in ms. */
  maxWorkflowMs: 86_400_000,
  /** Event times older than this (after skew correction) are stale. */
  maxAgeMs: 48 * 3600_000,
} as const;

/** Opaque client-made ids: sessions, page views, workflow runs, metric ids. */
export const ID_PATTERN = /^[A-Za-z0-9_-]{8,64}$/;
/** App ids name a tenant: lower case so they compare exactly. */
export const APP_PATTERN = /^[a-z0-9][a-z0-9_-]{0,63}$/;
