import type { AuditRow } from '../spool/batch-records.js';
import { toClickHouseTime } from '../rows/time.js';

/** What the audit hook learns about one API call as it is handled. */
export interface ApiCall {
  startedAt: number;
  /** The reader's name once its token is verified; '' before (and for refused tokens). */
  actor: string;
  /** Apps the call asked to read. */
  apps: string[];
  rows: number;
  cached: boolean;
  /** Error code when the call failed. */
  error: string;
  /** What the audit row records as params, when the call's input is not its query string (the SQL of POST /query). */
  params?: string;
}

export const newCall = (startedAt: number): ApiCall => ({ startedAt, actor: '', apps: [], rows: 0, cached: false, error: '' });

/**
 * The parameters as recorded: values of the parameters the endpoint knows,
 * and only the names of the others, whose values could be a secret pasted
 * into the wrong place. The token itself travels in a header and is never here.
 */
export const recordedParams = (query: Readonly<Record<string, unknown>>, known: (name: string) => boolean): string => {
  const out: Record<string, unknown> = {};
  for (const [name, value] of Object.entries(query)) out[name] = known(name) ? value : '(not recorded)';
  return JSON.stringify(out);
};

export const auditRow = (call: ApiCall, endpoint: string, params: string, status: number, now: number): AuditRow => ({
  time: toClickHouseTime(call.startedAt),
  actor: call.actor,
  apps: call.apps,
  query: endpoint,
  params,
  rows: call.rows,
  duration_ms: Math.max(0, now - call.startedAt),
  status: String(status),
  error: call.error,
  cached: call.cached,
});
