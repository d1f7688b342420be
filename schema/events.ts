import { z } from 'zod';
import { ID_PATTERN, LIMITS } from './limits.js';

/**
 * The event types of wire version 1. Every object is strict: an unknown key is
 * an error that names the key, so no field can slip past the scrubber unseen.
 */

const ms = (max: number) => z.number().min(0).max(max);
const epochMs = z.number().min(0).max(8.64e15);
const id = z.string().regex(ID_PATTERN);
const text = (max: number) => z.string().max(max);

/** Navigation types as web-vitals and CrUX define them. */
export const navigationTypeSchema = z.enum(['navigate', 'reload', 'back-forward', 'back-forward-cache', 'prerender', 'restore']);

/**
 * Fields every event carries. `ts` is when it happened: in wire version 2 ms
 * after the envelope's `origin` (the page's time origin), in version 1
 * client epoch ms (the bound fits both). `page_id` overrides the envelope's page view for events queued
 * before a route change.
 */
const common = {
  ts: epochMs,
  page_id: id.optional(),
};

/**
 * Where a vital or workflow happened, sent only with a `page_id` override:
 * a hard load's LCP and CLS are reported at page hide, often after SPA route
 * changes, when the envelope already names a later page view.
 */
const place = {
  url: text(LIMITS.maxUrl).optional(),
  route: text(LIMITS.maxUrl).optional(),
};

/** Navigation timing summary of a hard load, ms relative to navigation start. */
export const pageTimingSchema = z.strictObject({
  dns: ms(LIMITS.maxLoadMs).optional(),
  connect: ms(LIMITS.maxLoadMs).optional(),
  ttfb: ms(LIMITS.maxLoadMs).optional(),
  dom_interactive: ms(LIMITS.maxLoadMs).optional(),
  dom_content_loaded: ms(LIMITS.maxLoadMs).optional(),
  load: ms(LIMITS.maxLoadMs).optional(),
  transfer_size: z.number().int().min(0).max(1e10).optional(),
});

/**
 * A page view starts: a hard load, a soft (History API or explicit) route
 * change, a bfcache restore, or a prerendered page being activated.
 */
export const pageEventSchema = z.strictObject({
  type: z.literal('page'),
  ...common,
  kind: z.enum(['load', 'route', 'bfcache', 'prerender']),
  /** Absent: `navigate`. */
  nav: navigationTypeSchema.optional(),
  url: text(LIMITS.maxUrl),
  route: text(LIMITS.maxUrl).optional(),
  /** Route of the previous page view in the same tab and session; absent on entry. */
  prev_route: text(LIMITS.maxUrl).optional(),
  referrer: text(LIMITS.maxUrl).optional(),
  timing: pageTimingSchema.optional(),
});

/**
 * Attribution of a Web Vital. One shape for all metrics; which fields are
 * filled depends on the metric (see docs/wire-format.md).
 */
export const attributionSchema = z.strictObject({
  /** LCP element, INP target, or CLS largest-shift source. */
  selector: text(LIMITS.maxSelector).optional(),
  /** LCP resource url. */
  url: text(LIMITS.maxUrl).optional(),
  /** INP event type, e.g. `click`, `keydown`. */
  event: z
    .string()
    .regex(/^[a-z]{1,32}$/)
    .optional(),
  /** LCP sub-parts, ms. */
  ttfb: ms(LIMITS.maxLoadMs).optional(),
  load_delay: ms(LIMITS.maxLoadMs).optional(),
  load_duration: ms(LIMITS.maxLoadMs).optional(),
  render_delay: ms(LIMITS.maxLoadMs).optional(),
  /** INP phases, ms. */
  input_delay: ms(LIMITS.maxInteractionMs).optional(),
  processing: ms(LIMITS.maxInteractionMs).optional(),
  presentation: ms(LIMITS.maxInteractionMs).optional(),
});

const vital = <N extends string>(name: N, max: number) =>
  z.strictObject({
    type: z.literal('vital'),
    ...common,
    name: z.literal(name),
    value: z.number().min(0).max(max),
    /** Absent: equal to `value` (a metric's first report). */
    delta: z.number().min(-max).max(max).optional(),
    id,
    /** What the browser thought; the collector recomputes it and never trusts this. */
    rating: z.enum(['good', 'needs-improvement', 'poor']).optional(),
    /** Absent: `navigate`, by far the most common. */
    nav: navigationTypeSchema.optional(),
    attribution: attributionSchema.optional(),
    ...place,
  });

/** One Web Vital report, bounded per metric. */
export const vitalEventSchema = z.discriminatedUnion('name', [
  vital('LCP', LIMITS.maxLoadMs),
  vital('FCP', LIMITS.maxLoadMs),
  vital('TTFB', LIMITS.maxLoadMs),
  vital('INP', LIMITS.maxInteractionMs),
  vital('CLS', LIMITS.maxCls),
]);

export const workflowStepSchema = z.strictObject({
  name: z.string().min(1).max(LIMITS.maxKeyLength),
  /** ms after the workflow's start. */
  start: ms(LIMITS.maxWorkflowMs),
  duration: ms(LIMITS.maxWorkflowMs),
});

/** Flat attributes: strings, finite numbers, booleans; nothing nested. */
export const attributesSchema = z
  .record(z.string().min(1).max(LIMITS.maxKeyLength), z.union([z.string().max(LIMITS.maxAttributeString), z.number(), z.boolean()]))
  .refine((attrs) => Object.keys(attrs).length <= LIMITS.maxAttributes, {
    message: `at most ${LIMITS.maxAttributes} attributes`,
  });

/** One run of a user workflow, e.g. `checkout`, from its start to what the user saw. */
export const workflowEventSchema = z.strictObject({
  type: z.literal('workflow'),
  ...common,
  ...place,
  name: z.string().min(1).max(LIMITS.maxKeyLength),
  run_id: id,
  outcome: z.enum(['ok', 'error', 'abandoned', 'timeout']),
  /** From start (the triggering input's timeStamp when there was one) to `end()`. */
  duration: ms(LIMITS.maxWorkflowMs),
  /** From start to the first paint after `end()`: what the user waited. */
  perceived: ms(LIMITS.maxWorkflowMs).optional(),
  steps: z.array(workflowStepSchema).max(LIMITS.maxSteps).optional(),
  attrs: attributesSchema.optional(),
  /** Error text when outcome is `error`; scrubbed as free text. */
  error: text(LIMITS.maxText).optional(),
});

export const eventSchema = z.discriminatedUnion('type', [pageEventSchema, vitalEventSchema, workflowEventSchema]);

export type NavigationType = z.infer<typeof navigationTypeSchema>;
export type PageTiming = z.infer<typeof pageTimingSchema>;
export type PageEvent = z.infer<typeof pageEventSchema>;
export type Attribution = z.infer<typeof attributionSchema>;
export type VitalEvent = z.infer<typeof vitalEventSchema>;
export type MetricName = VitalEvent['name'];
export type WorkflowStep = z.infer<typeof workflowStepSchema>;
export type Attributes = z.infer<typeof attributesSchema>;
export type WorkflowEvent = z.infer<typeof workflowEventSchema>;
export type WorkflowOutcome = WorkflowEvent['outcome'];
export type Event = z.infer<typeof eventSchema>;
