import { z } from 'zod';
import { attributesSchema, batchSchema, envelopeSchema, pageEventSchema, vitalEventSchema, workflowEventSchema, LIMITS } from '../../schema/index.js';

type JsonSchema = Record<string, unknown>;
type Target = 'draft-07' | 'draft-2020-12';

/**
 * zod → JSON Schema, closing the two gaps where JSON Schema would accept what
 * zod refuses. (1) zod 4's `z.number()` refuses ±Infinity, which JSON.parse
 * makes of `1e309`; `{type: "number"}` accepts it, so unbounded numbers get
 * ±Number.MAX_VALUE as bounds. (2) The attribute-count `.refine()` has no JSON
 * Schema form, so it becomes `maxProperties`. test/unit/pipeline-validate.test.ts
 * proves ajv and zod agree on a corpus of valid and invalid shapes.
 */
export const toJsonSchema = (schema: z.ZodType, target: Target = 'draft-07'): JsonSchema =>
  z.toJSONSchema(schema, {
    target,
    io: 'input',
    override: ({ zodSchema, jsonSchema }) => {
      const node = jsonSchema as JsonSchema;
      if ((node.type === 'number' || node.type === 'integer') && node.maximum === undefined && node.minimum === undefined) {
        node.minimum = -Number.MAX_VALUE;
        node.maximum = Number.MAX_VALUE;
      }
      if (zodSchema === attributesSchema) node.maxProperties = LIMITS.maxAttributes;
    },
  }) as JsonSchema;

/** Event schemas by dispatch key: `page`, `workflow`, `vital:LCP` … */
export const eventSchemasByKey = (): Map<string, z.ZodType> => {
  const schemas = new Map<string, z.ZodType>([
    ['page', pageEventSchema],
    ['workflow', workflowEventSchema],
  ]);
  for (const option of vitalEventSchema.options) schemas.set(`vital:${option.shape.name.value}`, option);
  return schemas;
};

/** The key that picks an event's schema, or undefined when the event names no known type. */
export const eventKey = (event: unknown): string | undefined => {
  if (typeof event !== 'object' || event === null || !Object.hasOwn(event, 'type')) return undefined;
  const { type } = event as { type: unknown };
  if (type !== 'vital') return typeof type === 'string' ? type : undefined;
  const name = Object.hasOwn(event, 'name') ? (event as { name: unknown }).name : undefined;
  return typeof name === 'string' ? `vital:${name}` : undefined;
};

/** JSON Schema (2020-12, as OpenAPI 3.1 uses) of a complete batch, for /openapi.json. */
export const batchJsonSchema = (): JsonSchema => toJsonSchema(batchSchema, 'draft-2020-12');

/** JSON Schema of the envelope alone (events unchecked), for the fast path. */
export const envelopeJsonSchema = (): JsonSchema => toJsonSchema(envelopeSchema);
