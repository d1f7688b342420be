import { uuid } from './lib/id.js';

const KEY = 'percept_session';
/** A session ends after 30 idle minutes, the usual analytics convention. */
export const IDLE_MS = 30 * 60_000;

export interface Session {
  /** The current session id; renewed after `IDLE_MS` without activity. Calling it counts as activity. */
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
        current = stored && at - stored[1] <= IDLE_MS ? stored : [uuid(), at];
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

/** Whether a session is in the sample: a stable function of its random id, so every page of it agrees. */
export const sampled = (id: string, rate: number): boolean => parseInt(id.slice(0, 8), 16) < rate * 2 ** 32;
