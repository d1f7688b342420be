import fp from 'fastify-plugin';
import { Counter, Gauge } from 'prom-client';
import { ResultCache } from '../api/cache.js';
import { limitedDatabase, limitSeconds, QueryGate } from '../api/limits.js';
import type { ApiResult } from '../api/route.js';
import { readerDirectory, type ReaderDirectory } from '../api/tokens.js';
import { openLockedReader } from '../db/locked-reader.js';
import type { Database } from '../db/types.js';

/** The shared services of the query API. */
export interface ReadApi {
  readers: ReaderDirectory;
  cache: ResultCache<ApiResult>;
  gate: QueryGate;
  /** The reader connection with the per-query limits. */
  db: Database;
  /** The connection for SQL written by a person (POST /query), opened on first use. */
  sql(): Promise<Database>;
}

declare module 'fastify' {
  interface FastifyInstance {
    readApi: ReadApi;
  }
}

/**
 * Read tokens, the result cache (invalidated by the flusher), the concurrency
 * gate and the limited reader connection, plus their metrics on /metrics.
 */
export default fp(
  async (fastify) => {
    const { api, readers } = fastify.config;
    const cache = new ResultCache<ApiResult>({ maxEntries: api.cacheMaxEntries, maxBytes: api.cacheMaxBytes, ttlMs: api.cacheTtlMs });
    const gate = new QueryGate(api.maxConcurrent);
    fastify.ingest.onStored((stored) => cache.invalidate(stored));

    const registers = [fastify.metrics.registry];
    new Gauge({
      name: 'percept_api_cache_entries',
      help: 'Query results held in the API cache.',
      registers,
      collect() {
        this.set(cache.size);
      },
    });
    new Gauge({
      name: 'percept_api_cache_bytes',
      help: 'Size of the query results held in the API cache, bytes (their JSON); at most api.cacheMaxBytes.',
      registers,
      collect() {
        this.set(cache.bytes);
      },
    });
    new Counter({
      name: 'percept_api_cache_hits_total',
      help: 'API calls answered from the cache.',
      registers,
      collect() {
        this.reset();
        this.inc(cache.hits);
      },
    });
    new Counter({
      name: 'percept_api_cache_misses_total',
      help: 'API calls that had to query ClickHouse.',
      registers,
      collect() {
        this.reset();
        this.inc(cache.misses);
      },
    });
    new Gauge({
      name: 'percept_api_cache_hit_ratio',
      help: 'Share of cacheable API calls answered from the cache since the start, 0–1.',
      registers,
      collect() {
        const total = cache.hits + cache.misses;
        this.set(total === 0 ? 0 : cache.hits / total);
      },
    });
    new Gauge({
      name: 'percept_api_queries_in_flight',
      help: 'API queries running on the reader connection.',
      registers,
      collect() {
        this.set(gate.inFlight);
      },
    });

    let sql: Promise<Database> | undefined;
    const openSql = (): Promise<Database> => {
      sql ??= openLockedReader(fastify.config.database, { seconds: limitSeconds(api), maxRows: api.maxResultRows }).catch((error: unknown) => {
        // A failed open is tried again by the next call.
        sql = undefined;
        throw error;
      });
      return sql;
    };
    fastify.addHook('onClose', async () => {
      const opened = await sql?.catch(() => undefined);
      await opened?.close();
    });

    fastify.decorate('readApi', {
      readers: readerDirectory(readers),
      cache,
      gate,
      db: limitedDatabase(fastify.db.reader, api),
      sql: openSql,
    } satisfies ReadApi);
  },
  { name: 'percept-read-api', fastify: '5.x', dependencies: ['percept-config', 'percept-database', 'percept-ingest', 'percept-metrics'] },
);
