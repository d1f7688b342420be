import { id } from './lib/id.js';

const KEY = 'percept_session';
/** A session ends after 30 idle minutes, the usual analytics convention. */
export const IDLE_MS = 30 * 60_000;

export interface Session {
  /**
   * The current session id; renewed after `IDLE_MS` without activity. Calling it counts as activity:
   * the client calls it at each send (5 s after events at most), and reads storage only on the first call.
   */
  _id: (at?: number) => string;
  /** Writes the session to sessionStorage; called only when sending, so never before consent. */
  _save: () => void;
}

/**
 * The anonymous session: a random id in sessionStorage (one tab, gone when it
 * closes), kept in memory where storage is unavailable. No cookies.
 */
export const createSession = (): Session => {
  let current: [string, number] | undefined;
  return {
    _id: (at = Date.now()) => {
      if (!current || at - current[1] > IDLE_MS) {
        let stored: [string, number] | undefined;
        try {
          stored = JSON.parse(sessionStorage[KEY]);
        } catch {}
        current = stored && at - stored[1] <= IDLE_MS ? stored : [id(), at];
      }
      current[1] = at;
      return current[0];
    },
    _save: () => {
      try {
        sessionStorage[KEY] = JSON.stringify(current);
      } catch {}
    },
  };
};

/**
 * Whether a session is in the sample: a stable function of its random id, so
 * every page of it agrees. The id's first 4 characters are 24 random bits in
 * base64 (`_` read as `/`).
 */
export const sampled = (session: string, rate: number): boolean => {
  const bits = [...atob(session.slice(0, 4).replace(/_/g, '/'))].reduce((n, c) => n * 256 + c.charCodeAt(0), 0);
  return bits < rate * 2 ** 24;
};
