import { createHmac } from 'node:crypto';
import { setTimeout as sleep } from 'node:timers/promises';

/** Header names of a webhook call; docs/alerts.md shows how a receiver checks them. */
export const SIGNATURE_HEADER = 'x-percept-signature';
export const TIMESTAMP_HEADER = 'x-percept-timestamp';
export const DELIVERY_HEADER = 'x-percept-delivery';

/**
 * `sha256=<hex>` of HMAC-SHA256(secret, `<timestamp>.<body>`). The timestamp
 * is signed with the body so a receiver can refuse replays of old calls.
 */
export const sign = (secret: string, timestamp: number, body: string): string =>
  `sha256=${createHmac('sha256', secret).update(`${timestamp}.${body}`).digest('hex')}`;

export interface RetryPolicy {
  /** Attempts in all, the first included. */
  attempts: number;
  /** Wait before the second attempt, ms; doubled before each next one. */
  firstDelayMs: number;
  /** Time limit of one attempt, ms. */
  timeoutMs: number;
}

export const DEFAULT_RETRY: RetryPolicy = { attempts: 6, firstDelayMs: 1000, timeoutMs: 10_000 };

/** The longest a round of attempts can take: every attempt timing out, every wait in between. */
export const roundMs = (policy: RetryPolicy): number => policy.attempts * policy.timeoutMs + policy.firstDelayMs * (2 ** Math.max(0, policy.attempts - 1) - 1);

export interface DeliveryResult {
  delivered: boolean;
  attempts: number;
  /** HTTP status of the last attempt; 0 when none answered. */
  status: number;
  /** Why the last attempt failed; empty when delivered. */
  error: string;
}

/** 408, 429 and 5xx may pass on a later try; other 4xx will not. */
const retriable = (status: number): boolean => status === 408 || status === 429 || status >= 500;

/**
 * POSTs `payload` as signed JSON, retrying network errors, timeouts, 408, 429
 * and 5xx with exponential backoff. Every attempt carries the same delivery
 * id, so a receiver that got a call whose answer was lost can drop the repeat.
 */
export const deliver = async (
  url: string,
  secret: string,
  deliveryId: string,
  payload: unknown,
  policy: RetryPolicy = DEFAULT_RETRY,
  now: () => number = Date.now,
  signal?: AbortSignal,
): Promise<DeliveryResult> => {
  const body = JSON.stringify(payload);
  let status = 0;
  let error = '';
  for (let attempt = 1; attempt <= policy.attempts; attempt++) {
    if (attempt > 1) {
      try {
        await sleep(policy.firstDelayMs * 2 ** (attempt - 2), undefined, { signal });
      } catch {
        return { delivered: false, attempts: attempt - 1, status, error: `${error}; the collector stopped before the next retry` };
      }
    }
    const timestamp = Math.floor(now() / 1000);
    try {
      const response = await fetch(url, {
        method: 'POST',
        headers: {
          'content-type': 'application/json',
          'user-agent': 'percept-alerts',
          [TIMESTAMP_HEADER]: String(timestamp),
          [SIGNATURE_HEADER]: sign(secret, timestamp, body),
          [DELIVERY_HEADER]: deliveryId,
        },
        body,
        signal: signal ? AbortSignal.any([signal, AbortSignal.timeout(policy.timeoutMs)]) : AbortSignal.timeout(policy.timeoutMs),
      });
      status = response.status;
      await response.body?.cancel();
      if (response.ok) return { delivered: true, attempts: attempt, status, error: '' };
      error = `the receiver answered HTTP ${status}`;
      if (!retriable(status)) return { delivered: false, attempts: attempt, status, error };
    } catch (failure) {
      status = 0;
      error = failure instanceof Error ? (failure.cause instanceof Error ? failure.cause.message : failure.message) : String(failure);
    }
  }
  return { delivered: false, attempts: policy.attempts, status, error };
};
