import { randomUUID } from 'node:crypto';
import type { FastifyBaseLogger } from 'fastify';
import type { ProcessedBatch, ProcessedEvent } from '../../collector/pipeline/types.js';
import { exampleEvents } from '../fixtures/batches.js';

/** A batch as the pipeline hands it to the spool: events rated, times corrected, no IP, no UA. */
export const processedBatch = (overrides: Partial<ProcessedBatch> = {}, now = Date.now()): ProcessedBatch => ({
  app: 'demo',
  batch_id: randomUUID(),
  session_id: 'sess-0000000001',
  page_id: 'page-0000000001',
  received_at: now,
  clock_skew_ms: 0,
  sdk: '0.1.0',
  release: '2026.11.1',
  env: 'production',
  client: { viewport_width: 1280, viewport_height: 800, device_memory: 8, cores: 8, connection: '4g' },
  ua: { browser: 'Chrome', browser_major: 130, os: 'Linux', device_class: 'desktop' },
  user_hash: '',
  retention_days: 90,
  sample_rate: 1,
  events: exampleEvents(now).map((e): ProcessedEvent => (e.type === 'vital' ? { ...e, rating: 'good' } : e)),
  ...overrides,
});

export interface LogLine {
  level: string;
  msg: string;
}

/** A logger that keeps what was logged, so tests can check what a person would read. */
export const recordingLogger = (lines: LogLine[] = []): FastifyBaseLogger & { lines: LogLine[] } => {
  const at =
    (level: string) =>
    (...args: unknown[]): void => {
      const msg = args.find((a): a is string => typeof a === 'string') ?? '';
      lines.push({ level, msg });
    };
  const logger = {
    lines,
    level: 'info',
    fatal: at('fatal'),
    error: at('error'),
    warn: at('warn'),
    info: at('info'),
    debug: at('debug'),
    trace: at('trace'),
    silent: at('silent'),
    child: () => logger,
  };
  return logger as unknown as FastifyBaseLogger & { lines: LogLine[] };
};
