export { openIngest } from './open-ingest.js';
export { SpoolClosingError } from './acceptor.js';
export { SpoolFullError } from './types.js';
export type { AcceptResult, CounterOutcome, Ingest, IngestOptions, SpoolTuning } from './types.js';
