/**
 * The wire version this contract describes; a breaking change bumps it. The
 * one value the SDK imports from schema/: this module imports nothing, so no
 * zod reaches the browser, and what the SDK sends is what the collector checks.
 */
export const WIRE_VERSION = 1;
