import type { ClientContext, Event, PageEvent, Rating, VitalEvent, WorkflowEvent } from '../../schema/index.js';

/** What the collector derives from the User-Agent header before dropping it. */
export interface ClientInfo {
  browser: string;
  browser_major: number;
  os: string;
  /** `bot` for crawlers, previewers, monitors and HTTP libraries: the flag the analysis filters on. */
  device_class: 'desktop' | 'mobile' | 'tablet' | 'bot' | 'unknown';
  /** Device model as the parser knows it (`iPhone`, `Pixel 7`, `SM-S918B`); '' when unknown. Absent in batches spooled before it existed. */
  device_model?: string;
}

/** A vital with the rating the collector computed from the official thresholds. */
export type RatedVital = VitalEvent & { rating: Rating };

/** An event after enrichment and scrubbing: times are server-corrected epoch ms. */
export type ProcessedEvent = PageEvent | RatedVital | WorkflowEvent;

/**
 * A batch after validate → enrich → scrub: the only shape that is turned into
 * rows and may touch disk. It holds no client IP (only the country derived
 * from it) and no raw User-Agent.
 */
export interface ProcessedBatch {
  app: string;
  batch_id: string;
  session_id: string;
  page_id: string;
  /** Url and route template of the envelope's page view; events of that page view are filed under them. */
  url?: string;
  route?: string;
  /** Server receive time, epoch ms. */
  received_at: number;
  /** received_at − sent_at, ms: what was added to every event time. */
  clock_skew_ms: number;
  sdk: string;
  release: string;
  env: string;
  client: ClientContext;
  ua: ClientInfo;
  /** ISO 3166-1 alpha-2 country of the client address, '' when unknown or off. Absent in batches spooled before it existed. */
  country?: string;
  /** Keyed HMAC of the app's user id, '' when none was sent. */
  user_hash: string;
  /** The app's retentionDays when the batch was accepted: every row of it expires that many days after its time. */
  retention_days: number;
  /** The app's sampleRate when the batch was accepted (0 < rate ≤ 1): each stored row stands for 1 / sample_rate rows before sampling. */
  sample_rate: number;
  events: ProcessedEvent[];
}

export type { Event };
