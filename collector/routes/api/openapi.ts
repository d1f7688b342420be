import type { ApiRoute } from '../../api/route.js';
import { z } from 'zod';

const FILTER_DOCS: Readonly<Record<string, string>> = {
  env: 'Environment, e.g. production.',
  release: 'Release as the SDK sent it.',
  route: 'Route template as stored, e.g. /orders/:id.',
  device_class: 'mobile, tablet, desktop or other.',
  browser: 'Browser family, e.g. Chrome.',
  os: 'Operating system family, e.g. Android.',
  connection: 'Effective connection type, e.g. 4g.',
  country: 'Country as an ISO 3166-1 alpha-2 code, e.g. NL (derived from the client address, which is then dropped).',
};

const stringParam = (name: string, description: string, required = false, example?: string) => ({
  name,
  in: 'query',
  required,
  description,
  schema: { type: 'string' },
  ...(example !== undefined ? { example } : {}),
});

const parametersOf = (route: ApiRoute) => {
  const out: object[] = [];
  if (route.filters !== 'none') {
    out.push(stringParam('app', 'App id (required); GET /api/v1/apps lists those your token may read.', true, 'shop'));
    out.push(stringParam('from', 'First UTC day, YYYY-MM-DD, inclusive. Default: 6 days before `to`.'));
    out.push(stringParam('to', 'Last UTC day, YYYY-MM-DD, inclusive. Default: today (UTC).'));
    for (const field of route.filters) {
      if (field === 'attrs')
        out.push({
          name: 'attrs',
          in: 'query',
          style: 'deepObject',
          explode: true,
          description: 'Workflow attributes: attrs.plan=pro.',
          schema: { type: 'object', additionalProperties: { type: 'string' } },
        });
      else out.push(stringParam(field, FILTER_DOCS[field] ?? field));
    }
  }
  const pathNames = [...route.path.matchAll(/:(\w+)/g)].map((m) => m[1]!);
  for (const [name, schema] of Object.entries(route.params?.shape ?? {})) {
    const json = z.toJSONSchema(schema as z.ZodType, { io: 'input', unrepresentable: 'any' }) as Record<string, unknown>;
    delete json.$schema;
    const inPath = pathNames.includes(name);
    out.push({
      name,
      in: inPath ? 'path' : 'query',
      // Required when the schema takes no missing value (a, name): path parameters always are.
      required: inPath || !(schema as z.ZodType).safeParse(undefined).success,
      description: (json.description as string | undefined) ?? name,
      schema: json,
      ...(route.example[name] !== undefined ? { example: route.example[name] } : {}),
    });
  }
  if (route.table) out.push(stringParam('format', 'json (default) or csv; `Accept: text/csv` also selects CSV.'));
  return out;
};

const error = (description: string) => ({ description, content: { 'application/json': { schema: { $ref: '#/components/schemas/Error' } } } });

/** POST /query: read-only SQL for tokens of every app. */
const queryOperation = (maxSqlLength: number) => ({
  post: {
    summary: 'Run one read-only SQL statement (tokens for every app only)',
    description:
      "SELECT, WITH, SHOW, DESCRIBE, EXISTS or EXPLAIN on the collector's database, under the API limits (time, rows, concurrency) " +
      'on a connection with readonly = 1: writes, DDL, SET, SETTINGS clauses and file-reading table functions are refused. ' +
      "A token limited to some apps gets 403: SQL can read any app's rows. Not cached; the statement is written to the audit log. " +
      'data is the rows, one object per row.',
    requestBody: {
      required: true,
      content: {
        'application/json': {
          schema: {
            type: 'object',
            required: ['sql'],
            additionalProperties: false,
            properties: {
              sql: {
                type: 'string',
                maxLength: maxSqlLength,
                description: 'One statement; a trailing ; is allowed.',
                example: "SELECT release, count() AS n FROM vitals WHERE app = 'shop' GROUP BY release",
              },
              format: { type: 'string', enum: ['json', 'csv'], default: 'json' },
            },
          },
        },
      },
    },
    responses: {
      '200': {
        description: 'The rows.',
        content: { 'application/json': { schema: { $ref: '#/components/schemas/Answer' } }, 'text/csv': { schema: { type: 'string' } } },
      },
      '400': error('The body is invalid (`bad_filter`), the statement is not read-only (`read_only`), or ClickHouse could not run it (`bad_sql`).'),
      '401': error('No valid read token (`unauthorized`).'),
      '403': error('The token is limited to some apps (`forbidden`): SQL cannot be limited to some apps.'),
      '422': error('The statement went over the time or row limit (`query_limit`).'),
      '429': error('Too many queries at once (`too_busy`); see Retry-After.'),
      '503': error('ClickHouse does not answer (`database_unavailable`); see Retry-After.'),
    },
  },
});

