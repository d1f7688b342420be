/**
 * The wire version this contract describes; a breaking change bumps it. The
 * one value the SDK imports from schema/: this module imports nothing, so no
 * zod reaches the browser, and what the SDK sends is what the collector checks.
 * Version 2 sends event times as ms after the page's time origin, given once
 * in the envelope as `origin` (docs/wire-format.md); version 1 batches, with
 * epoch event times and no `origin`, are still accepted.
 */
export const WIRE_VERSION = 2;
