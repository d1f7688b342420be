let debug = false;

/** Turns SDK problem logging on (`data-debug`); off by default so the host console stays clean. */
export const setDebug = (on: boolean): void => {
  debug = on;
};

/** Reports an SDK problem to `console.debug` when debugging is on; silent otherwise. */
export const log = (...what: unknown[]): void => {
  if (debug) console.debug('percept:', ...what);
};

/**
 * Wraps a function so no exception can escape into the host page: the SDK
 * degrades to "not reported" instead (docs/sdk.md, "Never breaking the page").
 */
export const guard =
  <A extends unknown[], R>(fn: (...args: A) => R) =>
  (...args: A): R | undefined => {
    try {
      return fn(...args);
    } catch (error) {
      log(error);
      return undefined;
    }
  };