/** The OpenAPI 3.1 document of the read API, written from the route registry. */
export const readApiDocument = (routes: readonly ApiRoute[], maxSqlLength: number) => ({
  openapi: '3.1.0',
  info: {
    title: 'percept query API',
    version: '1',
    description:
      'Token-scoped, audited read API of the percept collector. Every answer is { filters, params, data, meta: { method, cached, rows } }. See docs/api.md.',
  },
  servers: [{ url: '/api/v1' }],
  security: [{ readToken: [] }],
  paths: Object.fromEntries([
    ...routes.map((route) => [
      `/${route.path.replace(/:(\w+)/g, '{$1}')}`,
      {
        get: {
          summary: route.summary,
          description: route.description,
          parameters: parametersOf(route),
          responses: {
            '200': {
              description: 'The answer.',
              content: {
                'application/json': { schema: { $ref: '#/components/schemas/Answer' } },
                ...(route.table ? { 'text/csv': { schema: { type: 'string' } } } : {}),
              },
            },
            '400': error('A parameter is invalid (`bad_filter`); each problem names it.'),
            '401': error('No valid read token (`unauthorized`).'),
            '403': error("The app is outside the token's scope (`forbidden`); the same answer whether the app exists or not."),
            '422': error('The query went over the time or row limit (`query_limit`).'),
            '429': error('Too many queries at once (`too_busy`); see Retry-After.'),
            '503': error('ClickHouse does not answer (`database_unavailable`); see Retry-After.'),
          },
        },
      },
    ]),
    ['/query', queryOperation(maxSqlLength)],
  ]),
  components: {
    securitySchemes: {
      readToken: { type: 'http', scheme: 'bearer', description: 'A read token from the collector config ("readers") or PERCEPT_READ_TOKENS.' },
    },
    schemas: {
      Answer: {
        type: 'object',
        required: ['filters', 'data', 'meta'],
        properties: {
          filters: { type: 'object', description: 'The filters applied, defaults filled in.' },
          params: { type: 'object', description: "The endpoint's own parameters, defaults filled in." },
          data: { description: "The endpoint's answer; shapes in docs/api.md." },
          meta: {
            type: 'object',
            properties: { method: { type: 'string' }, cached: { type: 'boolean' }, rows: { type: 'integer' } },
          },
        },
      },
      Error: {
        type: 'object',
        properties: {
          error: {
            type: 'object',
            properties: {
              code: {
                type: 'string',
                enum: [
                  'bad_filter',
                  'bad_sql',
                  'read_only',
                  'unauthorized',
                  'forbidden',
                  'not_found',
                  'query_limit',
                  'too_busy',
                  'database_unavailable',
                  'internal_error',
                ],
              },
              message: { type: 'string' },
              problems: {
                type: 'array',
                items: { type: 'object', properties: { field: { type: 'string' }, path: { type: 'string' }, message: { type: 'string' } } },
              },
            },
          },
        },
      },
    },
  },
});
