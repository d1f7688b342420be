/**
 * What every analysis question is scoped by. Routes parse and validate the
 * query string into this (400 names the bad field); query modules turn it into
 * parameterised SQL, never string-built SQL from input.
 */
export interface Filters {
  app: string;
  /** First UTC day included, YYYY-MM-DD. */
  from: string;
  /** Last UTC day included, YYYY-MM-DD. */
  to: string;
  env?: string;
  release?: string;
  /** Route template as stored (`/orders/:id`). */
  route?: string;
  deviceClass?: string;
  browser?: string;
  os?: string;
  connection?: string;
  country?: string;
  /** Workflow attributes, `attrs.plan=pro` → { plan: 'pro' }. */
  attrs?: Record<string, string>;
}
