import { randomUUID } from 'node:crypto';
import type { FastifyBaseLogger } from 'fastify';
import type { ProcessedBatch } from '../../collector/pipeline/types.js';
import { scrubBatch, type ScrubbedBatch } from '../../collector/scrub/index.js';
import { exampleBatch, processedFrom } from './batches.js';

/** A batch as the intake hands it to the spool: events rated, times corrected, no IP, no UA, scrubbed. */
export const processedBatch = (overrides: Partial<ProcessedBatch> = {}, now = Date.now()): ScrubbedBatch =>
  scrubBatch(processedFrom(exampleBatch({ batch_id: randomUUID() }, now), overrides));

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
