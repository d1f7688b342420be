import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { perceptError } from '../errors.js';
import { auditRow, newCall, recordedParams, type ApiCall } from './audit.js';
import { toCsv } from './csv.js';
import { parseQuery, type Format, type ParamProblem } from './params.js';
import type { ApiResult, ApiRoute } from './route.js';
import { mayRead, scopeKey, type Reader } from './tokens.js';

declare module 'fastify' {
  interface FastifyRequest {
    /** Set on every request under /api/v1/ for the audit row. */
    apiCall: ApiCall | null;
  }
  interface FastifyContextConfig {
    /** The registry entry a route was made from. */
    api?: ApiRoute;
  }
}

const BEARER = /^Bearer +([^\s]+) *$/i;

/** The reader of the call, or 401: a missing, malformed and an unknown token all get the same answer. */
export const authenticate = (fastify: FastifyInstance, request: FastifyRequest): Reader => {
  const header = request.headers.authorization;
  const token = typeof header === 'string' ? BEARER.exec(header)?.[1] : undefined;
  const reader = token === undefined ? undefined : fastify.readApi.readers.verify(token);
  if (!reader) throw perceptError('unauthorized');
  return reader;
};

const wantsCsv = (request: FastifyRequest, format: Format, asked: boolean): boolean =>
  asked ? format === 'csv' : /\btext\/csv\b/i.test(request.headers.accept ?? '');

/** The route's own and common parameter names: their values are recorded in the audit log. */
export const knownParam = (route: ApiRoute) => {
  const own = route.params ? Object.keys(route.params.shape) : [];
  return (name: string): boolean =>
    name === 'format' ||
    own.includes(name) ||
    (route.filters !== 'none' && (['app', 'from', 'to'].includes(name) || name.startsWith('attrs.') || (route.filters as readonly string[]).includes(name)));
};

/**
 * Every read-API call, in order: token (401) → the app against the token's
 * scope (403, before anything else is checked, so the answer is the same
 * whether the app exists or not) → parameters (400) → cache → concurrency
 * gate (429) → the query on the limited reader connection → JSON or CSV.
 */
export const apiHandler = (fastify: FastifyInstance, route: ApiRoute) => async (request: FastifyRequest, reply: FastifyReply) => {
  const call = request.apiCall ?? newCall(Date.now());
  const reader = authenticate(fastify, request);
  call.actor = reader.name;
  const query = (request.query ?? {}) as Record<string, unknown>;
  if (route.filters !== 'none' && typeof query.app === 'string') {
    // Capped: the audit row must not grow with whatever a caller sends; app ids are at most 64 characters.
    call.apps = [query.app.slice(0, 64)];
    if (!mayRead(reader, query.app)) throw perceptError('forbidden');
  }
  const parsed = parseQuery(query, (request.params ?? {}) as Record<string, string>, route, Date.now());
  const filters = parsed.filters ?? { app: '', from: '', to: '' };
  const csv = wantsCsv(request, parsed.format, typeof query.format === 'string');
  if (csv && !route.table) {
    const problem: ParamProblem = { field: 'format', path: 'format', message: 'this endpoint answers JSON only' };
    throw perceptError('bad_filter', { message: 'This endpoint answers JSON only: leave out format=csv.', problems: [problem] });
  }

  const { cache, gate, db } = fastify.readApi;
  const key = JSON.stringify([scopeKey(reader), route.path, filters, parsed.params]);
  let result: ApiResult | undefined = route.cacheable === false ? undefined : cache.get(key);
  call.cached = result !== undefined;
  if (!result) {
    const release = gate.enter();
    const scope = { app: parsed.filters?.app, from: parsed.filters?.from, to: parsed.filters?.to, reads: route.reads };
    const generation = cache.generation(scope);
    try {
      result = await route.run({ db, filters, params: parsed.params, reader, configuredApps: [...fastify.config.apps.keys()], config: fastify.config });
    } finally {
      release();
    }
    if (route.cacheable !== false) cache.set(key, scope, result, generation);
  }
  call.rows = result.rows;
  if (route.filters === 'none' && Array.isArray(result.data)) call.apps = result.data.map((row) => String((row as { app?: unknown }).app));

  if (csv) return reply.type('text/csv; charset=utf-8').send(toCsv(route.table!(result.data)));
  return reply.type('application/json; charset=utf-8').send({
    filters: parsed.filters ?? {},
    params: parsed.params,
    data: result.data,
    meta: { method: result.method, cached: call.cached, rows: result.rows },
  });
};

/**
 * Hooks of the /api/v1 context: a call record on every request, the error
 * code on failure, and one audit row per call once the answer is sent. The
 * row goes to the spool without being awaited, so it never delays an answer.
 */
export const auditHooks = (fastify: FastifyInstance): void => {
  fastify.decorateRequest('apiCall', null);
  fastify.addHook('onRequest', async (request) => {
    request.apiCall = newCall(Date.now());
  });
  fastify.addHook('onError', async (request, _reply, error) => {
    if (!request.apiCall) return;
    const code = (error as { code?: unknown }).code;
    request.apiCall.error = typeof code === 'string' && /^[a-z_]+$/.test(code) ? code : 'internal_error';
  });
  fastify.addHook('onResponse', async (request, reply) => {
    const call = request.apiCall;
    if (!call) return;
    const route = request.routeOptions.config.api;
    const query = (request.query ?? {}) as Record<string, unknown>;
    const params = call.params ?? recordedParams(query, route ? knownParam(route) : () => false);
    if (reply.statusCode >= 400 && call.error === '') call.error = reply.statusCode === 404 ? 'not_found' : 'error';
    fastify.ingest.audit(auditRow(call, request.routeOptions.url ?? '(unmatched)', params, reply.statusCode, Date.now()));
  });
};
