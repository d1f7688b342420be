import { forgetToken, readToken } from './token.js';

/** Every answer of the read API. */
export interface Answer<D> {
  filters: Record<string, unknown>;
  data: D;
  meta: { method: string; cached: boolean; rows: number };
}

/** A refused or failed call, with the sentence to show. */
export class ApiError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
  ) {
    super(message);
  }
}

/** Called when the token stops working, so the shell can ask for a new one. */
let onUnauthorized: (message: string) => void = () => undefined;
export const whenUnauthorized = (handler: (message: string) => void): void => {
  onUnauthorized = handler;
};

/**
 * The API runs a few queries at once and answers 429 to more (docs/api.md),
 * so the page keeps at most this many calls in flight and queues the rest.
 */
const MAX_IN_FLIGHT = 3;
/** A 429 is retried after its Retry-After this many times before it is shown. */
const BUSY_RETRIES = 4;
/**
 * `first`: a call the view needs to be usable; `later`: an extra drawn after
 * it. The API has one reader connection, so calls run in the order they are
 * sent: a `later` call is sent only while no `first` call is running or
 * waiting, so the extras of a view never hold up its (or the next view's)
 * numbers.
 */
export type Priority = 'first' | 'later';

const running: Record<Priority, number> = { first: 0, later: 0 };
const waiting: { go: () => void; priority: Priority }[] = [];

const startWaiting = () => {
  while (waiting.length > 0 && running.first + running.later < MAX_IN_FLIGHT) {
    const first = waiting.findIndex((waiter) => waiter.priority === 'first');
    if (first === -1 && running.first > 0) return;
    const [next] = waiting.splice(Math.max(first, 0), 1);
    running[next!.priority] += 1;
    next!.go();
  }
};

const slot = async (priority: Priority): Promise<() => void> => {
  await new Promise<void>((go) => {
    waiting.push({ go, priority });
    startWaiting();
  });
  return () => {
    running[priority] -= 1;
    startWaiting();
  };
};

const pause = (seconds: number) => new Promise((resolve) => setTimeout(resolve, Math.min(10, Math.max(0.2, seconds)) * 1000));

const sentence = async (response: Response): Promise<{ code: string; message: string }> => {
  try {
    const body = (await response.json()) as { error?: { code?: string; message?: string } };
    if (body.error?.message) return { code: body.error.code ?? 'error', message: body.error.message };
  } catch {
    // Not JSON (a proxy's page, say): fall through to the status line.
  }
  return { code: 'error', message: `The collector answered ${response.status} ${response.statusText}.` };
};

/**
 * GET /api/v1/<path> with the session's read token (or `token`). Errors
 * become ApiError with the API's own sentence; a 401 also forgets the token.
 */
export const apiGet = async <D>(
  path: string,
  query: URLSearchParams,
  { token = readToken(), priority = 'first' }: { token?: string | null; priority?: Priority } = {},
): Promise<Answer<D>> => {
  if (!token) throw new ApiError(401, 'unauthorized', 'Sign in with a read token first.');
  const search = query.toString();
  let response: Response;
  for (let attempt = 0; ; attempt += 1) {
    const release = await slot(priority);
    try {
      response = await fetch(`/api/v1/${path}${search ? `?${search}` : ''}`, {
        headers: { authorization: `Bearer ${token}`, accept: 'application/json' },
        credentials: 'omit',
      });
    } catch {
      throw new ApiError(0, 'network', 'The collector did not answer. Is it running? Reload the page once it is back.');
    } finally {
      release();
    }
    if (response.status !== 429 || attempt >= BUSY_RETRIES) break;
    await pause(Number(response.headers.get('retry-after')) || 1);
  }
  if (response.ok) return (await response.json()) as Answer<D>;
  const { code, message } = await sentence(response);
  if (response.status === 401 && token === readToken()) {
    forgetToken();
    onUnauthorized(message);
  }
  if (response.status === 429) {
    const wait = response.headers.get('retry-after');
    throw new ApiError(429, code, `${message}${wait ? ` Try again in ${wait} s.` : ''}`);
  }
  if (response.status === 404 && code === 'error') {
    throw new ApiError(404, 'not_found', `This collector has no /api/v1/${path.split('?')[0]} yet: update percept to see this part.`);
  }
  throw new ApiError(response.status, code, message);
};
