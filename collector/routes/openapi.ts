import type { FastifyInstance } from 'fastify';
import { CATALOGUE, READ_API_CODES, type ErrorCode } from '../errors.js';
import { batchJsonSchema } from '../pipeline/json-schema.js';
import { acceptedSchema, errorSchema } from './v1-batch-schemas.js';

const errorResponse = (description: string) => ({
  description,
  content: { 'application/json': { schema: { $ref: '#/components/schemas/Error' } } },
});

const codesOf = (status: number): string =>
  Object.entries(CATALOGUE)
    .filter(([name, [code]]) => code === status && !READ_API_CODES.has(name as ErrorCode))
    .map(([name]) => `\`${name}\``)
    .join(', ');

/** The OpenAPI 3.1 document of the ingest endpoint; the batch schema is generated from the zod contract. */
export const openApiDocument = (version: string) => {
  const { $schema: _ignored, ...batch } = batchJsonSchema();
  return {
    openapi: '3.1.0',
    info: { title: 'percept collector', version, description: 'Ingest endpoint of the percept collector. Wire format v1.' },
    paths: {
      '/v1/batch': {
        post: {
          summary: 'Send one batch of events',
          description:
            'Body as application/json or text/plain (sendBeacon), optionally Content-Encoding gzip, deflate or br. ' +
            'Invalid events are dropped and listed; envelope errors refuse the whole batch. A batch id seen before is acknowledged, not stored again.',
          parameters: [{ name: 'key', in: 'query', required: false, schema: { type: 'string' }, description: 'Public ingest key, when not in the body.' }],
          requestBody: {
            required: true,
            content: {
              'application/json': { schema: { $ref: '#/components/schemas/Batch' } },
              'text/plain': { schema: { $ref: '#/components/schemas/Batch' } },
            },
          },
          responses: {
            '202': { description: 'Stored durably (or stored before).', content: { 'application/json': { schema: acceptedSchema } } },
            '400': errorResponse(`Malformed or invalid: ${codesOf(400)}.`),
            '401': errorResponse(`No or unknown key: ${codesOf(401)}.`),
            '403': errorResponse(`Key or origin not allowed: ${codesOf(403)}.`),
            '413': errorResponse('Body larger than the limit after decompression.'),
            '415': errorResponse(`Media type or encoding not supported: ${codesOf(415)}.`),
            '429': errorResponse('Rate limited; see Retry-After.'),
            '503': errorResponse('Spool full or shutting down; see Retry-After.'),
          },
        },
      },
    },
    components: { schemas: { Batch: batch, Error: errorSchema } },
  };
};

/** `GET /openapi.json`. */
export default async function openApiRoutes(fastify: FastifyInstance): Promise<void> {
  const document = JSON.stringify(openApiDocument('1'));
  fastify.get('/openapi.json', async (_request, reply) => reply.type('application/json; charset=utf-8').send(document));
}
