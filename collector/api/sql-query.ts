import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { z } from 'zod';
import { DatabaseError } from '../db/database-error.js';
import type { Database } from '../db/types.js';
import { PerceptError, perceptError } from '../errors.js';
import { newCall } from './audit.js';
import { toCsv } from './csv.js';
import { authenticate } from './handler.js';
import { limitError, limitSeconds } from './limits.js';

/** Longest statement accepted, characters. */
export const MAX_SQL_LENGTH = 100_000;
/** Characters of the statement kept in its audit row. */
const AUDITED_SQL = 4000;

const bodySchema = z.strictObject({
  sql: z.string().trim().min(1, 'is empty: send one read-only statement').max(MAX_SQL_LENGTH, `is longer than ${MAX_SQL_LENGTH} characters`),
  format: z.enum(['json', 'csv']).default('json'),
});

/** Statement kinds that only read. */
const READ_KEYWORDS = new Set(['SELECT', 'WITH', 'SHOW', 'DESCRIBE', 'DESC', 'EXISTS', 'EXPLAIN', '(']);

/**
 * The statement as ClickHouse's own parser reads it, on one line, comments
 * gone: exactly one statement (chDB would otherwise run every statement of
 * `a; b` and leave the first one's rows on the connection for the next
 * call). The text travels as a query parameter, never spliced into SQL.
 */
const parsed = async (db: Database, sql: string): Promise<string> => {
  const [row] = await db.query<{ q: string }>('SELECT formatQuerySingleLine({sql:String}) AS q', { sql });
  return row!.q;
};

/**
 * The first keyword, for a refusal that names it. A courtesy: what keeps
 * the endpoint read-only is the connection's `readonly = 1`
 * (collector/db/locked-reader.ts), not this look.
 */
const firstKeyword = (formatted: string): string => /^(\(|[A-Za-z]+)/.exec(formatted)?.[1]?.toUpperCase() ?? '';

/** A failed statement as the API error a person can act on. */
const statementError = (error: unknown, seconds: number): unknown => {
  if (error instanceof PerceptError) return error;
  const limited = limitError(error, seconds, 'add a LIMIT, narrow the WHERE clause, or read a rollup (*_daily)');
  if (limited) return limited;
  if (!(error instanceof DatabaseError) || error.code === undefined || !/^\d+$/.test(error.code)) return error;
  const reason = error.cause instanceof Error ? error.cause.message.trim() : error.message;
  if (error.type === 'READONLY' || error.code === '164') {
    return perceptError('read_only', { message: `POST /api/v1/query runs read-only statements; ClickHouse refused this one: ${reason}` });
  }
  return perceptError('bad_sql', { message: `ClickHouse could not run the statement: ${reason} (${error.code} ${error.type ?? ''})`.replace(' )', ')') });
};

/**
 * POST /api/v1/query: one read-only statement → its rows. Token (401) → a
 * token for every app, since SQL can read any app's rows (403) → body (400)
 * → concurrency gate (429) → the locked-down connection, whose settings hold
 * the time and row limits (422). Never cached; the statement is audited.
 */
export const sqlQueryHandler = (fastify: FastifyInstance) => async (request: FastifyRequest, reply: FastifyReply) => {
  const call = request.apiCall ?? newCall(Date.now());
  const reader = authenticate(fastify, request);
  call.actor = reader.name;
  call.apps = ['*'];
  const raw = (typeof request.body === 'object' && request.body !== null ? request.body : {}) as Record<string, unknown>;
  call.params = JSON.stringify({ sql: typeof raw.sql === 'string' ? raw.sql.slice(0, AUDITED_SQL) : null, format: raw.format ?? null });
  if (reader.apps !== '*') {
    throw perceptError('forbidden', {
      message:
        `POST /api/v1/query needs a read token for every app ("apps": ["*"]): a SQL statement can read any app's rows, ` +
        `so it cannot be limited to some apps. This token reads ${reader.apps.join(', ')}; use the other endpoints, or a token for every app.`,
    });
  }
  const body = bodySchema.safeParse(raw);
  if (!body.success) {
    const problems = body.error.issues.map((issue) => ({
      field: issue.path.join('.') || 'body',
      path: issue.path.join('.') || 'body',
      message: issue.message,
    }));
    throw perceptError('bad_filter', {
      message: `Send {"sql": "SELECT …", "format": "json" | "csv"} as JSON: ${problems.map((p) => `${p.field} ${p.message}`).join('; ')}.`,
      problems,
    });
  }
  const seconds = limitSeconds(fastify.config.api);
  const release = fastify.readApi.gate.enter();
  let rows: Record<string, unknown>[];
  try {
    const sql = await parsed(fastify.readApi.db, body.data.sql);
    const keyword = firstKeyword(sql);
    if (!READ_KEYWORDS.has(keyword)) {
      throw perceptError('read_only', {
        message: `POST /api/v1/query runs read-only statements (SELECT, WITH, SHOW, DESCRIBE, EXISTS, EXPLAIN); this one starts with ${keyword || 'something else'}.`,
      });
    }
    rows = await (await fastify.readApi.sql()).query<Record<string, unknown>>(sql);
  } catch (error) {
    throw statementError(error, seconds);
  } finally {
    release();
  }
  call.rows = rows.length;
  if (body.data.format === 'csv') return reply.type('text/csv; charset=utf-8').send(toCsv(rows));
  return reply.type('application/json; charset=utf-8').send({
    filters: {},
    params: { format: body.data.format },
    data: rows,
    meta: { method: 'your statement, read-only, under the API limits', cached: false, rows: rows.length },
  });
};
