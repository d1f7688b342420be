import type { ScrubContext, ScrubField } from '../../../collector/scrub/index.js';

/**
 * One corpus case: what goes in, which field rule applies, and either the
 * exact output or what must be gone / must survive.
 */
export interface Case {
  field: ScrubField;
  input: string;
  context?: ScrubContext;
  /** The exact expected output. */
  expect?: string;
  /** Substrings that must not survive. */
  gone?: string[];
  /** Substrings that must survive. */
  kept?: string[];
}

/** A case whose exact output is known. */
export const exact = (field: ScrubField, input: string, expect: string, context?: ScrubContext): Case => ({
  field,
  input,
  expect,
  ...(context !== undefined && { context }),
});

/** A look-alike that must pass through unchanged. */
export const same = (field: ScrubField, input: string, context?: ScrubContext): Case => exact(field, input, input, context);
