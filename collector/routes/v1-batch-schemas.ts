/** JSON Schemas of /v1/batch answers: Fastify serialises with them, /openapi.json publishes them. */

const problem = {
  type: 'object',
  properties: { path: { type: 'string' }, message: { type: 'string' } },
  required: ['path', 'message'],
  additionalProperties: false,
} as const;

const rejectedEvent = {
  type: 'object',
  properties: { index: { type: 'integer' }, problems: { type: 'array', items: problem } },
  required: ['index', 'problems'],
  additionalProperties: false,
} as const;

/** 202: what was kept, what was dropped and why, whether this batch id was seen before, and whether its session is sampled. */
export const acceptedSchema = {
  type: 'object',
  properties: {
    accepted: { type: 'integer', description: 'Events of this batch that are stored.' },
    rejected: { type: 'array', items: rejectedEvent, description: 'Events dropped, by index in `events`, each with its problems.' },
    duplicate: { type: 'boolean', description: 'True when this app and batch_id were accepted before; nothing was stored again.' },
    sampled: {
      type: 'boolean',
      description: "False when the session is outside the app's sampleRate: nothing was stored, and the batch must not be retried.",
    },
  },
  required: ['accepted', 'rejected', 'duplicate', 'sampled'],
  additionalProperties: false,
} as const;

/** Every 4xx and 5xx (see collector/errors.ts). */
export const errorSchema = {
  type: 'object',
  properties: {
    error: {
      type: 'object',
      properties: {
        code: { type: 'string', description: 'Stable code from the error catalogue.' },
        message: { type: 'string' },
        problems: { type: 'array', items: problem },
        rejected: { type: 'array', items: rejectedEvent },
        request_id: { type: 'string' },
      },
      required: ['code', 'message', 'problems'],
      additionalProperties: false,
    },
  },
  required: ['error'],
  additionalProperties: false,
} as const;
