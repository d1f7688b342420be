import type { Workflow, WorkflowOptions } from './workflows.js';

/** Consent state: nothing is sent before `granted`. */
export type Consent = 'granted' | 'pending' | 'denied';

/** Options of `init()`; the script tag sets the same ones through `data-*` attributes. */
export interface Options {
  /** App id, as registered at the collector (`data-app`). */
  app: string;
  /** Public ingest key of the app (`data-key`). */
  key: string;
  /** Collector base URL; batches go to `${endpoint}/v1/batch?key=…`. Default: the page's origin (ESM), the script's origin (script tag). */
  endpoint?: string;
  /** Release of the app, e.g. a version or commit (`data-release`). */
  release?: string;
  /** Environment, e.g. `production` (`data-env`). */
  env?: string;
  /** Share of sessions that report, 0–1 (`data-sample-rate`). Default 1. */
  sampleRate?: number;
  /** Initial consent (`data-consent`). Default `granted`. */
  consent?: Consent;
  /** Send nothing when the browser signals Global Privacy Control (`data-respect-gpc`). */
  respectGpc?: boolean;
  /** Send nothing when the browser signals Do Not Track (`data-respect-dnt`). */
  respectDnt?: boolean;
  /** Timer flush interval in ms (`data-flush-ms`). Default 5000. */
  flushMs?: number;
  /** `performance.measure()` names with this prefix become workflow runs (`data-measure-prefix`). Default `percept:`. */
  measurePrefix?: string;
  /** Query parameters kept in URLs; all others are dropped (`data-allow-params`, comma list). Default none. */
  allowParams?: string[];
  /** A workflow run still open after this many ms ends as `timeout` (`data-workflow-timeout-ms`). Default 60000. */
  workflowTimeoutMs?: number;
  /** Log SDK problems to `console.debug` (`data-debug`). Default off: silent. */
  debug?: boolean;
}

/** The SDK's public functions, the same in the ESM build and on the `percept` global. */
export interface Api {
  /** Starts a run of workflow `name`. */
  workflow: (name: string, options?: WorkflowOptions) => Workflow;
  /** Runs a one-step task as a workflow run and returns its result unchanged; its own errors reach the caller as before. */
  measure: <T>(name: string, task: T | (() => T)) => T;
  /** Starts a page view, or names the current one when its URL has not changed since it started. */
  page: (route?: string) => void;
  /** Sets the route template (`/orders/:id`) of the current page view without starting a new one. */
  route: (template: string) => void;
  /** Grants or denies consent; `denied` also drops everything not yet sent. */
  consent: (state: Consent) => void;
  /** Sets (null: clears) the app's opaque user id; the collector stores only a keyed hash of it. */
  user: (id: string | null) => void;
  /** Sends everything queued now. */
  flush: () => void;
}
