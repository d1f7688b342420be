export { WIRE_VERSION, WIRE_VERSIONS, batchSchema, clientContextSchema, envelopeSchema } from './batch.js';
export type { Batch, ClientContext, Envelope } from './batch.js';
export {
  attributesSchema,
  attributionSchema,
  eventSchema,
  navigationTypeSchema,
  pageEventSchema,
  pageTimingSchema,
  vitalEventSchema,
  workflowEventSchema,
  workflowStepSchema,
} from './events.js';
export type {
  Attributes,
  Attribution,
  Event,
  MetricName,
  NavigationType,
  PageEvent,
  PageTiming,
  VitalEvent,
  WorkflowEvent,
  WorkflowOutcome,
  WorkflowStep,
} from './events.js';
export { APP_PATTERN, ID_PATTERN, LIMITS } from './limits.js';
export { formatPath, toProblems } from './problems.js';
export type { Problem } from './problems.js';
export { checkEnvelope, checkEvent } from './validate.js';
export type { Verdict } from './validate.js';
export { RATING_THRESHOLDS, rate } from './thresholds.js';
export type { Rating } from './thresholds.js';
